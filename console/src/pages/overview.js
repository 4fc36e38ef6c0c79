// The overview: the broker and cluster at a glance, live throughput from /metrics, and every
// topic with its size (create a topic from here).
import { useState } from 'preact/hooks'
import { html } from '../html.js'
import { useApi } from '../hooks.js'
import { link } from '../router.js'
import { formatBytes, formatDuration, formatNumber } from '../format.js'
import { Card, Empty, ErrorBox, Loading, Stat } from '../components/common.js'
import { ThroughputCharts, useThroughput } from '../components/throughput.js'
import { CreateTopicForm } from './create_topic.js'

function ClusterCard ({ cluster, storageUsed }) {
  const { data, error, loading, reload } = cluster
  if (!data) {
    return html`<${Card} title="Broker">${loading ? html`<${Loading} />` : html`<${ErrorBox} error=${error} onRetry=${reload} />`}<//>`
  }
  const broker = (data.brokers || [])[0] || {}
  const used = data.storage?.used_bytes ?? storageUsed
  return html`<${Card} title="Broker">
    <div class="stats">
      <${Stat} label="Cluster" value=${data.cluster_id || '–'} valueClass="id" hint=${data.cluster_id ? `Cluster id ${data.cluster_id}` : ''} />
      <${Stat} label="Node" value=${data.node_id ?? '–'} />
      <${Stat} label="Version" value=${data.version || '–'} />
      <${Stat} label="Uptime" value=${formatDuration(data.uptime_ms)} />
      <${Stat} label="Kafka" value=${broker.host ? `${broker.host}:${broker.kafka_port}` : '–'} hint="Point Kafka clients' bootstrap.servers here" />
      <${Stat} label="Topics" value=${formatNumber(data.topics)} />
      <${Stat} label="Partitions" value=${formatNumber(data.partitions)} />
      <${Stat} label="Storage used" value=${formatBytes(used)} hint=${data.storage?.data_directory || ''} />
    </div>
  <//>`
}

function TopicsCard ({ topics, creating, setCreating, topicRates }) {
  const [showInternal, setShowInternal] = useState(false)
  const [filter, setFilter] = useState('')
  const { data, error, loading, reload } = topics
  const visible = (data?.topics || []).filter((t) => showInternal || !t.internal)
  const list = visible.filter((t) => t.name.toLowerCase().includes(filter.toLowerCase()))
  const hiddenInternal = (data?.topics || []).filter((t) => t.internal).length
  const actions = html`
    ${visible.length > 8 || filter ? html`<input type="search" aria-label="Filter topics" placeholder="Filter topics"
      value=${filter} onInput=${(e) => setFilter(e.target.value)} />` : null}
    ${hiddenInternal ? html`<label class="checkbox small"><input type="checkbox" checked=${showInternal}
      onChange=${(e) => setShowInternal(e.target.checked)} /> Show internal (${hiddenInternal})</label>` : null}
    <button class="primary" onClick=${() => setCreating(true)} disabled=${creating}>+ Create topic</button>`
  return html`<${Card} title="Topics" actions=${actions}>
    ${creating ? html`<${CreateTopicForm} onCancel=${() => setCreating(false)} />` : null}
    <${ErrorBox} error=${error} onRetry=${reload} />
    ${!data && loading ? html`<${Loading} what="Loading topics" />` : null}
    ${data && visible.length > 0 && list.length === 0
      ? html`<${Empty} title="No topic matches">Nothing named like "${filter}".<//>`
      : null}
    ${data && visible.length === 0
      ? html`<${Empty} title="No topics yet">
          Create one with <b>+ Create topic</b>, or produce to a new topic with any Kafka client.
        <//>`
      : null}
    ${list.length > 0
      ? html`<div class="table-wrap"><table class="topics-table">
          <thead><tr><th>Name</th><th class="num">Partitions</th><th class="num">Records</th><th class="num">Size</th>
            <th class="num" title="Records per second produced / consumed (by every reader, this console's browsing included), from /metrics">In/s · Out/s</th></tr></thead>
          <tbody>${list.map((t) => html`<tr>
            <td><a href=${link('topics', t.name)}>${t.name}</a>${t.internal ? html` <span class="badge">internal</span>` : null}</td>
            <td class="num">${formatNumber(t.partitions)}</td>
            <td class="num">${formatNumber(t.records)}</td>
            <td class="num">${formatBytes(t.size_bytes)}</td>
            <td class="num muted">${topicRates[t.name]
              ? `${formatNumber(topicRates[t.name].recordsIn)} · ${formatNumber(topicRates[t.name].recordsOut)}`
              : '–'}</td>
          </tr>`)}</tbody>
        </table></div>`
      : null}
  <//>`
}

export function OverviewPage () {
  const cluster = useApi('/v1/cluster', { refreshMs: 10000 })
  const topics = useApi('/v1/topics', { refreshMs: 5000 })
  const throughput = useThroughput()
  const [creating, setCreating] = useState(false)
  return html`<div class="page">
    <h1>Overview</h1>
    <${ClusterCard} cluster=${cluster} storageUsed=${throughput.latest?.storageUsed} />
    <${Card} title="Throughput (all topics)"><${ThroughputCharts} throughput=${throughput} /><//>
    <${TopicsCard} topics=${topics} creating=${creating} setCreating=${setCreating}
      topicRates=${throughput.topicRates || {}} />
  </div>`
}
