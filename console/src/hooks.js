// Loading data for a page: the answer, the error (an ApiError with the broker's detail),
// whether a request is running, and reload(); optionally polled every `refreshMs`.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { api } from './api.js'

export function useApi (path, { refreshMs = 0 } = {}) {
  const [state, setState] = useState({ data: null, error: null, loading: true })
  const generation = useRef(0)

  const load = useCallback(async () => {
    const mine = ++generation.current
    setState((s) => ({ ...s, loading: true }))
    try {
      const data = await api(path)
      if (mine === generation.current) setState({ data, error: null, loading: false })
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ data: s.data, error, loading: false }))
    }
  }, [path])

  useEffect(() => {
    setState({ data: null, error: null, loading: true })
    load()
    if (!refreshMs) return () => { generation.current++ }
    const timer = setInterval(() => { if (!document.hidden) load() }, refreshMs)
    return () => { clearInterval(timer); generation.current++ }
  }, [load, refreshMs])

  return { ...state, reload: load }
}
