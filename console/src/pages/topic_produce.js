// The produce form: a key, a value (JSON checked before sending, text, or base64), headers
// and a partition; the answer says where the record landed, with a link to see it.
import { useState } from 'preact/hooks'
import { html } from '../html.js'
import { api, topicPath } from '../api.js'
import { link } from '../router.js'
import { ErrorBox, Notice } from '../components/common.js'
import { PartitionSelect } from './topic_messages.js'

const EXAMPLE = '{\n  "id": 1,\n  "message": "hello"\n}'

function HeaderRows ({ headers, setHeaders }) {
  const update = (index, field, value) =>
    setHeaders(headers.map((h, i) => (i === index ? { ...h, [field]: value } : h)))
  return html`<fieldset class="header-rows">
    <legend>Headers</legend>
    ${headers.length === 0 ? html`<div class="muted small">No headers.</div>` : null}
    ${headers.map((h, i) => html`<div class="header-row">
      <input aria-label=${'Header ' + (i + 1) + ' name'} placeholder="name" value=${h.key}
        onInput=${(e) => update(i, 'key', e.target.value)} />
      <input aria-label=${'Header ' + (i + 1) + ' value'} placeholder="value" value=${h.value}
        onInput=${(e) => update(i, 'value', e.target.value)} />
      <button type="button" aria-label="Remove header" onClick=${() => setHeaders(headers.filter((_, j) => j !== i))}>×</button>
    </div>`)}
    <button type="button" class="link-button" onClick=${() => setHeaders([...headers, { key: '', value: '' }])}>+ Add header</button>
  </fieldset>`
}

function buildRecord ({ key, value, format, headers, partition }) {
  const record = {}
  if (key !== '') record.key = key
  if (format === 'json') {
    try {
      record.value = JSON.parse(value)
    } catch (e) {
      throw Object.assign(new Error(), {
        title: 'The value is not valid JSON',
        detail: `${e.message}. Fix it, or choose "Text" to send it as is.`
      })
    }
  } else {
    record.value = value
  }
  const named = headers.filter((h) => h.key !== '')
  if (named.length) record.headers = named.map((h) => ({ key: h.key, value: h.value }))
  if (partition !== '') record.partition = Number(partition)
  return record
}

export function ProduceForm ({ topic, partitions, onProduced }) {
  const [key, setKey] = useState('')
  const [value, setValue] = useState(EXAMPLE)
  const [format, setFormat] = useState('json')
  const [headers, setHeaders] = useState([])
  const [partition, setPartition] = useState('')
  const [error, setError] = useState(null)
  const [written, setWritten] = useState(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event) => {
    event.preventDefault()
    setError(null)
    setWritten(null)
    let record
    try { record = buildRecord({ key, value, format, headers, partition }) } catch (e) { return setError(e) }
    setBusy(true)
    try {
      const answer = await api(`${topicPath(topic)}/records`, {
        method: 'POST',
        body: { records: [record], key_format: 'text', value_format: format }
      })
      const result = answer.results[0]
      if (result.error) {
        setError({ title: `Refused: ${result.error_code || 'error'}`, detail: result.error })
      } else {
        setWritten(result)
        onProduced && onProduced()
      }
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return html`<form class="form produce" onSubmit=${submit} aria-label="Produce a record">
    <div class="form-row">
      <label>Key <span class="muted">(optional: same key, same partition)</span>
        <input name="key" value=${key} placeholder="customer-7" onInput=${(e) => setKey(e.target.value)} />
      </label>
      <label>Partition <${PartitionSelect} partitions=${partitions} value=${partition} onChange=${setPartition}
        allLabel="Automatic (by key)" /></label>
      <label>Value format
        <select name="value-format" value=${format} onChange=${(e) => setFormat(e.target.value)}>
          <option value="json">JSON</option><option value="text">Text</option><option value="base64">Base64 (binary)</option>
        </select>
      </label>
    </div>
    <label class="block">Value
      <textarea name="value" rows="8" spellcheck="false" value=${value} onInput=${(e) => setValue(e.target.value)}></textarea>
    </label>
    <${HeaderRows} headers=${headers} setHeaders=${setHeaders} />
    <${ErrorBox} error=${error} />
    ${written
      ? html`<${Notice} onClose=${() => setWritten(null)}>
          Written to partition <b>${written.partition}</b> at offset <b>${written.offset}</b>.
          <a href=${link('topics', topic, 'messages')}> See it in Messages</a>
        <//>`
      : null}
    <div class="form-actions">
      <button type="submit" class="primary" disabled=${busy}>${busy ? 'Sending…' : 'Produce record'}</button>
    </div>
  </form>`
}
