#!/usr/bin/env node
// kafkajs 2.2.4 idempotent and transactional producers against `eventioz serve`, used the way
// the kafkajs documentation shows:
//  1. an idempotent producer (idempotent: true, maxInFlightRequests: 1) asks for a producer id
//     and its records are consumed exactly once, in order;
//  2. a transactional producer: a committed transaction is visible to a default (read_committed)
//     consumer, an aborted one is not, and a readUncommitted consumer sees both; a consumer that
//     seeks into an aborted transaction skips the rest of it; a consumer that starts at the end
//     while a transaction is open sees its records when it commits (not before), promptly; a
//     consumer reading while two transactions interleave and abort sees neither;
//  3. consume-transform-produce with transaction.sendOffsets: committed transactions move the
//     group's offsets (admin.fetchOffsets) and their output appears; an aborted one moves
//     nothing, its output never appears, and the group is handed those records again;
//  4. fencing: a second producer with the same transactionalId fences the first, whose next
//     commit fails with INVALID_PRODUCER_EPOCH; only the second producer's records are visible;
//  5. a transaction left open past its transactionTimeout is aborted by the broker.
//   node kafkajs_transactions_test.js <path to eventioz>
// Without EVENTIOZ_KAFKA_BOOTSTRAP, the script runs itself under ../harness.py, which starts the
// broker and sets it.
'use strict'

const { kafkajsUnderHarness } = require('./under_harness')

const kafkajs = kafkajsUnderHarness(__filename)
const { Kafka, logLevel } = kafkajs

const bootstrap = process.env.EVENTIOZ_KAFKA_BOOTSTRAP
const IDEMPOTENT_TOPIC = 'kjs-idempotent'
const TXN_TOPIC = 'kjs-txn'
const INPUT_TOPIC = 'kjs-input'
const OUTPUT_TOPIC = 'kjs-output'
const FENCE_TOPIC = 'kjs-fence'
const OPEN_TOPIC = 'kjs-open'
const TIMEOUT_TOPIC = 'kjs-timeout'
const INTERLEAVED_TOPIC = 'kjs-interleaved'
const PROCESSOR_GROUP = 'kjs-processor'
const OVERALL_TIMEOUT_MS = 60000

let passed = 0
const failures = []
function check (description, condition, detail) {
  if (condition) {
    passed++
    console.log(`ok: ${description}`)
  } else {
    failures.push(description)
    console.log(`FAILED: ${description}${detail ? `\n    ${detail}` : ''}`)
  }
  return condition
}
function equal (description, actual, expected) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  return check(description, a === e, `expected ${e}\n    got      ${a}`)
}
async function step (description, body) {
  const started = Date.now()
  try {
    await body()
    console.log(`(${description}: ${Date.now() - started} ms)`)
  } catch (error) {
    check(`${description}: ${error.name}: ${error.message}`, false,
      (error.stack || '').split('\n').slice(1, 8).join('\n    '))
  }
}
function finish () {
  if (failures.length) console.log(`failed checks:\n  ${failures.join('\n  ')}`)
  console.log(`${passed} passed, ${failures.length} failed`)
  process.exit(failures.length ? 1 : 0)
}

const kafka = new Kafka({
  clientId: 'eventioz-e2e-kafkajs-txn',
  brokers: [bootstrap],
  logLevel: process.env.KAFKAJS_LOG_LEVEL ? logLevel[process.env.KAFKAJS_LOG_LEVEL] : logLevel.NOTHING,
  connectionTimeout: 5000,
  requestTimeout: 10000,
  retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 }
})

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
async function waitFor (predicate, ms) {
  const deadline = Date.now() + ms
  while (!predicate() && Date.now() < deadline) await sleep(50)
  return predicate()
}

// Runs a consumer in `groupId` over `topic` from the beginning until `done(records)` holds (or
// `ms` pass), then a little longer so that anything past the expected end shows up too.
// Returns the records as "partition:value" strings in arrival order (per partition, log order).
async function consume ({ groupId, topic, readUncommitted = false, done, ms = 10000 }) {
  const consumer = kafka.consumer({ groupId, readUncommitted, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 })
  const records = []
  await consumer.connect()
  try {
    await consumer.subscribe({ topic, fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push(`${partition}:${message.value.toString()}`)
      }
    })
    await waitFor(() => done(records), ms)
    await sleep(300)
  } finally {
    await consumer.disconnect().catch(() => {})
  }
  return records
}
const onPartition = (records, partition) =>
  records.filter(r => r.startsWith(`${partition}:`)).map(r => r.slice(r.indexOf(':') + 1))

