// Loading data for a page: the answer, the error (an ApiError with the broker's detail),
// whether a request is running, and reload(); optionally polled every `refreshMs`.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { api } from './api.js'

export function useApi (path, { refreshMs = 0 } = {}) {
  const [state, setState] = useState({ data: null, error: null, loading: true })
  const generation = useRef(0)
  const lastStatus = useRef(0)

  const load = useCallback(async () => {
    const mine = ++generation.current
    setState((s) => ({ ...s, loading: true }))
    try {
      const data = await api(path)
      lastStatus.current = 200
      if (mine === generation.current) setState({ data, error: null, loading: false })
    } catch (error) {
      lastStatus.current = error.status
      if (mine === generation.current) setState((s) => ({ data: s.data, error, loading: false }))
    }
  }, [path])

  useEffect(() => {
    setState({ data: null, error: null, loading: true })
    load()
    if (!refreshMs) return () => { generation.current++ }
    // Polled while the tab is visible; not after a 404 (the thing is gone: reload() retries).
    const timer = setInterval(() => {
      if (!document.hidden && lastStatus.current !== 404) load()
    }, refreshMs)
    return () => { clearInterval(timer); generation.current++ }
  }, [load, refreshMs])

  return { ...state, reload: load }
}
