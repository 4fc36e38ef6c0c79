// How numbers, sizes, times and record values are shown.

export function formatBytes (bytes) {
  if (bytes === undefined || bytes === null || Number.isNaN(bytes)) return '–'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? Math.round(value * 10) / 10 : value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`
}

export function formatNumber (n) {
  if (n === undefined || n === null || Number.isNaN(n)) return '–'
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: 1 })
}

export function formatTime (ms) {
  if (ms === undefined || ms === null || ms < 0) return '–'
  const date = new Date(ms)
  const pad = (n, w = 2) => String(n).padStart(w, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
}

export function formatDuration (ms) {
  if (ms === undefined || ms === null) return '–'
  const seconds = Math.floor(ms / 1000)
  const days = Math.floor(seconds / 86400)
  const hours = Math.floor((seconds % 86400) / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  if (days) return `${days}d ${hours}h`
  if (hours) return `${hours}h ${minutes}m`
  if (minutes) return `${minutes}m ${seconds % 60}s`
  return `${seconds}s`
}

// A record's key or value as shown: JSON pretty-printed, text as is, base64 marked.
export function renderPayload (payload, format) {
  if (format === 'null' || payload === null || payload === undefined) return 'null'
  if (format === 'json') return JSON.stringify(payload, null, 2)
  return String(payload)
}

// Control characters (C0 but tab, newline and carriage return; DEL; C1) would show as boxes
// or nothing. Text holding any is split into plain runs and visible escapes: `\x00`, and a
// backslash as `\\` so that the escapes cannot be mistaken for text. null when there is none.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
const ESCAPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\\]+/g

export function splitControls (text) {
  if (typeof text !== 'string' || !CONTROL.test(text)) return null
  const parts = []
  let last = 0
  for (const match of text.matchAll(ESCAPED)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), escape: false })
    const escaped = [...match[0]].map((c) => c === '\\' ? '\\\\' : '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'))
    parts.push({ text: escaped.join(''), escape: true })
    last = match.index + match[0].length
  }
  if (last < text.length) parts.push({ text: text.slice(last), escape: false })
  return parts
}

// Headers arrive as [{key, value, value_format?}] (contract) or {key: value}.
export function headerList (headers) {
  if (!headers) return []
  if (Array.isArray(headers)) return headers
  return Object.entries(headers).map(([key, value]) => ({ key, value }))
}