function committedOffsets (fetched) {
  const result = {}
  for (const p of fetched[0].partitions) result[p.partition] = p.offset
  return result
}

async function idempotentProducer (admin) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false })
  const apis = []
  producer.on(producer.events.REQUEST, event => apis.push(event.payload.apiName))
  await producer.connect()
  const sent = { 0: [], 1: [] }
  try {
    check('idempotent: the producer asked for a producer id (InitProducerId)',
      apis.includes('InitProducerId'), JSON.stringify(apis))
    const problems = []
    for (let round = 0; round < 5; round++) {
      const messages = []
      for (let i = 0; i < 20; i++) {
        const partition = i % 2
        const value = `r${round}-${i}`
        messages.push({ partition, value })
        sent[partition].push(value)
      }
      const result = await producer.send({ topic: IDEMPOTENT_TOPIC, acks: -1, messages })
      for (const meta of result) {
        if (meta.errorCode !== 0 || Number(meta.baseOffset) !== round * 10) problems.push({ round, ...meta })
      }
    }
    check('idempotent: 5 sends acknowledged, each at the previous end of its partition',
      problems.length === 0, JSON.stringify(problems))
  } finally {
    await producer.disconnect().catch(() => {})
  }
  const offsets = await admin.fetchTopicOffsets(IDEMPOTENT_TOPIC)
  equal('idempotent: 50 records in each partition',
    offsets.map(p => [p.partition, p.high]).sort(), [[0, '50'], [1, '50']])
  const records = await consume({
    groupId: 'kjs-idempotent-reader',
    topic: IDEMPOTENT_TOPIC,
    done: r => onPartition(r, 0).includes('r4-18') && onPartition(r, 1).includes('r4-19')
  })
  equal('idempotent: partition 0 consumed exactly once, in order', onPartition(records, 0), sent[0])
  equal('idempotent: partition 1 consumed exactly once, in order', onPartition(records, 1), sent[1])
}

