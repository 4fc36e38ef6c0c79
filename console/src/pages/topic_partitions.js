// The partitions of a topic with their offsets, and adding partitions.
import { useState } from 'preact/hooks'
import { html } from '../html.js'
import { api, topicPath } from '../api.js'
import { formatBytes, formatNumber } from '../format.js'
import { ErrorBox, Notice } from '../components/common.js'

function AddPartitions ({ topic, current, onChanged }) {
  const [count, setCount] = useState(String(current + 1))
  const [error, setError] = useState(null)
  const [done, setDone] = useState(false)
  const submit = async (event) => {
    event.preventDefault()
    setError(null)
    const wanted = Number(count)
    if (!Number.isInteger(wanted) || wanted <= current) {
      return setError({ title: 'Partitions only grow', detail: `Choose a count above ${current}.` })
    }
    try {
      await api(`${topicPath(topic)}/partitions`, { method: 'POST', body: { count: wanted } })
      setDone(true)
      onChanged()
    } catch (e) { setError(e) }
  }
  return html`<form class="form inline-form" onSubmit=${submit}>
    <label>Grow to <input type="number" min=${current + 1} value=${count} onInput=${(e) => setCount(e.target.value)} /> partitions</label>
    <button type="submit">Add partitions</button>
    <span class="muted small">Keys then map to other partitions: per-key order holds only for new records.</span>
    <${ErrorBox} error=${error} />
    ${done ? html`<${Notice} onClose=${() => setDone(false)}>Partitions added.<//>` : null}
  </form>`
}

export function PartitionsTable ({ topic, partitions, internal, onChanged }) {
  return html`<div>
    <div class="table-wrap"><table>
      <thead><tr>
        <th>Partition</th><th>Leader</th><th class="num">Log start</th><th class="num">High watermark</th>
        <th class="num">Last stable</th><th class="num">Records</th><th class="num">Size</th>
      </tr></thead>
      <tbody>${partitions.map((p) => html`<tr>
        <td>${p.partition}</td><td>${p.leader}</td>
        <td class="num">${formatNumber(p.log_start_offset)}</td>
        <td class="num">${formatNumber(p.high_watermark)}</td>
        <td class="num">${formatNumber(p.last_stable_offset)}</td>
        <td class="num">${formatNumber(p.high_watermark - p.log_start_offset)}</td>
        <td class="num">${formatBytes(p.size_bytes)}</td>
      </tr>`)}</tbody>
    </table></div>
    ${internal
      ? html`<div class="muted small inline-note">Internal topic: its partition count is the broker's, it cannot be changed.</div>`
      : html`<${AddPartitions} topic=${topic} current=${partitions.length} onChanged=${onChanged} />`}
  </div>`
}
