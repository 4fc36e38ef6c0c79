// Calls to the broker's REST API (docs/http-api-contract.md). Every failure becomes an
// ApiError whose `detail` is the problem+json detail the broker wrote (it says what to do),
// so pages can show it as is.

export class ApiError extends Error {
  constructor (status, title, detail, body) {
    super(detail || title)
    this.status = status
    this.title = title
    this.detail = detail
    this.body = body
  }
}

export async function api (path, { method = 'GET', body, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json' }, signal }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  let response
  try {
    response = await fetch(path, init)
  } catch (error) {
    if (error.name === 'AbortError') throw error
    throw new ApiError(0, 'Cannot reach the broker',
      `${method} ${path} failed (${error.message}). Is \`eventioz serve\` running?`)
  }
  if (response.status === 204) return null
  const text = await response.text()
  let data = null
  if (text) {
    try { data = JSON.parse(text) } catch { data = null }
  }
  if (!response.ok) {
    const title = (data && data.title) || `HTTP ${response.status}`
    const detail = (data && (data.detail || data.title)) || text.trim() || response.statusText
    throw new ApiError(response.status, title, detail, data)
  }
  return data
}

export const topicPath = (topic) => `/v1/topics/${encodeURIComponent(topic)}`
export const groupPath = (group) => `/v1/groups/${encodeURIComponent(group)}`