async function transactionalVisibility () {
  const producer = kafka.producer({ transactionalId: 'kjs-visibility', idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  try {
    const run = async (prefix, end) => {
      const transaction = await producer.transaction()
      const messages = []
      for (let i = 0; i < 6; i++) messages.push({ partition: i % 2, value: `${prefix}-${i}` })
      await transaction.send({ topic: TXN_TOPIC, acks: -1, messages })
      await transaction[end]()
    }
    await run('first', 'commit')
    await run('aborted', 'abort')
    await run('second', 'commit')
  } finally {
    await producer.disconnect().catch(() => {})
  }
  const committed = { 0: ['first-0', 'first-2', 'first-4', 'second-0', 'second-2', 'second-4'],
    1: ['first-1', 'first-3', 'first-5', 'second-1', 'second-3', 'second-5'] }
  const aborted = { 0: ['aborted-0', 'aborted-2', 'aborted-4'], 1: ['aborted-1', 'aborted-3', 'aborted-5'] }
  const ends = r => onPartition(r, 0).includes('second-4') && onPartition(r, 1).includes('second-5')

  const readCommitted = await consume({ groupId: 'kjs-read-committed', topic: TXN_TOPIC, done: ends })
  equal('transactions: a read_committed consumer sees the committed records of partition 0 only',
    onPartition(readCommitted, 0), committed[0])
  equal('transactions: a read_committed consumer sees the committed records of partition 1 only',
    onPartition(readCommitted, 1), committed[1])

  const readUncommitted = await consume({ groupId: 'kjs-read-uncommitted', topic: TXN_TOPIC, readUncommitted: true, done: ends })
  const all = p => [...committed[p].slice(0, 3), ...aborted[p], ...committed[p].slice(3)]
  equal('transactions: a readUncommitted consumer also sees the aborted records (partition 0)',
    onPartition(readUncommitted, 0), all(0))
  equal('transactions: a readUncommitted consumer also sees the aborted records (partition 1)',
    onPartition(readUncommitted, 1), all(1))

  // Partition 0 holds first-0,2,4 (offsets 0-2), a commit marker (3), aborted-0,2,4 (4-6), an
  // abort marker (7), second-0,2,4 (8-10) and a commit marker (11). A consumer that seeks into
  // the middle of the aborted transaction must still have it listed as aborted.
  const sought = []
  const seeker = kafka.consumer({ groupId: 'kjs-seeker', maxWaitTimeInMs: 100 })
  await seeker.connect()
  try {
    await seeker.subscribe({ topic: TXN_TOPIC, fromBeginning: true })
    await seeker.run({
      eachMessage: async ({ partition, message }) => {
        if (partition === 0) sought.push(`${message.offset}:${message.value.toString()}`)
      }
    })
    seeker.seek({ topic: TXN_TOPIC, partition: 0, offset: '5' })
    await waitFor(() => sought.some(r => r.endsWith('second-4')), 10000)
    await sleep(300)
  } finally {
    await seeker.disconnect().catch(() => {})
  }
  equal('transactions: read_committed from inside an aborted transaction skips the rest of it',
    sought, ['8:second-0', '9:second-2', '10:second-4'])
}

// Two transactions interleaved on one partition, both aborted, while a consumer reads: its fetch
// stops at the last stable offset inside the first (t-1 | o-1 ...), and the next answer starts
// inside both. Partition 0: plain (0), t-1 (1), o-1 (2), t-2 (3), T's ABORT (4), then later
// o-2 (5), O's ABORT (6), end (7). Only the plain records may reach a read_committed consumer.
// Partition 1: u-1 (T, 0), v-1 (O, 1), O's ABORT (2), T's ABORT (3), end-1 (4): aborted in the
// reverse order of their beginnings, which a consumer reading from the beginning must handle.
async function interleavedAborts () {
  const plain = kafka.producer({ allowAutoTopicCreation: false })
  const first = kafka.producer({ transactionalId: 'kjs-interleaved-t', idempotent: true, maxInFlightRequests: 1 })
  const second = kafka.producer({ transactionalId: 'kjs-interleaved-o', idempotent: true, maxInFlightRequests: 1 })
  const consumer = kafka.consumer({ groupId: 'kjs-interleaved-reader', maxWaitTimeInMs: 100 })
  const records = []
  const send = (producer, value, partition = 0) =>
    producer.send({ topic: INTERLEAVED_TOPIC, acks: -1, messages: [{ partition, value }] })
  for (const client of [plain, first, second, consumer]) await client.connect()
  try {
    await send(plain, 'plain')
    const t = await first.transaction()
    const o = await second.transaction()
    await send(t, 't-1')
    await send(o, 'o-1')
    await send(t, 't-2')
    await t.abort()
    await consumer.subscribe({ topic: INTERLEAVED_TOPIC, fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ partition, message }) => { if (partition === 0) records.push(message.value.toString()) }
    })
    check('interleaved: the consumer reads up to the open transaction',
      await waitFor(() => records.length > 0, 10000), JSON.stringify(records))
    await sleep(300) // its next fetches wait at the last stable offset (2)
    await send(o, 'o-2')
    await o.abort()
    await send(plain, 'end')
    await waitFor(() => records.includes('end'), 10000)
    await sleep(300)

    const u = await first.transaction()
    const v = await second.transaction()
    await send(u, 'u-1', 1)
    await send(v, 'v-1', 1)
    await v.abort()
    await u.abort()
    await send(plain, 'end-1', 1)
  } finally {
    for (const client of [consumer, plain, first, second]) await client.disconnect().catch(() => {})
  }
  equal('interleaved: a read_committed consumer gets none of two interleaved aborted transactions',
    records, ['plain', 'end'])
  const fresh = await consume({
    groupId: 'kjs-interleaved-fresh',
    topic: INTERLEAVED_TOPIC,
    done: r => r.includes('0:end') && r.includes('1:end-1')
  })
  equal('interleaved: from the beginning, none of them either (partition 0)', onPartition(fresh, 0), ['plain', 'end'])
  equal('interleaved: from the beginning, none of them either (partition 1, aborted in reverse order)',
    onPartition(fresh, 1), ['end-1'])
}

// A read_committed consumer that joins while a transaction is open and starts at the end
// (fromBeginning: false) starts at the last stable offset, so it sees the transaction's records
// once it commits, and only then: its long poll (kafkajs's default maxWaitTimeInMs, 5 s) waiting
// at the last stable offset must be woken by the commit marker.
async function openTransaction () {
  const producer = kafka.producer({ transactionalId: 'kjs-open', idempotent: true, maxInFlightRequests: 1 })
  const consumer = kafka.consumer({ groupId: 'kjs-open-reader' })
  const records = []
  await producer.connect()
  await consumer.connect()
  try {
    await producer.send({ topic: OPEN_TOPIC, acks: -1, messages: [{ partition: 0, value: 'before' }] })
    const transaction = await producer.transaction()
    await transaction.send({ topic: OPEN_TOPIC, acks: -1, messages: [{ partition: 0, value: 'pending-0' }, { partition: 0, value: 'pending-1' }] })
    let fetching = false
    consumer.on(consumer.events.FETCH_START, () => { fetching = true })
    await consumer.subscribe({ topic: OPEN_TOPIC, fromBeginning: false })
    await consumer.run({ eachMessage: async ({ message }) => { records.push(message.value.toString()) } })
    check('open transaction: the consumer fetches', await waitFor(() => fetching, 10000))
    await sleep(500)
    equal('open transaction: nothing of it is visible before the commit', records, [])
    const committedAt = Date.now()
    await transaction.commit()
    await waitFor(() => records.length >= 2, 10000)
    const latency = Date.now() - committedAt
    equal('open transaction: a consumer that started at the end (the last stable offset) sees its records after the commit',
      records, ['pending-0', 'pending-1'])
    check(`open transaction: within 1.5 s of the commit (a waiting fetch is woken): ${latency} ms`, latency < 1500)
  } finally {
    await consumer.disconnect().catch(() => {})
    await producer.disconnect().catch(() => {})
  }
}

