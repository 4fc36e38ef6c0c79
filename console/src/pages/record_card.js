// One record as a card: where it is (partition, offset, time), its key, its headers, and its
// value pretty-printed.
import { html } from '../html.js'
import { formatTime, headerList } from '../format.js'
import { JsonView, SafeText } from '../components/json_view.js'

export function RecordCard ({ record }) {
  const headers = headerList(record.headers)
  const key = record.key_format === 'null' || record.key === null || record.key === undefined
    ? html`<span class="muted">no key</span>`
    : html`key <code class="key">${record.key_format === 'json' ? JSON.stringify(record.key) : html`<${SafeText} text=${record.key} />`}</code>${
        record.key_format === 'base64' ? html` <span class="badge">base64</span>` : null}`
  return html`<article class="record" data-partition=${record.partition} data-offset=${record.offset}>
    <div class="record-meta">
      <span class="pill">partition ${record.partition}</span>
      <span class="pill">offset ${record.offset}</span>
      <span class="muted">${formatTime(record.timestamp)}</span>
      <span class="record-key">${key}</span>
    </div>
    ${headers.length
      ? html`<div class="headers">${headers.map((h) => html`<span class="header-chip">
          <b><${SafeText} text=${h.key} /></b>: ${h.value_format === 'base64' ? html`<i>base64</i> ` : null}<${SafeText} text=${h.value} /></span>`)}</div>`
      : null}
    <${JsonView} payload=${record.value} format=${record.value_format} />
  </article>`
}
