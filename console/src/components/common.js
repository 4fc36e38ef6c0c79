// Small building blocks shared by the pages: loading, errors, empty states, cards, tabs.
import { html } from '../html.js'

export function Loading ({ what = 'Loading' }) {
  return html`<div class="loading" role="status"><span class="spinner"></span>${what}…</div>`
}

export function ErrorBox ({ error, onRetry }) {
  if (!error) return null
  const status = error.status ? html`<span class="error-status">${error.status}</span>` : null
  return html`<div class="error" role="alert">
    <div class="error-title">${status}${error.title || 'Something went wrong'}</div>
    ${error.detail && error.detail !== error.title ? html`<div>${error.detail}</div>` : null}
    ${onRetry ? html`<button class="link-button" onClick=${onRetry}>Try again</button>` : null}
  </div>`
}

export function Empty ({ title, children }) {
  return html`<div class="empty"><div class="empty-title">${title}</div>${children}</div>`
}

export function Card ({ title, actions, children, class: extra = '' }) {
  return html`<section class=${'card ' + extra}>
    ${title || actions
      ? html`<header class="card-header"><h2>${title}</h2><div class="card-actions">${actions}</div></header>`
      : null}
    ${children}
  </section>`
}

// `note`: a short qualifier under the value; `valueClass`: e.g. "id" for identifiers (one line,
// monospace, cut with an ellipsis; the hint holds all of it).
export function Stat ({ label, value, hint, note, valueClass = '' }) {
  return html`<div class="stat" title=${hint || ''}>
    <div class="stat-label">${label}</div><div class=${'stat-value ' + valueClass}>${value}</div>
    ${note ? html`<div class="stat-note muted small">${note}</div>` : null}
  </div>`
}

export function Tabs ({ tabs, active, hrefFor }) {
  return html`<nav class="tabs" role="tablist">
    ${tabs.map(([id, label]) => html`<a role="tab" aria-selected=${id === active}
      class=${id === active ? 'tab active' : 'tab'} href=${hrefFor(id)}>${label}</a>`)}
  </nav>`
}

export function Notice ({ kind = 'success', children, onClose }) {
  return html`<div class=${'notice ' + kind} role="status">
    <div>${children}</div>
    ${onClose ? html`<button class="close" aria-label="Dismiss" onClick=${onClose}>×</button>` : null}
  </div>`
}