// The processor: a consumer in PROCESSOR_GROUP without auto-commit whose every batch becomes one
// transaction (the transformed records to OUTPUT_TOPIC plus the batch's offsets through
// sendOffsets) that is committed, or aborted when `abort` says so. Runs until `expected` batches'
// worth of input records were handled.
async function processBatches (producer, { records, abort }) {
  const consumer = kafka.consumer({ groupId: PROCESSOR_GROUP, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 })
  let handled = 0
  let failure = null
  await consumer.connect()
  try {
    await consumer.subscribe({ topic: INPUT_TOPIC, fromBeginning: true })
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        try {
          const transaction = await producer.transaction()
          await transaction.send({
            topic: OUTPUT_TOPIC,
            acks: -1,
            messages: batch.messages.map(m => ({ partition: batch.partition, value: m.value.toString().toUpperCase() }))
          })
          await transaction.sendOffsets({
            consumerGroupId: PROCESSOR_GROUP,
            topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }] }]
          })
          if (abort) await transaction.abort()
          else await transaction.commit()
          handled += batch.messages.length
        } catch (error) {
          failure = failure || error
        }
      }
    })
    await waitFor(() => handled >= records || failure, 10000)
  } finally {
    await consumer.disconnect().catch(() => {})
  }
  if (failure) throw failure
  return handled
}

async function consumeTransformProduce (admin) {
  const plain = kafka.producer({ allowAutoTopicCreation: false })
  const producer = kafka.producer({ transactionalId: 'kjs-processor', idempotent: true, maxInFlightRequests: 1 })
  await plain.connect()
  await producer.connect()
  const produceInput = async (from, to) => {
    const messages = []
    for (let i = from; i < to; i++) messages.push({ partition: i % 2, value: `in-${i}` })
    await plain.send({ topic: INPUT_TOPIC, acks: -1, messages })
  }
  const fetchOffsets = async () =>
    committedOffsets(await admin.fetchOffsets({ groupId: PROCESSOR_GROUP, topics: [INPUT_TOPIC] }))
  try {
    await produceInput(0, 10)
    equal('consume-transform-produce: 10 input records handled in committed transactions',
      await processBatches(producer, { records: 10, abort: false }), 10)
    equal('consume-transform-produce: after commit, the group\'s offsets are those sent',
      await fetchOffsets(), { 0: '5', 1: '5' })

    await produceInput(10, 14)
    equal('consume-transform-produce: 4 more input records handled in aborted transactions',
      await processBatches(producer, { records: 4, abort: true }), 4)
    equal('consume-transform-produce: after abort, the group\'s offsets are unchanged',
      await fetchOffsets(), { 0: '5', 1: '5' })

    equal('consume-transform-produce: the group gets the aborted records again; committing them',
      await processBatches(producer, { records: 4, abort: false }), 4)
    equal('consume-transform-produce: then the group\'s offsets cover them',
      await fetchOffsets(), { 0: '7', 1: '7' })
  } finally {
    await producer.disconnect().catch(() => {})
    await plain.disconnect().catch(() => {})
  }
  const output = await consume({
    groupId: 'kjs-output-reader',
    topic: OUTPUT_TOPIC,
    done: r => onPartition(r, 0).includes('IN-12') && onPartition(r, 1).includes('IN-13')
  })
  const expected = p => [0, 1, 2, 3, 4, 5, 6].map(i => `IN-${2 * i + p}`)
  equal('consume-transform-produce: the output holds each input record once (partition 0)',
    onPartition(output, 0), expected(0))
  equal('consume-transform-produce: the output holds each input record once (partition 1)',
    onPartition(output, 1), expected(1))
}

