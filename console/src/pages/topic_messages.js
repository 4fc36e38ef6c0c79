// The message browser: the newest records (shown at once), or records from an offset, a
// time, or with a key, in one partition or all of them; then paging with the next offsets the
// broker returns (per partition, so all partitions page together).
import { useEffect, useState } from 'preact/hooks'
import { html } from '../html.js'
import { api, topicPath } from '../api.js'
import { Empty, ErrorBox, Loading } from '../components/common.js'
import { RecordCard } from './record_card.js'
import { hasMoreRecords, nextPageParams } from '../paging.js'

// Numbers each answer shown, so a reader (the end-to-end test) can tell a new list from the last.
let queriesAnswered = 0

function PartitionSelect ({ partitions, value, onChange, allLabel = 'All partitions' }) {
  return html`<select name="partition" aria-label="Partition" value=${value} onChange=${(e) => onChange(e.target.value)}>
    <option value="">${allLabel}</option>
    ${partitions.map((p) => html`<option value=${String(p.partition)}>Partition ${p.partition}</option>`)}
  </select>`
}
export { PartitionSelect }

const PARALLEL_READS = 8

// The newest `limit` records: each partition read from `limit` before its end, then merged,
// newest first. (The API reads forward from an offset, so "newest" is computed here.)
async function readNewest (topic, partitions, limit) {
  const records = []
  for (let i = 0; i < partitions.length; i += PARALLEL_READS) {
    const batch = partitions.slice(i, i + PARALLEL_READS).filter((p) => p.high_watermark > p.log_start_offset)
    const answers = await Promise.all(batch.map((p) => {
      const from = Math.max(p.log_start_offset, p.high_watermark - limit)
      return api(`${topicPath(topic)}/records?partition=${p.partition}&offset=${from}&limit=${limit}`)
    }))
    for (const answer of answers) records.push(...answer.records)
  }
  records.sort((a, b) => b.timestamp - a.timestamp || b.offset - a.offset)
  return { records: records.slice(0, limit), next_offsets: {}, high_watermarks: {} }
}

function emptyMessage (result, internal) {
  if (result.mode === 'key' && hasMoreRecords(result)) {
    return `No record with key "${result.key}" in the records scanned so far. Press Next messages to scan further.`
  }
  const what = result.mode === 'newest'
    ? 'This topic has no records yet.'
    : result.mode === 'key' ? `Nothing with key "${result.key}".` : 'Nothing from there.'
  if (internal) return result.mode === 'newest' ? what : `${what} Try another start.`
  return html`${what} Produce one in the <b>Produce</b> tab${result.mode === 'newest' ? '' : ' or try another start'}.`
}

