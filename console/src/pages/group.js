// One consumer group: its members and what each is assigned, and the lag per partition as a
// table and a chart (refreshed every few seconds).
import { useState } from 'preact/hooks'
import { html } from '../html.js'
import { api, groupPath } from '../api.js'
import { useApi } from '../hooks.js'
import { link, navigate } from '../router.js'
import { formatNumber } from '../format.js'
import { Card, Empty, ErrorBox, Loading, Stat } from '../components/common.js'
import { ChartView, palette } from '../components/chart.js'
import { stateBadge } from './groups.js'
import { ResetOffsets } from './group_reset.js'

// Kafka reports the member's address as Java's InetAddress prints it: "/127.0.0.1".
function displayHost (host) {
  return typeof host === 'string' ? host.replace(/^\//, '') : host
}

function Members ({ members }) {
  if (members.length === 0) {
    return html`<${Empty} title="No members">No consumer is in the group right now; its committed offsets are kept.<//>`
  }
  return html`<div class="table-wrap"><table>
    <thead><tr><th>Member</th><th>Client</th><th>Host</th><th>Assigned partitions</th></tr></thead>
    <tbody>${members.map((m) => html`<tr>
      <td><code class="wrap">${m.member_id}</code>${m.group_instance_id ? html`<div class="muted small">static: ${m.group_instance_id}</div>` : null}</td>
      <td>${m.client_id}</td><td>${displayHost(m.client_host)}</td>
      <td>${(m.assignments || []).length === 0
        ? html`<span class="muted">none</span>`
        : m.assignments.map((a) => html`<div><a href=${link('topics', a.topic)}>${a.topic}</a>: ${a.partitions.join(', ')}</div>`)}</td>
    </tr>`)}</tbody>
  </table></div>`
}

function Lag ({ offsets }) {
  if (offsets.length === 0) return html`<${Empty} title="No committed offsets">The group has not committed any offset yet.<//>`
  const labels = offsets.map((o) => `${o.topic}/${o.partition}`)
  const datasets = [{ label: 'lag (records)', data: offsets.map((o) => o.lag ?? 0), backgroundColor: palette.orange, borderRadius: 4 }]
  return html`<div>
    <${ChartView} type="bar" label="Lag per partition" labels=${labels} datasets=${datasets} formatY=${formatNumber} height=${Math.min(320, 160 + offsets.length * 4)} />
    <div class="table-wrap"><table>
      <thead><tr><th>Topic</th><th class="num">Partition</th><th class="num">Committed</th><th class="num">High watermark</th><th class="num">Lag</th></tr></thead>
      <tbody>${offsets.map((o) => html`<tr>
        <td><a href=${link('topics', o.topic)}>${o.topic}</a></td><td class="num">${o.partition}</td>
        <td class="num">${formatNumber(o.committed_offset)}</td><td class="num">${formatNumber(o.high_watermark)}</td>
        <td class=${'num ' + (o.lag > 0 ? 'lagging' : '')}>${formatNumber(o.lag)}</td>
      </tr>`)}</tbody>
    </table></div>
  </div>`
}

function DeleteGroup ({ id, hasMembers }) {
  const [error, setError] = useState(null)
  const remove = async () => {
    if (!window.confirm(`Delete group ${id} and its committed offsets?`)) return
    try {
      await api(groupPath(id), { method: 'DELETE' })
      navigate('groups')
    } catch (e) { setError(e) }
  }
  return html`<div>
    <button class="danger" onClick=${remove} disabled=${hasMembers}
      title=${hasMembers ? 'Stop its consumers first: a group with members cannot be deleted' : ''}>Delete group</button>
    <${ErrorBox} error=${error} />
  </div>`
}

export function GroupPage ({ id }) {
  const { data, error, loading, reload } = useApi(groupPath(id), { refreshMs: 5000 })
  const crumbs = html`<div class="breadcrumbs"><a href="#/groups">Consumer groups</a> / ${id}</div>`
  if (!data) {
    return html`<div class="page">${crumbs}<h1>${id}</h1>
      ${loading ? html`<${Loading} what="Loading group" />` : html`<${ErrorBox} error=${error} onRetry=${reload} />`}
    </div>`
  }
  const members = data.members || []
  const offsets = data.offsets || []
  return html`<div class="page">
    ${crumbs}
    <div class="title-row"><h1>${id}</h1><${DeleteGroup} id=${id} hasMembers=${members.length > 0} /></div>
    <${ErrorBox} error=${error} />
    <${Card}><div class="stats">
      <${Stat} label="State" value=${stateBadge(data.state)} />
      <${Stat} label="Protocol" value=${[data.protocol_type, data.protocol].filter(Boolean).join(' / ') || '–'} />
      <${Stat} label="Members" value=${members.length} />
      <${Stat} label="Total lag" value=${formatNumber(data.total_lag)} hint="Records produced but not yet consumed by the group" />
    </div><//>
    <${Card} title="Members and assignments"><${Members} members=${members} /><//>
    <${Card} title="Lag per partition"><${Lag} offsets=${offsets} /><//>
    <${Card} title="Reset offsets">
      ${members.length > 0
        ? html`<div class="muted">Offsets can be reset only while no consumer is in the group: stop its consumers first.</div>`
        : html`<${ResetOffsets} id=${id} topics=${[...new Set(offsets.map((o) => o.topic))]} onDone=${reload} />`}
    <//>
  </div>`
}
