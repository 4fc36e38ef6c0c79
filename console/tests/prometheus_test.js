// The console's Prometheus text parser (src/prometheus.js) and the formatting of record values
// (src/format.js), with node's own test runner: `node --test console/tests/`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parsePrometheus, sumOf } from '../src/prometheus.js'
import { formatBytes, renderPayload, headerList } from '../src/format.js'

const scrape = `# HELP eventioz_topic_records_in_total Records produced to a topic.
# TYPE eventioz_topic_records_in_total counter
eventioz_topic_records_in_total{topic="orders"} 120
eventioz_topic_records_in_total{topic="we\\"ird,topic"} 3
eventioz_topic_records_in_total{topic="line\\nbreak",shard="1"} 2 1732480000000
eventioz_storage_used_bytes 4.5e+06
eventioz_kafka_request_duration_seconds_bucket{api="Produce",le="+Inf"} 7
eventioz_process_cpu_seconds_total NaN
`

test('samples with labels, escapes, exponents and timestamps', () => {
  const samples = parsePrometheus(scrape)
  assert.deepEqual(samples[0], { name: 'eventioz_topic_records_in_total', labels: { topic: 'orders' }, value: 120 })
  assert.deepEqual(samples[1].labels, { topic: 'we"ird,topic' })
  assert.deepEqual(samples[2].labels, { topic: 'line\nbreak', shard: '1' })
  assert.equal(samples[2].value, 2)
  assert.equal(samples[3].value, 4500000)
  assert.deepEqual(samples[4].labels, { api: 'Produce', le: '+Inf' })
  assert.equal(samples.length, 5, 'NaN samples are dropped')
})

test('sums over label sets', () => {
  const samples = parsePrometheus(scrape)
  assert.equal(sumOf(samples, 'eventioz_topic_records_in_total'), 125)
  assert.equal(sumOf(samples, 'eventioz_topic_records_in_total', { topic: 'orders' }), 120)
  assert.equal(sumOf(samples, 'eventioz_missing_total'), 0)
})

test('comments, blank lines and garbage are skipped', () => {
  assert.deepEqual(parsePrometheus('\n# just a comment\n\nnot a sample line{\n'), [])
})

test('values as shown', () => {
  assert.equal(formatBytes(50.18), '50.2 B')
  assert.equal(formatBytes(0.25), '0.3 B')
  assert.equal(formatBytes(1536), '1.50 KiB')
  assert.equal(renderPayload({ a: [1, true] }, 'json'), '{\n  "a": [\n    1,\n    true\n  ]\n}')
  assert.equal(renderPayload('plain', 'text'), 'plain')
  assert.equal(renderPayload(null, 'null'), 'null')
  assert.deepEqual(headerList({ h: 'v' }), [{ key: 'h', value: 'v' }])
})
