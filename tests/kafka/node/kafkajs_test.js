#!/usr/bin/env node
// kafkajs 2.2.4 against `eventioz serve`: admin (describeCluster, createTopics, listTopics,
// fetchTopicMetadata, describeConfigs, createPartitions, fetchTopicOffsets,
// fetchTopicOffsetsByTimestamp, deleteTopicRecords, deleteTopics) and a producer sending a few
// hundred records with acks -1 (plain and gzip) whose offsets the high watermarks confirm.
// Groups: two consumers (the default RoundRobinAssigner) in one group share a 3-partition topic;
// every record is consumed, both members get partitions, and the admin client sees the group
// (describeGroups) and its committed offsets at the end of each partition (fetchOffsets).
//   node kafkajs_test.js <path to eventioz>
// Without EVENTIOZ_KAFKA_BOOTSTRAP, the script runs itself under ../harness.py, which starts the
// broker and sets it.
'use strict'

const { kafkajsUnderHarness } = require('./under_harness')

const kafkajs = kafkajsUnderHarness(__filename)
const { Kafka, logLevel, CompressionTypes, ConfigResourceTypes } = kafkajs

const bootstrap = process.env.EVENTIOZ_KAFKA_BOOTSTRAP
const MAIN_TOPIC = 'kafkajs-main'
const TIMES_TOPIC = 'kafkajs-times'
const GROUP_TOPIC = 'kafkajs-group'
const GROUP = 'kafkajs-app'
const GROUP_RECORDS = 300
const BASE_TIME = 1600000000000
const OVERALL_TIMEOUT_MS = 150000

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
  try {
    await body()
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
  clientId: 'eventioz-e2e-kafkajs',
  brokers: [bootstrap],
  logLevel: logLevel.ERROR,
  connectionTimeout: 5000,
  requestTimeout: 15000,
  retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 }
})

function byPartition (offsets) {
  const result = {}
  for (const entry of offsets) {
    result[entry.partition] = { low: entry.low, high: entry.high }
  }
  return result
}