async function fencing () {
  const zombie = kafka.producer({ transactionalId: 'kjs-fenced', idempotent: true, maxInFlightRequests: 1 })
  const successor = kafka.producer({ transactionalId: 'kjs-fenced', idempotent: true, maxInFlightRequests: 1 })
  await zombie.connect()
  await successor.connect()
  try {
    const zombieTransaction = await zombie.transaction()
    await zombieTransaction.send({ topic: FENCE_TOPIC, acks: -1, messages: [{ partition: 0, value: 'zombie-1' }] })

    // The successor's InitProducerId aborts the zombie's open transaction and bumps the epoch.
    const transaction = await successor.transaction()
    await transaction.send({ topic: FENCE_TOPIC, acks: -1, messages: [{ partition: 0, value: 'successor' }] })
    await transaction.commit()

    let sendError = null
    try {
      await zombieTransaction.send({ topic: FENCE_TOPIC, acks: -1, messages: [{ partition: 0, value: 'zombie-2' }] })
    } catch (error) {
      sendError = error
    }
    equal('fencing: the fenced producer\'s next send fails with INVALID_PRODUCER_EPOCH',
      sendError && (sendError.type || sendError.name), 'INVALID_PRODUCER_EPOCH')
    let commitError = null
    try {
      await zombieTransaction.commit()
    } catch (error) {
      commitError = error
    }
    equal('fencing: and its commit fails with INVALID_PRODUCER_EPOCH',
      commitError && (commitError.type || commitError.name), 'INVALID_PRODUCER_EPOCH')
  } finally {
    await zombie.disconnect().catch(() => {})
    await successor.disconnect().catch(() => {})
  }
  const records = await consume({
    groupId: 'kjs-fence-reader',
    topic: FENCE_TOPIC,
    done: r => r.includes('0:successor')
  })
  equal('fencing: only the successor\'s record is visible', records, ['0:successor'])
}

// A transaction left open past its transactionTimeout is aborted by the broker: its records
// never become visible and the producer's late commit fails (its epoch was bumped).
async function timedOut () {
  const producer = kafka.producer({ transactionalId: 'kjs-timeout', idempotent: true, maxInFlightRequests: 1, transactionTimeout: 1000 })
  await producer.connect()
  try {
    const transaction = await producer.transaction()
    await transaction.send({ topic: TIMEOUT_TOPIC, acks: -1, messages: [{ partition: 0, value: 'expired' }] })
    await sleep(2500)
    let commitError = null
    try {
      await transaction.commit()
    } catch (error) {
      commitError = error
    }
    equal('transaction timeout: a commit after the timeout fails with INVALID_PRODUCER_EPOCH',
      commitError && (commitError.type || commitError.name), 'INVALID_PRODUCER_EPOCH')
  } finally {
    await producer.disconnect().catch(() => {})
  }
  const later = kafka.producer({ allowAutoTopicCreation: false })
  await later.connect()
  await later.send({ topic: TIMEOUT_TOPIC, acks: -1, messages: [{ partition: 0, value: 'after' }] })
  await later.disconnect()
  const records = await consume({ groupId: 'kjs-timeout-reader', topic: TIMEOUT_TOPIC, done: r => r.includes('0:after') })
  equal('transaction timeout: the expired transaction\'s record is invisible', records, ['0:after'])
}

async function main () {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [IDEMPOTENT_TOPIC, TXN_TOPIC, INPUT_TOPIC, OUTPUT_TOPIC, INTERLEAVED_TOPIC].map(topic => ({ topic, numPartitions: 2 }))
        .concat([FENCE_TOPIC, OPEN_TOPIC, TIMEOUT_TOPIC].map(topic => ({ topic, numPartitions: 1 })))
    })
    await step('idempotent producer', () => idempotentProducer(admin))
    await step('transactional visibility', transactionalVisibility)
    await step('interleaved aborted transactions', interleavedAborts)
    await step('open transaction', openTransaction)
    await step('consume-transform-produce', () => consumeTransformProduce(admin))
    await step('fencing', fencing)
    await step('transaction timeout', timedOut)
  } finally {
    await admin.disconnect().catch(() => {})
  }
}

setTimeout(() => {
  check(`the test finishes within ${OVERALL_TIMEOUT_MS / 1000} s`, false)
  finish()
}, OVERALL_TIMEOUT_MS).unref()

main().catch(error => {
  check(`the test stopped early: ${error.name}: ${error.message}`, false,
    (error.stack || '').split('\n').slice(1, 8).join('\n    '))
}).finally(finish)
