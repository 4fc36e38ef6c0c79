// Every consumer group, with its state and member count.
import { html } from '../html.js'
import { useApi } from '../hooks.js'
import { link } from '../router.js'
import { Card, Empty, ErrorBox, Loading } from '../components/common.js'

export function stateBadge (state) {
  const kind = { Stable: 'ok', Empty: 'idle', Dead: 'bad' }[state] || 'pending'
  return html`<span class=${'status ' + kind}><span class="dot"></span>${state || 'unknown'}</span>`
}

export function GroupsPage () {
  const { data, error, loading, reload } = useApi('/v1/groups', { refreshMs: 5000 })
  const groups = data?.groups || []
  return html`<div class="page">
    <h1>Consumer groups</h1>
    <${Card}>
      <${ErrorBox} error=${error} onRetry=${reload} />
      ${!data && loading ? html`<${Loading} what="Loading groups" />` : null}
      ${data && groups.length === 0
        ? html`<${Empty} title="No consumer groups yet">
            A group appears when a Kafka consumer with a <code>group.id</code> joins, or when offsets are
            committed for it.
          <//>`
        : null}
      ${groups.length > 0
        ? html`<div class="table-wrap"><table class="groups-table">
            <thead><tr><th>Group</th><th>State</th><th>Protocol</th><th class="num">Members</th></tr></thead>
            <tbody>${groups.map((g) => html`<tr>
              <td><a href=${link('groups', g.group_id)}>${g.group_id}</a></td>
              <td>${stateBadge(g.state)}</td>
              <td>${g.protocol_type || '–'}</td>
              <td class="num">${g.members}</td>
            </tr>`)}</tbody>
          </table></div>`
        : null}
    <//>
  </div>`
}
