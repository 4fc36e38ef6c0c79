// The live tail: Server-Sent Events from /v1/topics/{topic}/events?offset=latest; newest
// first, the last MAX_EVENTS kept. The browser's EventSource reconnects by itself and sends
// Last-Event-ID, so the broker resumes where the stream broke.
import { useEffect, useRef, useState } from 'preact/hooks'
import { html } from '../html.js'
import { topicPath } from '../api.js'
import { Empty } from '../components/common.js'
import { PartitionSelect } from './topic_messages.js'
import { RecordCard } from './record_card.js'

const MAX_EVENTS = 200
const STATUS = {
  stopped: ['Stopped', 'idle'],
  connecting: ['Connecting…', 'pending'],
  live: ['Live: new records appear here', 'ok'],
  reconnecting: ['Connection lost, reconnecting…', 'pending'],
  closed: ['Closed by the broker; press Start to try again', 'bad']
}

export function LiveTail ({ topic, partitions }) {
  const [running, setRunning] = useState(false)
  const [partition, setPartition] = useState('')
  const [status, setStatus] = useState('stopped')
  const [events, setEvents] = useState([])
  const [reason, setReason] = useState('')
  const source = useRef(null)

  useEffect(() => {
    if (!running) { setStatus('stopped'); return }
    const params = new URLSearchParams({ offset: 'latest' })
    if (partition !== '') params.set('partition', partition)
    const events = new EventSource(`${topicPath(topic)}/events?${params}`)
    source.current = events
    setStatus('connecting')
    const onRecord = (message) => {
      let record
      try { record = JSON.parse(message.data) } catch { return }
      setEvents((list) => [record, ...list].slice(0, MAX_EVENTS))
    }
    events.onopen = () => { setStatus('live'); setReason('') }
    events.onmessage = onRecord
    events.addEventListener('record', onRecord)
    // Connection trouble, or the broker ending the stream on purpose (a slow subscriber,
    // shutdown): then it sends `event: error` with {"reason"} first.
    events.onerror = (event) => {
      if (event.data) {
        try { setReason(JSON.parse(event.data).reason || event.data) } catch { setReason(event.data) }
      }
      setStatus(events.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting')
    }
    return () => { events.close(); source.current = null }
  }, [running, partition, topic])

  const [label, kind] = STATUS[status]
  return html`<div>
    <div class="form-row tail-controls">
      <label>Partition <${PartitionSelect} partitions=${partitions} value=${partition} onChange=${setPartition} /></label>
      <div class="form-actions inline">
        <button class=${running ? '' : 'primary'} onClick=${() => setRunning(!running)}>${running ? 'Stop' : 'Start live tail'}</button>
        ${events.length ? html`<button onClick=${() => setEvents([])}>Clear</button>` : null}
      </div>
      <span class=${'status ' + kind} role="status"><span class="dot"></span>${label}</span>
    </div>
    ${reason ? html`<div class="muted small">Broker: ${reason}</div>` : null}
    ${events.length === 0
      ? html`<${Empty} title=${running ? 'Waiting for new records' : 'Watch records as they arrive'}>
          ${running ? 'Produce to this topic (the Produce tab or any Kafka client) and records show up here.'
            : html`Press <b>Start live tail</b> to stream new records from the end of the topic.`}
        <//>`
      : html`<div class="records" aria-label="Live records">
          ${events.map((r) => html`<${RecordCard} key=${r.partition + ':' + r.offset} record=${r} />`)}
        </div>`}
  </div>`
}
