// The console's shell: the top bar, the page for the address (hash routing, router.js), and
// the broker's health in the corner.
import { render } from 'preact'
import { html } from './html.js'
import { useRoute } from './router.js'
import { useApi } from './hooks.js'
import { Empty } from './components/common.js'
import { OverviewPage } from './pages/overview.js'
import { TopicPage } from './pages/topic.js'
import { GroupsPage } from './pages/groups.js'
import { GroupPage } from './pages/group.js'
import './styles.css'

function Health () {
  const { data, error } = useApi('/healthz', { refreshMs: 10000 })
  const ok = data && !error
  return html`<span class=${'status ' + (ok ? 'ok' : error ? 'bad' : 'pending')} title=${error ? error.detail : 'GET /healthz'}>
    <span class="dot"></span>${ok ? 'Broker up' : error ? 'Broker unreachable' : 'Checking…'}
  </span>`
}

function Page ({ segments }) {
  const [first, second, third] = segments
  if (!first) return html`<${OverviewPage} />`
  if (first === 'topics' && second) return html`<${TopicPage} key=${second} name=${second} tab=${third} />`
  if (first === 'topics') return html`<${OverviewPage} />`
  if (first === 'groups' && second) return html`<${GroupPage} key=${second} id=${second} />`
  if (first === 'groups') return html`<${GroupsPage} />`
  return html`<div class="page"><${Empty} title="No such page">
    <a href="#/">Go to the overview</a>.
  <//></div>`
}

function App () {
  const { segments } = useRoute()
  const section = segments[0] === 'groups' ? 'groups' : 'overview'
  return html`<div class="shell">
    <header class="topbar">
      <a class="brand" href="#/"><img src="/favicon.svg" alt="" width="22" height="22" />Eventioz</a>
      <nav>
        <a class=${section === 'overview' ? 'active' : ''} href="#/">Overview</a>
        <a class=${section === 'groups' ? 'active' : ''} href="#/groups">Consumer groups</a>
        <a href="/openapi.json" target="_blank" rel="noopener" title="The HTTP API described as OpenAPI (JSON), in a new tab">OpenAPI ↗</a>
      </nav>
      <${Health} />
    </header>
    <main><${Page} segments=${segments} /></main>
  </div>`
}

render(html`<${App} />`, document.getElementById('app'))
