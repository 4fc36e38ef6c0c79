#!/usr/bin/env node
// The web console end to end, as a person uses it: Playwright (npm playwright-core) drives
// Debian's Chromium against `eventioz serve`. It opens the overview, creates a topic with the
// "Create topic" form, produces a JSON record with a key and a header through the Produce tab,
// finds it in the message browser (by key, then from the earliest offset) with its value
// pretty-printed, pages through all partitions (every record exactly once), sees a failed
// query clear the results, sees it arrive in the live tail (SSE), finds no enabled Delete or
// Produce on an internal topic, and checks that the browser logged no error at any point. Screenshots are kept as test artifacts (console-*.png in
// $EVENTIOZ_TEST_ARTIFACTS, by default test-artifacts/ beside the eventioz binary).
//   node console_test.js <path to eventioz>
// Without EVENTIOZ_HTTP_URL the script runs itself under ../kafka/harness.py, which starts the
// broker on free ports and sets it.
'use strict'

const fs = require('fs')
const os = require('os')
const path = require('path')
const { spawnSync } = require('child_process')

const CHROMIUM = '/usr/bin/chromium'
const STEP_TIMEOUT_MS = 15000
const OVERALL_TIMEOUT_MS = 120000

if (process.argv.length !== 3) {
  console.error(`usage: ${path.basename(__filename)} <path to eventioz>`)
  process.exit(2)
}
const eventioz = path.resolve(process.argv[2])
if (!process.env.EVENTIOZ_HTTP_URL) {
  const harness = path.join(__dirname, '..', 'kafka', 'harness.py')
  const run = spawnSync('/usr/bin/python3',
    [harness, 'run', eventioz, '--', process.execPath, __filename, eventioz], { stdio: 'inherit' })
  process.exit(run.status === null ? 1 : run.status)
}
const baseUrl = process.env.EVENTIOZ_HTTP_URL
const artifacts = process.env.EVENTIOZ_TEST_ARTIFACTS || path.join(path.dirname(eventioz), 'test-artifacts')

