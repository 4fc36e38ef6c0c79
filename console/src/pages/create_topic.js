// The "Create topic" form: a name, a partition count and the two configs people set most
// (retention and cleanup policy); the broker checks them and its detail is shown on refusal.
import { useState } from 'preact/hooks'
import { html } from '../html.js'
import { api } from '../api.js'
import { navigate } from '../router.js'
import { ErrorBox } from '../components/common.js'

const RETENTION = [
  ['', 'Broker default'],
  ['3600000', '1 hour'],
  ['86400000', '1 day'],
  ['604800000', '7 days'],
  ['2592000000', '30 days'],
  ['-1', 'Forever']
]

export function CreateTopicForm ({ onCancel }) {
  const [name, setName] = useState('')
  const [partitions, setPartitions] = useState('1')
  const [retention, setRetention] = useState('')
  const [compact, setCompact] = useState(false)
  const [error, setError] = useState(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event) => {
    event.preventDefault()
    const count = Number(partitions)
    if (!name.trim()) return setError({ title: 'A name is needed', detail: 'Type a topic name, e.g. orders.' })
    if (!Number.isInteger(count) || count < 1) {
      return setError({ title: 'Invalid partition count', detail: 'Partitions must be a whole number, 1 or more.' })
    }
    const configs = {}
    if (retention) configs['retention.ms'] = retention
    if (compact) configs['cleanup.policy'] = 'compact'
    setBusy(true)
    setError(null)
    try {
      await api('/v1/topics', { method: 'POST', body: { name: name.trim(), partitions: count, configs } })
      navigate('topics', name.trim())
    } catch (e) {
      setError(e)
      setBusy(false)
    }
  }

  return html`<form class="form create-topic" onSubmit=${submit} aria-label="Create topic">
    <div class="form-row">
      <label>Name
        <input name="topic-name" autofocus placeholder="orders" value=${name}
          pattern="[a-zA-Z0-9._\\-]+" title="Letters, digits, '.', '_' and '-'"
          onInput=${(e) => setName(e.target.value)} />
      </label>
      <label>Partitions
        <input name="partitions" type="number" min="1" max="10000" value=${partitions}
          onInput=${(e) => setPartitions(e.target.value)} />
      </label>
      <label>Retention
        <select name="retention" value=${retention} onChange=${(e) => setRetention(e.target.value)}>
          ${RETENTION.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
        </select>
      </label>
      <label class="checkbox">
        <input type="checkbox" checked=${compact} onChange=${(e) => setCompact(e.target.checked)} />
        Compacted (keep the last record per key)
      </label>
    </div>
    <${ErrorBox} error=${error} />
    <div class="form-actions">
      <button type="submit" class="primary" disabled=${busy}>${busy ? 'Creating…' : 'Create topic'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`
}