async function main () {
  const admin = kafka.admin()
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false })
  await admin.connect()
  try {
    await step('describeCluster', async () => {
      const cluster = await admin.describeCluster()
      const brokers = cluster.brokers.map(b => `${b.host}:${b.port}`)
      equal('describeCluster: one broker, at the bootstrap address', brokers, [bootstrap])
      check('describeCluster: the controller is that broker',
        cluster.brokers.some(b => b.nodeId === cluster.controller), JSON.stringify(cluster))
      check('describeCluster: a cluster id', Boolean(cluster.clusterId), JSON.stringify(cluster))
    })

    await step('createTopics', async () => {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: MAIN_TOPIC, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] },
          { topic: TIMES_TOPIC, numPartitions: 1, replicationFactor: 1 }
        ]
      })
      equal('createTopics creates the topics (returns true)', created, true)
      const again = await admin.createTopics({ topics: [{ topic: MAIN_TOPIC, numPartitions: 3 }] })
      equal('createTopics of an existing topic returns false (TOPIC_ALREADY_EXISTS)', again, false)
    })

    await step('listTopics and fetchTopicMetadata', async () => {
      const topics = await admin.listTopics()
      check('listTopics shows both topics', topics.includes(MAIN_TOPIC) && topics.includes(TIMES_TOPIC),
        JSON.stringify(topics))
      const metadata = await admin.fetchTopicMetadata({ topics: [MAIN_TOPIC] })
      const partitions = metadata.topics[0].partitions
      equal(`fetchTopicMetadata: ${MAIN_TOPIC} has partitions 0-2`,
        partitions.map(p => p.partitionId).sort(), [0, 1, 2])
      check('every partition has a leader', partitions.every(p => p.leader >= 0), JSON.stringify(partitions))
    })

    await step('describeConfigs', async () => {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: MAIN_TOPIC, configNames: ['retention.ms'] }]
      })
      const entries = described.resources[0].configEntries
      const entry = entries.find(e => e.configName === 'retention.ms')
      equal('describeConfigs returns the retention.ms given at creation', entry && entry.configValue, '3600000')
    })

    await producer.connect()

    // 300 records to explicit partitions (100 each): 2 sends plain, 1 with gzip; each send's base
    // offset per partition must be where the previous one ended.
    await step('producer send, acks -1', async () => {
      const perPartition = { 0: 0, 1: 0, 2: 0 }
      let allGood = true
      const problems = []
      for (let round = 0; round < 3; round++) {
        const messages = []
        for (let i = 0; i < 100; i++) {
          const n = round * 100 + i
          messages.push({ partition: n % 3, key: `key-${n}`, value: `value ${n} `.repeat(4), headers: { index: String(n) } })
        }
        const result = await producer.send({
          topic: MAIN_TOPIC,
          acks: -1,
          compression: round === 2 ? CompressionTypes.GZIP : CompressionTypes.None,
          messages
        })
        for (const meta of result) {
          if (meta.errorCode !== 0 || String(meta.baseOffset) !== String(perPartition[meta.partition])) {
            allGood = false
            problems.push({ round, ...meta, expectedBaseOffset: perPartition[meta.partition] })
          }
        }
        for (const m of messages) perPartition[m.partition]++
      }
      check('300 records acknowledged, each send at the previous high watermark', allGood, JSON.stringify(problems))
      const offsets = byPartition(await admin.fetchTopicOffsets(MAIN_TOPIC))
      equal('fetchTopicOffsets: 100 records in each partition', offsets,
        { 0: { low: '0', high: '100' }, 1: { low: '0', high: '100' }, 2: { low: '0', high: '100' } })

      // Keyed records with the default partitioner: the total grows by exactly their number.
      const keyed = []
      for (let i = 0; i < 150; i++) keyed.push({ key: `k${i}`, value: `keyed ${i}` })
      const result = await producer.send({ topic: MAIN_TOPIC, acks: -1, messages: keyed })
      check('150 keyed records acknowledged', result.every(m => m.errorCode === 0), JSON.stringify(result))
      const after = await admin.fetchTopicOffsets(MAIN_TOPIC)
      equal('fetchTopicOffsets: the high watermarks add up to 450',
        after.reduce((sum, p) => sum + Number(p.high), 0), 450)
    })

    await step('fetchTopicOffsetsByTimestamp', async () => {
      for (let i = 0; i < 5; i++) {
        await producer.send({
          topic: TIMES_TOPIC,
          acks: -1,
          messages: [{ partition: 0, value: `at ${i}`, timestamp: String(BASE_TIME + i * 1000) }]
        })
      }
      const at = async (timestamp) => (await admin.fetchTopicOffsetsByTimestamp(TIMES_TOPIC, timestamp))[0].offset
      equal('offset for a timestamp between records 1 and 2 is 2', await at(BASE_TIME + 1500), '2')
      equal('offset for record 3\'s own timestamp is 3', await at(BASE_TIME + 3000), '3')
      equal('offset for a timestamp before every record is 0', await at(BASE_TIME - 60000), '0')
      equal('offset for a timestamp after every record is the end (5)', await at(BASE_TIME + 60000), '5')
    })

    await step('createPartitions', async () => {
      await admin.createPartitions({ topicPartitions: [{ topic: MAIN_TOPIC, count: 4 }] })
      let count = 0
      for (let tries = 0; tries < 20 && count !== 4; tries++) {
        const metadata = await admin.fetchTopicMetadata({ topics: [MAIN_TOPIC] })
        count = metadata.topics[0].partitions.length
        if (count !== 4) await new Promise(resolve => setTimeout(resolve, 250))
      }
      equal(`createPartitions grows ${MAIN_TOPIC} to 4 partitions`, count, 4)
      // A new producer: a connected one keeps its partition metadata for metadataMaxAge and
      // silently drops records for a partition it does not know yet.
      const fresh = kafka.producer({ allowAutoTopicCreation: false, idempotent: false })
      await fresh.connect()
      try {
        const result = await fresh.send({ topic: MAIN_TOPIC, acks: -1, messages: [{ partition: 3, value: 'new partition' }] })
        equal('the new partition takes a record at offset 0', result.map(m => [m.partition, m.errorCode, String(m.baseOffset)]), [[3, 0, '0']])
      } finally {
        await fresh.disconnect()
      }
    })

    await step('deleteTopicRecords', async () => {
      await admin.deleteTopicRecords({ topic: MAIN_TOPIC, partitions: [{ partition: 0, offset: '40' }] })
      const offsets = byPartition(await admin.fetchTopicOffsets(MAIN_TOPIC))
      equal('deleteTopicRecords moves partition 0\'s low watermark to 40', offsets[0] && offsets[0].low, '40')
      check('and leaves its high watermark', offsets[0] && Number(offsets[0].high) >= 100, JSON.stringify(offsets))
      equal('and leaves partition 1 alone', offsets[1] && offsets[1].low, '0')
    })

    await step('consumer group', async () => {
      await admin.createTopics({ topics: [{ topic: GROUP_TOPIC, numPartitions: 3 }], waitForLeaders: true })
      const messages = []
      for (let i = 0; i < GROUP_RECORDS; i++) messages.push({ value: `g${i}`, partition: i % 3 })
      await producer.send({ topic: GROUP_TOPIC, acks: -1, messages })
      const seen = new Map()
      const assigned = {}
      const consumers = ['one', 'two'].map(name => {
        const consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 6000, heartbeatInterval: 500 })
        consumer.on(consumer.events.GROUP_JOIN, event => {
          const partitions = event.payload.memberAssignment[GROUP_TOPIC] || []
          if (partitions.length > 0) assigned[name] = partitions
        })
        return { name, consumer }
      })
      const waitFor = async (predicate, ms) => {
        const deadline = Date.now() + ms
        while (!predicate() && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100))
        return predicate()
      }
      try {
        for (const { name, consumer } of consumers) {
          await consumer.connect()
          await consumer.subscribe({ topic: GROUP_TOPIC, fromBeginning: true })
          await consumer.run({
            eachMessage: async ({ message }) => {
              const value = message.value.toString()
              seen.set(value, (seen.get(value) || 0) + 1)
              await new Promise(resolve => setTimeout(resolve, 5)) // leave the other time to join
            }
          })
          if (name === 'one') await waitFor(() => seen.size > 0, 20000)
        }
        check('group: every record consumed', await waitFor(() => seen.size >= GROUP_RECORDS, 40000),
          `${seen.size} of ${GROUP_RECORDS}`)
        check('group: both members got partitions', await waitFor(() => assigned.one && assigned.two, 20000),
          JSON.stringify(assigned))
      } finally {
        for (const { consumer } of consumers) await consumer.disconnect().catch(() => {})
      }
      const groups = await admin.describeGroups([GROUP])
      const group = groups.groups[0]
      equal('describeGroups: empty after both left, consumer protocol',
        [group.groupId, group.state, group.protocolType], [GROUP, 'Empty', 'consumer'])
      const offsets = await admin.fetchOffsets({ groupId: GROUP, topics: [GROUP_TOPIC] })
      const committed = offsets[0].partitions.map(p => [p.partition, p.offset]).sort()
      equal('fetchOffsets: committed offsets at the end of each partition', committed,
        [[0, '100'], [1, '100'], [2, '100']])
    })

    await step('deleteTopics', async () => {
      await admin.deleteTopics({ topics: [MAIN_TOPIC, TIMES_TOPIC], timeout: 15000 })
      let topics = []
      for (let tries = 0; tries < 20; tries++) {
        topics = await admin.listTopics()
        if (!topics.includes(MAIN_TOPIC) && !topics.includes(TIMES_TOPIC)) break
        await new Promise(resolve => setTimeout(resolve, 250))
      }
      check('deleteTopics: the topics are gone from listTopics',
        !topics.includes(MAIN_TOPIC) && !topics.includes(TIMES_TOPIC), JSON.stringify(topics))
    })
  } finally {
    await producer.disconnect().catch(() => {})
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
