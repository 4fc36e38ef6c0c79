// A Chart.js chart as a Preact component: created once on mount, its data replaced and
// redrawn (without animation) when the props change, destroyed on unmount. Only the Chart.js
// pieces the console uses are registered, which keeps the bundle small.
import { useEffect, useRef } from 'preact/hooks'
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip
} from 'chart.js'
import { html } from '../html.js'

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip)

export function ChartView ({ type, labels, datasets, formatY, height = 220, label }) {
  const canvas = useRef(null)
  const chart = useRef(null)

  useEffect(() => {
    chart.current = new Chart(canvas.current, {
      type,
      data: { labels: [], datasets: [] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${formatY ? formatY(item.parsed.y) : item.parsed.y}`
            }
          }
        },
        scales: {
          x: { ticks: { maxTicksLimit: 8, autoSkip: true }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { callback: (v) => (formatY ? formatY(v) : v) } }
        }
      }
    })
    return () => chart.current.destroy()
  }, [type])

  useEffect(() => {
    chart.current.data.labels = labels
    chart.current.data.datasets = datasets
    chart.current.update('none')
  }, [labels, datasets])

  return html`<div class="chart" style=${{ height: height + 'px' }}>
    <canvas ref=${canvas} role="img" aria-label=${label}></canvas>
  </div>`
}

export const palette = {
  blue: '#2563eb',
  green: '#16a34a',
  orange: '#ea580c',
  purple: '#7c3aed'
}
