// A topic's configs: values editable in place, saved together with PATCH; "default" puts a
// config back to the broker's default (null in the PATCH body).
import { useState } from 'preact/hooks'
import { html } from '../html.js'
import { api, topicPath } from '../api.js'
import { useApi } from '../hooks.js'
import { Empty, ErrorBox, Loading, Notice } from '../components/common.js'

export function ConfigsEditor ({ topic }) {
  const { data, error, loading, reload } = useApi(`${topicPath(topic)}/configs`)
  const [edits, setEdits] = useState({})
  const [saveError, setSaveError] = useState(null)
  const [saved, setSaved] = useState(false)
  const [busy, setBusy] = useState(false)

  if (!data) return loading ? html`<${Loading} what="Loading configs" />` : html`<${ErrorBox} error=${error} onRetry=${reload} />`
  const configs = data.configs || []
  if (configs.length === 0) return html`<${Empty} title="No configs">This topic reports no configs.<//>`
  const changed = Object.keys(edits).length

  const save = async () => {
    setBusy(true)
    setSaveError(null)
    try {
      await api(`${topicPath(topic)}/configs`, { method: 'PATCH', body: { configs: edits } })
      setEdits({})
      setSaved(true)
      reload()
    } catch (e) { setSaveError(e) } finally { setBusy(false) }
  }
  const edit = (name, value) => { setSaved(false); setEdits({ ...edits, [name]: value }) }
  const revert = (name) => { const next = { ...edits }; delete next[name]; setEdits(next) }

  return html`<div>
    <div class="table-wrap"><table class="configs">
      <thead><tr><th>Name</th><th>Value</th><th>Source</th><th></th></tr></thead>
      <tbody>${configs.map((c) => {
        const pending = Object.prototype.hasOwnProperty.call(edits, c.name)
        const shown = pending ? (edits[c.name] ?? '') : (c.value ?? '')
        return html`<tr class=${pending ? 'changed' : ''}>
          <td><code>${c.name}</code></td>
          <td>${c.read_only
            ? html`<span>${c.value}</span> <span class="badge">read-only</span>`
            : html`<input aria-label=${c.name} value=${shown}
                placeholder=${pending && edits[c.name] === null ? 'back to default on save' : ''}
                onInput=${(e) => edit(c.name, e.target.value)} />`}</td>
          <td><span class=${'badge ' + (c.default ? '' : 'set')}>${c.default ? 'default' : (c.source || 'topic')}</span></td>
          <td>${pending
            ? html`<button class="link-button" onClick=${() => revert(c.name)}>Undo</button>`
            : (!c.default && !c.read_only
                ? html`<button class="link-button" onClick=${() => edit(c.name, null)}>Reset to default</button>`
                : null)}</td>
        </tr>`
      })}</tbody>
    </table></div>
    <${ErrorBox} error=${saveError} />
    ${saved ? html`<${Notice} onClose=${() => setSaved(false)}>Configs saved.<//>` : null}
    <div class="form-actions">
      <button class="primary" disabled=${!changed || busy} onClick=${save}>
        ${busy ? 'Saving…' : changed ? `Save ${changed} change${changed === 1 ? '' : 's'}` : 'No changes'}
      </button>
      ${changed ? html`<button onClick=${() => setEdits({})}>Discard</button>` : null}
    </div>
  </div>`
}
