// Hash routing: every page has its own address (#/topics/orders/messages), so links can be
// shared and the broker only ever serves index.html at `/`.
import { useEffect, useState } from 'preact/hooks'

export function currentRoute () {
  const hash = window.location.hash.replace(/^#/, '') || '/'
  const [path, query = ''] = hash.split('?')
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent)
  return { segments, query: new URLSearchParams(query) }
}

export function useRoute () {
  const [route, setRoute] = useState(currentRoute)
  useEffect(() => {
    const changed = () => setRoute(currentRoute())
    window.addEventListener('hashchange', changed)
    return () => window.removeEventListener('hashchange', changed)
  }, [])
  return route
}

export const link = (...segments) => '#/' + segments.map((s) => encodeURIComponent(s)).join('/')

export function navigate (...segments) {
  window.location.hash = link(...segments).slice(1)
}
