// Resetting a group's committed offsets: pick a topic and where to go, preview the change
// (dry run: the broker answers what it would do), then apply it. The broker refuses while the
// group has members; its detail says so.
import { useState } from 'preact/hooks'
import { html } from '../html.js'
import { api, groupPath } from '../api.js'
import { formatNumber } from '../format.js'
import { ErrorBox, Notice } from '../components/common.js'

const TARGETS = [
  ['earliest', 'Earliest (replay everything)'],
  ['latest', 'Latest (skip to the end)'],
  ['offset', 'Offset…'],
  ['timestamp', 'Time…'],
  ['shift_by', 'Shift by…']
]

function target (kind, amount, time) {
  if (kind === 'earliest' || kind === 'latest') return kind
  if (kind === 'timestamp') {
    const ms = new Date(time).getTime()
    if (!time || Number.isNaN(ms)) throw Object.assign(new Error(), { title: 'Pick a time', detail: 'Choose the date and time to reset to.' })
    return { timestamp: ms }
  }
  const n = Number(amount)
  if (amount === '' || !Number.isInteger(n) || (kind === 'offset' && n < 0)) {
    throw Object.assign(new Error(), {
      title: 'Invalid number',
      detail: kind === 'offset' ? 'An offset is a whole number, 0 or more.' : 'Shift by a whole number (negative goes back).'
    })
  }
  return { [kind]: n }
}

export function ResetOffsets ({ id, topics, onDone }) {
  const [topic, setTopic] = useState(topics[0] || '')
  const [kind, setKind] = useState('earliest')
  const [amount, setAmount] = useState('')
  const [time, setTime] = useState('')
  const [preview, setPreview] = useState(null)
  const [error, setError] = useState(null)
  const [done, setDone] = useState(false)

  const send = async (dryRun) => {
    setError(null)
    setDone(false)
    let to
    try { to = target(kind, amount, time) } catch (e) { return setError(e) }
    try {
      const answer = await api(`${groupPath(id)}/reset-offsets`, { method: 'POST', body: { topic, to, dry_run: dryRun } })
      setPreview(dryRun ? answer.offsets : null)
      if (!dryRun) { setDone(true); onDone() }
    } catch (e) { setError(e) }
  }

  if (topics.length === 0) return html`<div class="muted">The group has no committed offsets to reset.</div>`
  return html`<div class="form">
    <div class="form-row">
      <label>Topic <select value=${topic} onChange=${(e) => { setTopic(e.target.value); setPreview(null) }}>
        ${topics.map((t) => html`<option value=${t}>${t}</option>`)}</select></label>
      <label>Reset to <select value=${kind} onChange=${(e) => { setKind(e.target.value); setPreview(null) }}>
        ${TARGETS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}</select></label>
      ${kind === 'offset' || kind === 'shift_by'
        ? html`<label>${kind === 'offset' ? 'Offset' : 'Records (+/−)'}
            <input type="number" value=${amount} onInput=${(e) => { setAmount(e.target.value); setPreview(null) }} /></label>`
        : null}
      ${kind === 'timestamp'
        ? html`<label>Time <input type="datetime-local" step="1" value=${time} onInput=${(e) => { setTime(e.target.value); setPreview(null) }} /></label>`
        : null}
      <div class="form-actions inline">
        <button onClick=${() => send(true)}>Preview</button>
        <button class="primary" disabled=${!preview} title=${preview ? '' : 'Preview first'} onClick=${() => send(false)}>Apply</button>
      </div>
    </div>
    <${ErrorBox} error=${error} />
    ${done ? html`<${Notice} onClose=${() => setDone(false)}>Offsets reset.<//>` : null}
    ${preview
      ? html`<div class="table-wrap"><table>
          <thead><tr><th class="num">Partition</th><th class="num">From</th><th class="num">To</th></tr></thead>
          <tbody>${preview.map((o) => html`<tr><td class="num">${o.partition}</td>
            <td class="num">${formatNumber(o.from)}</td><td class="num">${formatNumber(o.to)}</td></tr>`)}</tbody>
        </table></div>`
      : null}
  </div>`
}
