// A record's value (or key) pretty-printed: JSON indented and coloured, text as is (control
// characters as visible escapes), base64 labelled as such.
import { html } from '../html.js'
import { renderPayload, splitControls } from '../format.js'

const ESCAPES_HINT = 'Holds control characters, shown as \\xNN escapes (a backslash as \\\\)'

// Text as is, or, when it holds control characters, with them as marked escapes.
export function SafeText ({ text }) {
  const parts = splitControls(text)
  if (!parts) return text
  return html`<span class="escaped" title=${ESCAPES_HINT}>${parts.map((p) =>
    p.escape ? html`<span class="esc">${p.text}</span>` : p.text)}</span>`
}

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
    format === 'base64' ? html`<span class="badge">base64</span> ` : null}<${SafeText} text=${text} /></pre>`
}
