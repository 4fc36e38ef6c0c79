// A topic: its numbers, then one tab per task — browse messages, produce, tail live,
// partitions, configs. The tab is part of the address (#/topics/orders/produce).
import { useState } from 'preact/hooks'
import { html } from '../html.js'
import { api, topicPath } from '../api.js'
import { useApi } from '../hooks.js'
import { link, navigate } from '../router.js'
import { formatBytes, formatNumber } from '../format.js'
import { Card, Empty, ErrorBox, Loading, Stat, Tabs } from '../components/common.js'
import { useThroughput } from '../components/throughput.js'
import { MessageBrowser } from './topic_messages.js'
import { ProduceForm } from './topic_produce.js'
import { LiveTail } from './topic_tail.js'
import { PartitionsTable } from './topic_partitions.js'
import { ConfigsEditor } from './topic_configs.js'

const TABS = [
  ['messages', 'Messages'],
  ['produce', 'Produce'],
  ['tail', 'Live tail'],
  ['partitions', 'Partitions'],
  ['configs', 'Configs']
]

// What the broker refuses for its internal topics (403 internal-topic), said before the click.
export const INTERNAL_NOTE = 'internal topic: written by the broker'

function DeleteTopic ({ name, internal }) {
  const [confirming, setConfirming] = useState(false)
  const [typed, setTyped] = useState('')
  const [error, setError] = useState(null)
  if (internal) {
    return html`<div class="title-actions">
      <span class="muted small">${INTERNAL_NOTE}, cannot be deleted</span>
      <button class="danger" disabled title="The broker keeps its own state in internal topics">Delete topic</button>
    </div>`
  }
  if (!confirming) return html`<button class="danger" onClick=${() => setConfirming(true)}>Delete topic</button>`
  const remove = async () => {
    try {
      await api(topicPath(name), { method: 'DELETE' })
      navigate('')
    } catch (e) { setError(e) }
  }
  return html`<div class="confirm">
    <span>This deletes <b>${name}</b> and all its records. Type its name to confirm:</span>
    <input aria-label="Topic name to confirm" value=${typed} onInput=${(e) => setTyped(e.target.value)} />
    <button class="danger" disabled=${typed !== name} onClick=${remove}>Delete forever</button>
    <button onClick=${() => { setConfirming(false); setTyped('') }}>Cancel</button>
    <${ErrorBox} error=${error} />
  </div>`
}

export function TopicPage ({ name, tab = 'messages' }) {
  const topic = useApi(topicPath(name), { refreshMs: 5000 })
  const rates = useThroughput().topicRates?.[name]
  const { data, error, loading, reload } = topic
  if (!data) {
    return html`<div class="page">
      <div class="breadcrumbs"><a href="#/">Overview</a> / ${name}</div>
      <h1>${name}</h1>
      ${loading ? html`<${Loading} what="Loading topic" />` : html`<${ErrorBox} error=${error} onRetry=${reload} />`}
      ${error?.status === 404 ? html`<p><a href="#/">Back to the topics</a></p>` : null}
    </div>`
  }
  const partitions = data.partitions || []
  const records = partitions.reduce((n, p) => n + (p.high_watermark - p.log_start_offset), 0)
  const active = TABS.some(([id]) => id === tab) ? tab : 'messages'
  return html`<div class="page">
    <div class="breadcrumbs"><a href="#/">Overview</a> / topics / ${name}</div>
    <div class="title-row">
      <h1>${name} ${data.internal ? html`<span class="badge">internal</span>` : null}</h1>
      <${DeleteTopic} name=${name} internal=${data.internal} />
    </div>
    <${Card}>
      <div class="stats">
        <${Stat} label="Partitions" value=${partitions.length} />
        <${Stat} label="Records" value=${formatNumber(records)} hint="High watermark minus log start, summed over partitions" />
        <${Stat} label="Size" value=${formatBytes(data.size_bytes)} />
        <${Stat} label="Produced" value=${rates ? `${formatNumber(rates.recordsIn)}/s` : '–'}
          hint=${rates ? `${formatBytes(rates.bytesIn)}/s (from /metrics, every 2 s)` : 'Measuring from /metrics…'} />
        <${Stat} label="Consumed" value=${rates ? `${formatNumber(rates.recordsOut)}/s` : '–'}
          note="all readers, incl. this console"
          hint=${`Records out to every reader: Kafka consumers, HTTP clients and this console's own browsing${
            rates ? ` (${formatBytes(rates.bytesOut)}/s)` : ''}; from /metrics, every 2 s`} />
      </div>
    <//>
    <${Tabs} tabs=${TABS} active=${active} hrefFor=${(id) => link('topics', name, id)} />
    <div class="tab-body">
      ${active === 'messages' ? html`<${MessageBrowser} topic=${name} partitions=${partitions} internal=${data.internal} />` : null}
      ${active === 'produce' && data.internal
        ? html`<${Empty} title="Records cannot be produced here">
            ${INTERNAL_NOTE[0].toUpperCase() + INTERNAL_NOTE.slice(1)} (consumer offsets, transactions): clients only read it.
          <//>`
        : null}
      ${active === 'produce' && !data.internal ? html`<${ProduceForm} topic=${name} partitions=${partitions} onProduced=${reload} />` : null}
      ${active === 'tail' ? html`<${LiveTail} topic=${name} partitions=${partitions} />` : null}
      ${active === 'partitions' ? html`<${PartitionsTable} topic=${name} partitions=${partitions} internal=${data.internal} onChanged=${reload} />` : null}
      ${active === 'configs' ? html`<${ConfigsEditor} topic=${name} />` : null}
    </div>
  </div>`
}