export function MessageBrowser ({ topic, partitions, internal = false }) {
  const [mode, setMode] = useState('newest')
  const [partition, setPartition] = useState('')
  const [offset, setOffset] = useState('earliest')
  const [time, setTime] = useState('')
  const [key, setKey] = useState('')
  const [limit, setLimit] = useState('50')
  const [result, setResult] = useState(null)
  const [error, setError] = useState(null)
  const [loading, setLoading] = useState(false)

  const query = () => {
    const params = new URLSearchParams()
    if (partition !== '') params.set('partition', partition)
    if (mode === 'timestamp') {
      const ms = new Date(time).getTime()
      if (!time || Number.isNaN(ms)) throw Object.assign(new Error(), { title: 'Pick a time', detail: 'Choose the date and time to start from.' })
      params.set('timestamp', String(ms))
    } else {
      const from = mode === 'key' ? 'earliest' : offset.trim() || 'earliest'
      if (!/^(earliest|latest|\d+)$/.test(from)) {
        throw Object.assign(new Error(), { title: 'Invalid offset', detail: 'An offset is a number (0, 42, …), "earliest" or "latest".' })
      }
      params.set('offset', from)
    }
    if (mode === 'key') {
      if (!key) throw Object.assign(new Error(), { title: 'Type a key', detail: 'Enter the exact record key to look for.' })
      params.set('key', key)
    }
    params.set('limit', limit)
    return params
  }

  // A failed query clears the results: left under the error, they would look like its answer.
  const fail = (e) => {
    setError(e)
    setResult(null)
  }

  // `page`: the query's mode and key (the form may change meanwhile), where this page started
  // (`from`, the previous page's next offsets) and its number.
  const fetchRecords = async (params, page) => {
    setLoading(true)
    setError(null)
    try {
      const data = await api(`${topicPath(topic)}/records?${params}`)
      setResult({ ...data, params: params.toString(), ...page, query: ++queriesAnswered })
    } catch (e) {
      fail(e)
    } finally {
      setLoading(false)
    }
  }

  const showNewest = async () => {
    setLoading(true)
    setError(null)
    try {
      const chosen = partition === '' ? partitions : partitions.filter((p) => String(p.partition) === partition)
      setResult({ ...(await readNewest(topic, chosen, Number(limit))), params: '', mode: 'newest', page: 1, query: ++queriesAnswered })
    } catch (e) {
      fail(e)
    } finally {
      setLoading(false)
    }
  }

  // Opening the tab shows the newest records at once.
  useEffect(() => { showNewest() }, [topic])

  const submit = (event) => {
    event.preventDefault()
    if (mode === 'newest') return showNewest()
    let params
    try { params = query() } catch (e) { return fail(e) }
    fetchRecords(params, { mode, key, page: 1 })
  }

  const next = () => fetchRecords(nextPageParams(result),
    { mode: result.mode, key: result.key, from: result.next_offsets, page: result.page + 1 })
  const hasMore = result && hasMoreRecords(result)
  const shown = result?.records.length || 0
  const allPartitions = result && result.mode !== 'newest' && !new URLSearchParams(result.params).has('partition')

  return html`<div>
    <form class="form browse" onSubmit=${submit} aria-label="Find messages">
      <div class="segmented" role="radiogroup" aria-label="Find by">
        ${[['newest', 'Newest'], ['offset', 'By offset'], ['timestamp', 'By time'], ['key', 'By key']].map(([id, label]) =>
          html`<button type="button" role="radio" aria-checked=${mode === id}
            class=${mode === id ? 'active' : ''} onClick=${() => setMode(id)}>${label}</button>`)}
      </div>
      <div class="form-row">
        <label>Partition <${PartitionSelect} partitions=${partitions} value=${partition} onChange=${setPartition} /></label>
        ${mode === 'offset' ? html`<label>From offset
          <input name="offset" list="offset-presets" value=${offset} onInput=${(e) => setOffset(e.target.value)}
            placeholder="earliest, latest or a number" />
          <datalist id="offset-presets"><option value="earliest" /><option value="latest" /></datalist>
        </label>` : null}
        ${mode === 'timestamp' ? html`<label>From time
          <input name="timestamp" type="datetime-local" step="1" value=${time} onInput=${(e) => setTime(e.target.value)} />
        </label>` : null}
        ${mode === 'key' ? html`<label>Key
          <input name="key" value=${key} placeholder="exact key" onInput=${(e) => setKey(e.target.value)} />
        </label>` : null}
        <label>Limit
          <select name="limit" value=${limit} onChange=${(e) => setLimit(e.target.value)}>
            ${['10', '50', '100', '500'].map((n) => html`<option value=${n}>${n}</option>`)}
          </select>
        </label>
        <div class="form-actions inline">
          <button type="submit" class="primary" disabled=${loading}>${loading ? 'Loading…' : mode === 'newest' ? 'Refresh' : 'Show messages'}</button>
        </div>
      </div>
    </form>
    <${ErrorBox} error=${error} />
    ${loading && !result ? html`<${Loading} what="Reading records" />` : null}
    ${!result && !loading && !error
      ? html`<${Empty} title="Pick where to start">Choose an offset, a time or a key and press <b>Show messages</b>.<//>`
      : null}
    ${result && shown === 0
      ? html`<${Empty} title="No messages found">${emptyMessage(result, internal)}<//>`
      : null}
    ${shown > 0
      ? html`<div class="records" aria-label="Messages" data-page=${result.page} data-query=${result.query}>
          <div class="muted small">${shown} message${shown === 1 ? '' : 's'}${
            result.mode === 'newest' ? ', newest first' : ''}${
            result.page > 1 ? `, page ${result.page}` : ''}${
            allPartitions ? ' · all partitions, merged by time' : ''}</div>
          ${result.records.map((r) => html`<${RecordCard} key=${r.partition + ':' + r.offset} record=${r} />`)}
        </div>`
      : null}
    ${hasMore ? html`<button class="more" onClick=${next} disabled=${loading}>Next messages →</button>` : null}
  </div>`
}
