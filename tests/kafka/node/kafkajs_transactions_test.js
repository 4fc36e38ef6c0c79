#!/usr/bin/env node
// kafkajs 2.2.4 transactions against `eventioz serve`: a transactional producer (one
// connection per broker, its own way of finding the coordinator) runs six transactions, each
// writing two partitions and committing consumer-group offsets with sendOffsets; the even ones
// commit, the odd ones abort. A read_committed consumer (kafkajs' default) sees exactly the
// committed records, and the group's committed offset is the last committed transaction's.
//   node kafkajs_transactions_test.js <path to eventioz>
// Without EVENTIOZ_KAFKA_BOOTSTRAP, the script runs itself under ../harness.py.
'use strict'

const path = require('path')
const { spawnSync } = require('child_process')

if (!process.env.EVENTIOZ_KAFKA_BOOTSTRAP) {
  if (process.argv.length !== 3) {
    console.error('usage: kafkajs_transactions_test.js <path to eventioz>')
    process.exit(2)
  }
  const harness = path.join(__dirname, '..', 'harness.py')
  const run = spawnSync('/usr/bin/python3',
    [harness, 'run', process.argv[2], '--', process.execPath, __filename, process.argv[2]],
    { stdio: 'inherit' })
  process.exit(run.status === null ? 1 : run.status)
}

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
let kafkajs
try {
  kafkajs = require('kafkajs')
} catch (error) {
  console.log(`FAILED: kafkajs is not installed (${error.message}); run scripts/install-node-clients`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}
const { Kafka, logLevel } = kafkajs

const TOPIC = 'kafkajs-txn'
const INPUT = 'kafkajs-txn-input'
const GROUP = 'kafkajs-txn-group'
const ROUNDS = 6  // the last one aborts: its offsets must not show
const OVERALL_TIMEOUT_MS = 90000

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
function finish () {
  if (failures.length) console.log(`failed checks:\n  ${failures.join('\n  ')}`)
  console.log(`${passed} passed, ${failures.length} failed`)
  process.exit(failures.length ? 1 : 0)
}

const kafka = new Kafka({ brokers: [process.env.EVENTIOZ_KAFKA_BOOTSTRAP], logLevel: logLevel.WARN })

async function main () {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }, { topic: INPUT }] })
    const producer = kafka.producer({ transactionalId: 'kafkajs-txn', maxInFlightRequests: 1,
      idempotent: true })
    await producer.connect()
    const expected = []
    for (let round = 0; round < ROUNDS; round++) {
      const commit = round % 2 === 0
      const transaction = await producer.transaction()
      await transaction.send({ topic: TOPIC, messages: [
        { value: `round-${round}-a`, partition: 0 }, { value: `round-${round}-b`, partition: 1 }] })
      await transaction.sendOffsets({ consumerGroupId: GROUP,
        topics: [{ topic: INPUT, partitions: [{ partition: 0, offset: String(round + 1) }] }] })
      if (commit) {
        await transaction.commit()
        expected.push(`round-${round}-a`, `round-${round}-b`)
      } else {
        await transaction.abort()
      }
    }
    await producer.disconnect()
    check(`${ROUNDS} transactions ended (commit and abort alternating)`, true)

    const consumer = kafka.consumer({ groupId: 'kafkajs-txn-reader' })  // read_committed
    await consumer.connect()
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true })
    const seen = []
    await consumer.run({ eachMessage: async ({ message }) => { seen.push(message.value.toString()) } })
    for (let waited = 0; waited < 30000 && seen.length < expected.length; waited += 200) {
      await new Promise(resolve => setTimeout(resolve, 200))
    }
    await new Promise(resolve => setTimeout(resolve, 1000))  // anything more would show now
    await consumer.disconnect()
    equal('read_committed: exactly the committed records', seen.sort(), expected.sort())

    const offsets = await admin.fetchOffsets({ groupId: GROUP, topics: [INPUT] })
    equal('sendOffsets: the group offset is the last committed transaction\'s',
      offsets[0].partitions.map(p => p.offset), [String(ROUNDS - 1)])
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
