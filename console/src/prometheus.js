// A parser for the Prometheus text exposition format (what /metrics answers), enough for the
// console: samples with their labels; comments (# HELP, # TYPE) are skipped.

// Returns [{name, labels: {k: v}, value}] for every sample line.
export function parsePrometheus (text) {
  const samples = []
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim()
    if (!line || line.startsWith('#')) continue
    const sample = parseLine(line)
    if (sample) samples.push(sample)
  }
  return samples
}

function parseLine (line) {
  let i = 0
  while (i < line.length && line[i] !== '{' && line[i] !== ' ' && line[i] !== '\t') i++
  const name = line.slice(0, i)
  const labels = {}
  if (line[i] === '{') {
    i++
    while (i < line.length && line[i] !== '}') {
      const equals = line.indexOf('=', i)
      if (equals < 0) return null
      const key = line.slice(i, equals).trim().replace(/^,/, '').trim()
      i = equals + 1
      if (line[i] !== '"') return null
      i++
      let value = ''
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          const next = line[i + 1]
          value += next === 'n' ? '\n' : next
          i += 2
        } else {
          value += line[i++]
        }
      }
      i++ // closing quote
      labels[key] = value
      while (i < line.length && (line[i] === ',' || line[i] === ' ')) i++
    }
    i++ // closing brace
  }
  const rest = line.slice(i).trim().split(/\s+/)
  const value = parseValue(rest[0])
  if (!name || Number.isNaN(value)) return null
  return { name, labels, value }
}

function parseValue (text) {
  if (text === '+Inf') return Infinity
  if (text === '-Inf') return -Infinity
  return Number(text)
}

// The sum of every sample named `name` (optionally only those whose labels match `where`).
export function sumOf (samples, name, where = {}) {
  let total = 0
  for (const sample of samples) {
    if (sample.name !== name) continue
    if (Object.entries(where).every(([k, v]) => sample.labels[k] === v)) total += sample.value
  }
  return total
}