let playwright
try {
  playwright = require('playwright-core')
} catch (error) {
  console.log(`FAILED: playwright-core is not installed (${error.message}); run scripts/install-console-deps`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

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
// A step that throws (a selector that never appears, a timeout) fails with what it was doing;
// later steps still run when they do not depend on it.
async function step (description, body) {
  try {
    await body()
    return true
  } catch (error) {
    check(`${description}: ${error.message.split('\n')[0]}`, false,
      error.message.split('\n').slice(1, 12).join('\n    '))
    return false
  }
}

const suffix = Math.random().toString(36).slice(2, 8)
const TOPIC = `console-e2e-${suffix}`
const KEY = `order-${suffix}`
const VALUE = { order: 7, items: ['book', 'pen'], paid: true, customer: { id: 'c-42' } }
const HEADER = { key: 'ce_type', value: 'order.created' }
const TAIL_VALUE = { tail: suffix, n: 1 }
// Records produced over the REST API for paging, spread over both partitions; one key holds
// control characters (shown as escapes, not as boxes).
const PAGING_RECORDS = 23
const CONTROL_KEY = `ctl\u0000\u0001${suffix}`

// The harness waits for the Kafka listener; the HTTP listener comes up right after it.
async function waitForHttp () {
  const deadline = Date.now() + STEP_TIMEOUT_MS
  let problem = ''
  while (Date.now() < deadline) {
    try {
      const answer = await fetch(`${baseUrl}/healthz`)
      if (answer.ok) return
      problem = `status ${answer.status}`
    } catch (error) {
      problem = error.message
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${baseUrl}/healthz did not answer 200 in time (${problem})`)
}

async function main () {
  await waitForHttp()
  fs.mkdirSync(artifacts, { recursive: true })
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventioz-console-chromium-'))
  const context = await playwright.chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  const browserErrors = []
  try {
    const page = context.pages()[0] || await context.newPage()
    page.setDefaultTimeout(STEP_TIMEOUT_MS)
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`console: ${message.text()} (${message.location().url})`)
    })
    page.on('pageerror', (error) => browserErrors.push(`page error: ${error.message}`))
    await run(page)
    if (failures.length) await screenshot(page, 'failure').catch(() => {})
  } finally {
    check('the browser logged no error', browserErrors.length === 0, browserErrors.join('\n    '))
    await context.close()
    fs.rmSync(userDataDir, { recursive: true, force: true })
  }
}

// JSON text with every object's members sorted: equal for equal documents.
function canonical (value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

async function screenshot (page, name) {
  const file = path.join(artifacts, `console-${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  console.log(`screenshot: ${file}`)
}

async function run (page) {
  const overview = await step('the overview opens', async () => {
    const response = await page.goto(baseUrl + '/')
    check('GET / answers the console page', response.status() === 200 &&
      response.headers()['content-type'].startsWith('text/html'), `status ${response.status()}`)
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    await page.locator('.stat-label', { hasText: 'Cluster' }).waitFor()
    check('the overview shows the broker (/v1/cluster)', true)
    await page.locator('.topics-table, .empty').first().waitFor()
    check('the overview lists the topics (or says there are none)', true)
    await page.getByText('Broker up').waitFor()
    check('the top bar shows the broker is up (/healthz)', true)
  })
  if (!overview) return

  const created = await step('a topic is created with the form', async () => {
    await page.getByRole('button', { name: '+ Create topic' }).click()
    await page.getByLabel('Name').fill(TOPIC)
    await page.getByLabel('Partitions').fill('2')
    await page.getByRole('button', { name: 'Create topic', exact: true }).click()
    await page.waitForURL(`**/#/topics/${TOPIC}`)
    await page.getByRole('heading', { name: TOPIC }).waitFor()
    await page.locator('.stat', { hasText: 'Partitions' }).getByText('2', { exact: true }).waitFor()
    check('creating a topic opens its page, with 2 partitions', true)
  })
  if (!created) return

  const produced = await step('a record is produced with the Produce tab', async () => {
    await page.getByRole('tab', { name: 'Produce' }).click()
    await page.getByLabel('Key').fill(KEY)
    await page.getByLabel('Value', { exact: true }).fill(JSON.stringify(VALUE))
    await page.getByRole('button', { name: '+ Add header' }).click()
    await page.getByLabel('Header 1 name').fill(HEADER.key)
    await page.getByLabel('Header 1 value').fill(HEADER.value)
    await page.getByRole('button', { name: 'Produce record' }).click()
    const notice = page.locator('.notice', { hasText: 'Written to partition' })
    await notice.waitFor()
    check('the form says where the record was written', /partition \d+ at offset 0/.test(await notice.innerText()),
      await notice.innerText())
  })

  const invalid = await step('invalid JSON is refused before sending', async () => {
    await page.getByLabel('Value', { exact: true }).fill('{"broken": ')
    await page.getByRole('button', { name: 'Produce record' }).click()
    await page.locator('.error', { hasText: 'The value is not valid JSON' }).waitFor()
    check('a value that is not JSON gets a clear error', true)
  })
  void invalid

  if (produced) {
    await step('the record is found in the message browser by key', async () => {
      await page.getByRole('tab', { name: 'Messages' }).click()
      await page.locator('.record', { hasText: KEY }).waitFor()
      check('the Messages tab opens on the newest records, the new one among them', true)
      await page.getByRole('radio', { name: 'By key' }).click()
      await page.getByLabel('Key').fill(KEY)
      await page.getByRole('button', { name: 'Show messages' }).click()
      const record = page.locator('.record').first()
      await record.waitFor()
      check('one record has the key', await page.locator('.record').count() === 1)
      check('its key is shown', (await record.locator('.record-key').innerText()).includes(KEY))
      const shown = await record.locator('pre.json').innerText()
      let parsed = null
      try { parsed = JSON.parse(shown) } catch { parsed = null }
      // The same document (member order is the broker's to keep or not), indented 2 spaces.
      check('its value is the JSON produced', parsed !== null && canonical(parsed) === canonical(VALUE),
        `shown:\n${shown}`)
      check('its value is pretty-printed', parsed !== null && shown === JSON.stringify(parsed, null, 2) &&
        shown.includes('\n  "'), `shown:\n${shown}`)
      check('its header is shown', (await record.locator('.header-chip').innerText()).includes(
        `${HEADER.key}: ${HEADER.value}`))
      check('the JSON is highlighted', await record.locator('pre.json .j-key').count() > 0)
    })
    await step('the record is found from the earliest offset', async () => {
      await page.getByRole('radio', { name: 'By offset' }).click()
      await page.getByLabel('From offset').fill('earliest')
      await page.getByRole('button', { name: 'Show messages' }).click()
      await page.locator('.record', { hasText: KEY }).waitFor()
      check('the record is listed from the earliest offset of all partitions', true)
    })
    await screenshot(page, 'messages')
    await pageThroughAllPartitions(page)
    await step('a failed query clears the results', async () => {
      await page.getByRole('radio', { name: 'By offset' }).click()
      await page.getByLabel('From offset').fill('-5')
      await page.getByRole('button', { name: 'Show messages' }).click()
      await page.locator('.error', { hasText: 'Invalid offset' }).waitFor()
      check('no record is left under the error', await page.locator('.record').count() === 0)
      await screenshot(page, 'query-error')
    })
  }

  await step('a record produced meanwhile appears in the live tail (SSE)', async () => {
    await page.getByRole('tab', { name: 'Live tail' }).click()
    await page.getByRole('button', { name: 'Start live tail' }).click()
    await page.locator('.status', { hasText: 'Live' }).waitFor()
    const answer = await fetch(`${baseUrl}/v1/topics/${TOPIC}/records`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ records: [{ key: 'tail', value: TAIL_VALUE }] })
    })
    check('the REST produce for the tail answers 200', answer.status === 200, `status ${answer.status}`)
    const card = page.locator('.record', { hasText: `"tail": "${suffix}"` })
    await card.waitFor()
    check('the tailed record shows up with its value', true)
    await page.getByRole('button', { name: 'Stop' }).click()
  })

  await step('an internal topic offers no Delete and no Produce', async () => {
    await page.goto(`${baseUrl}/#/topics/__consumer_offsets`)
    await page.getByRole('heading', { name: '__consumer_offsets' }).waitFor()
    await page.getByText('internal topic: written by the broker', { exact: false }).first().waitFor()
    const remove = page.getByRole('button', { name: 'Delete topic' })
    check('Delete topic is disabled, with the reason shown',
      await remove.count() === 0 || await remove.isDisabled())
    await page.getByRole('tab', { name: 'Produce' }).click()
    await page.getByText('Records cannot be produced here').waitFor()
    check('the Produce tab explains instead of offering the form',
      await page.getByRole('button', { name: 'Produce record' }).count() === 0)
    await screenshot(page, 'internal-topic')
  })

  await step('the overview lists the new topic', async () => {
    await page.getByRole('link', { name: 'Overview' }).first().click()
    await page.locator('.topics-table a', { hasText: TOPIC }).waitFor()
    check('the topics table links the new topic', true)
    // Each point is the difference of two scrapes of /metrics (every 2 s); the sampler runs
    // since the overview first opened, so the records produced above are among them.
    await page.waitForFunction(() => Number(document.querySelector('.throughput')?.dataset.points) >= 3)
    const peak = Number(await page.locator('.throughput').getAttribute('data-peak-records-in'))
    check('the throughput chart shows records/s coming in, from /metrics', peak > 0, `peak ${peak}`)
    await screenshot(page, 'overview')
  })
}

// Produces PAGING_RECORDS records over REST, then pages through All partitions 10 at a time
// with "Next messages": every record of the topic comes exactly once, the partition selector
// stays on All partitions, and Next goes away at the end.
async function pageThroughAllPartitions (page) {
  await step('paging through all partitions shows every record once', async () => {
    const records = Array.from({ length: PAGING_RECORDS }, (_, i) => ({
      key: i === 0 ? CONTROL_KEY : `page-${i}`, value: { page: i }, partition: i % 2
    }))
    const answer = await fetch(`${baseUrl}/v1/topics/${TOPIC}/records`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ records, key_format: 'text' })
    })
    check('the REST produce for paging answers 200', answer.status === 200, `status ${answer.status}`)
    const topic = await (await fetch(`${baseUrl}/v1/topics/${TOPIC}`)).json()
    const expected = new Set()
    for (const p of topic.partitions) {
      for (let o = p.log_start_offset; o < p.high_watermark; o++) expected.add(`${p.partition}:${o}`)
    }

    await page.getByRole('radio', { name: 'By offset' }).click()
    await page.getByLabel('Partition').selectOption('')
    await page.getByLabel('From offset').fill('earliest')
    await page.getByLabel('Limit').selectOption('10')
    // The list on screen (an earlier query's) must not be taken for the first page.
    const shownBefore = await page.locator('.records').first().getAttribute('data-query', { timeout: 1000 })
      .catch(() => null)
    await page.getByRole('button', { name: 'Show messages' }).click()
    const seen = []
    let pages = 0
    let escapedKeys = 0
    const maxPages = Math.ceil(expected.size / 10) + 2
    for (let number = 1; number <= maxPages; number++) {
      const list = page.locator(`.records[data-page="${number}"]:not([data-query="${shownBefore}"])`)
      await list.waitFor()
      pages = number
      for (const card of await list.locator('.record').all()) {
        seen.push(`${await card.getAttribute('data-partition')}:${await card.getAttribute('data-offset')}`)
      }
      escapedKeys += await list.locator('.record-key .esc', { hasText: '\\x00\\x01' }).count()
      const more = page.getByRole('button', { name: 'Next messages →' })
      if (await more.count() === 0) break
      await more.click()
    }
    const unique = new Set(seen)
    check(`every record of both partitions is shown (${expected.size})`,
      unique.size === expected.size && [...expected].every((r) => unique.has(r)),
      `seen ${[...unique].sort().join(' ')}`)
    check('no record is shown twice', unique.size === seen.length, `seen ${seen.join(' ')}`)
    check('10 at a time, that takes 3 pages', pages === Math.ceil(expected.size / 10), `${pages} pages`)
    check('Next is gone after the last page', await page.getByRole('button', { name: 'Next messages →' }).count() === 0)
    check('the partition selector stays on All partitions', await page.getByLabel('Partition').inputValue() === '')
    check('a key with control characters is shown with escapes', escapedKeys === 1, `${escapedKeys} found`)
    await screenshot(page, 'paged')
  })
}

const overall = setTimeout(() => {
  check(`the test finished within ${OVERALL_TIMEOUT_MS / 1000} s`, false)
  finish()
}, OVERALL_TIMEOUT_MS)

function finish () {
  clearTimeout(overall)
  if (failures.length) console.log(`failed checks:\n  ${failures.join('\n  ')}`)
  console.log(`${passed} passed, ${failures.length} failed`)
  process.exit(failures.length ? 1 : 0)
}

main().catch((error) => check(`the browser ran: ${error.message}`, false)).finally(finish)
