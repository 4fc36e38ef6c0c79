// What every kafkajs test does first: without EVENTIOZ_KAFKA_BOOTSTRAP, run the calling script
// again under ../harness.py (which starts `eventioz serve` and sets the variable) and exit with
// its status; then load kafkajs, or fail the test with the command that installs it.
'use strict'

const path = require('path')
const { spawnSync } = require('child_process')

function kafkajsUnderHarness (script) {
  if (!process.env.EVENTIOZ_KAFKA_BOOTSTRAP) {
    if (process.argv.length !== 3) {
      console.error(`usage: ${path.basename(script)} <path to eventioz>`)
      process.exit(2)
    }
    const harness = path.join(__dirname, '..', 'harness.py')
    const run = spawnSync('/usr/bin/python3',
      [harness, 'run', process.argv[2], '--', process.execPath, script, process.argv[2]],
      { stdio: 'inherit' })
    process.exit(run.status === null ? 1 : run.status)
  }
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
  try {
    return require('kafkajs')
  } catch (error) {
    console.log(`FAILED: kafkajs is not installed (${error.message}); run scripts/install-node-clients`)
    console.log('0 passed, 1 failed')
    process.exit(1)
  }
}

module.exports = { kafkajsUnderHarness }
