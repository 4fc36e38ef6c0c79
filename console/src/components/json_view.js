// A record's value (or key) pretty-printed: JSON indented and coloured, text as is, base64
// labelled as such.
import { html } from '../html.js'
import { renderPayload } from '../format.js'

const token = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g

function highlight (text) {
  const parts = []
  let last = 0
  for (const match of text.matchAll(token)) {
    if (match.index > last) parts.push(text.slice(last, match.index))
    const [whole, string, colon, literal, number] = match
    if (string) {
      parts.push(html`<span class=${colon ? 'j-key' : 'j-string'}>${string}</span>`)
      if (colon) parts.push(colon)
    } else if (literal) {
      parts.push(html`<span class="j-literal">${literal}</span>`)
    } else if (number) {
      parts.push(html`<span class="j-number">${number}</span>`)
    } else {
      parts.push(whole)
    }
    last = match.index + whole.length
  }
  parts.push(text.slice(last))
  return parts
}

export function JsonView ({ payload, format }) {
  const text = renderPayload(payload, format)
  if (format === 'json') return html`<pre class="json" data-format="json">${highlight(text)}</pre>`
  return html`<pre class=${'json plain ' + (format || '')} data-format=${format || 'text'}>${
    format === 'base64' ? html`<span class="badge">base64</span> ` : null}${text}</pre>`
}
