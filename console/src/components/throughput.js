// Live throughput from successive /metrics scrapes: the per-topic counters
// (eventioz_topic_{records,bytes}_{in,out}_total) summed, differenced between scrapes and
// divided by the time between them. Keeps the last WINDOW points.
import { useEffect, useState } from 'preact/hooks'
import { html } from '../html.js'
import { parsePrometheus, sumOf } from '../prometheus.js'
import { formatBytes, formatNumber } from '../format.js'
import { ChartView, palette } from './chart.js'
import { ErrorBox } from './common.js'

const WINDOW = 60
const INTERVAL_MS = 2000
const COUNTERS = {
  recordsIn: 'eventioz_topic_records_in_total',
  recordsOut: 'eventioz_topic_records_out_total',
  bytesIn: 'eventioz_topic_bytes_in_total',
  bytesOut: 'eventioz_topic_bytes_out_total'
}

async function scrape () {
  const response = await fetch('/metrics', { headers: { Accept: 'text/plain' } })
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`)
  const samples = parsePrometheus(await response.text())
  const totals = { at: performance.now(), byTopic: {} }
  for (const [key, name] of Object.entries(COUNTERS)) totals[key] = sumOf(samples, name)
  totals.storageUsed = sumOf(samples, 'eventioz_storage_used_bytes')
  for (const sample of samples) {
    const key = Object.keys(COUNTERS).find((k) => COUNTERS[k] === sample.name)
    if (!key || sample.labels.topic === undefined) continue
    const topic = (totals.byTopic[sample.labels.topic] ??= { recordsIn: 0, recordsOut: 0, bytesIn: 0, bytesOut: 0 })
    topic[key] += sample.value
  }
  return totals
}

// Per second between two scrapes; a counter that went down (a restart) counts as 0.
function rates (now, before, seconds) {
  const out = {}
  for (const key of Object.keys(COUNTERS)) out[key] = Math.max(0, ((now[key] ?? 0) - (before?.[key] ?? 0)) / seconds)
  return out
}

// One sampler for the whole page: it starts with the first chart shown and keeps scraping
// while the tab is visible, so going back to the overview shows the last minutes at once.
const sampler = {
  state: { points: [], topicRates: {}, latest: null, error: null },
  listeners: new Set(),
  previous: null,
  timer: null,
  set (next) {
    this.state = { ...this.state, ...next }
    for (const listener of this.listeners) listener(this.state)
  },
  async tick () {
    if (document.hidden) return
    try {
      const totals = await scrape()
      const previous = this.previous
      this.previous = totals
      if (!previous) return this.set({ latest: totals, error: null })
      const seconds = (totals.at - previous.at) / 1000
      const point = { time: new Date().toLocaleTimeString([], { hour12: false }), ...rates(totals, previous, seconds) }
      const topicRates = {}
      for (const [topic, now] of Object.entries(totals.byTopic)) {
        topicRates[topic] = rates(now, previous.byTopic[topic], seconds)
      }
      this.set({ points: [...this.state.points, point].slice(-WINDOW), topicRates, latest: totals, error: null })
    } catch (error) {
      this.set({
        error: { title: 'Metrics unavailable', detail: `${error.message}; the chart resumes when /metrics answers.` }
      })
    }
  },
  subscribe (listener) {
    this.listeners.add(listener)
    if (!this.timer) {
      this.tick()
      this.timer = setInterval(() => this.tick(), INTERVAL_MS)
    }
    return () => this.listeners.delete(listener)
  }
}

// The throughput of every topic together, and of each topic at the last scrape:
// {points, topicRates: {topic: {recordsIn, ...}}, latest, error}.
export function useThroughput () {
  const [state, setState] = useState(sampler.state)
  useEffect(() => sampler.subscribe(setState), [])
  return state
}

export function ThroughputCharts ({ throughput }) {
  const { points, error } = throughput
  const labels = points.map((p) => p.time)
  const line = (label, key, color) => ({
    label,
    data: points.map((p) => p[key]),
    borderColor: color,
    backgroundColor: color + '22',
    fill: true,
    cubicInterpolationMode: 'monotone', // smooth, never overshooting below 0
    pointRadius: points.length < 10 ? 3 : 0, // a few points are dots, many a line
    borderWidth: 2
  })
  const last = points[points.length - 1]
  // data-*: what the end-to-end test waits for (points drawn, records seen coming in).
  const peakIn = Math.max(0, ...points.map((p) => p.recordsIn))
  return html`<div class="throughput" data-points=${points.length} data-peak-records-in=${peakIn}>
    <${ErrorBox} error=${error} />
    <div class="chart-grid">
      <div>
        <div class="chart-title">Records/s
          <span class="muted">${last ? ` in ${formatNumber(last.recordsIn)} · out ${formatNumber(last.recordsOut)}` : ''}</span>
        </div>
        <${ChartView} type="line" label="Records per second, in and out" labels=${labels}
          formatY=${formatNumber}
          datasets=${[line('in (produced)', 'recordsIn', palette.blue), line('out (all readers, incl. this console)', 'recordsOut', palette.green)]} />
      </div>
      <div>
        <div class="chart-title">Bytes/s
          <span class="muted">${last ? ` in ${formatBytes(last.bytesIn)}/s · out ${formatBytes(last.bytesOut)}/s` : ''}</span>
        </div>
        <${ChartView} type="line" label="Bytes per second, in and out" labels=${labels}
          formatY=${formatBytes}
          datasets=${[line('in (produced)', 'bytesIn', palette.orange), line('out (all readers, incl. this console)', 'bytesOut', palette.purple)]} />
      </div>
    </div>
    ${points.length === 0 && !error ? html`<div class="muted small">Measuring… the first points appear after two scrapes of /metrics (every ${INTERVAL_MS / 1000} s).</div>` : null}
  </div>`
}
