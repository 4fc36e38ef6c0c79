// Paging through the consume API (src/paging.js) and the display of text with control
// characters (src/format.js), with node's own test runner: `node --test console/tests/`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { hasMoreRecords, nextPageParams } from '../src/paging.js'
import { splitControls } from '../src/format.js'

test('all partitions continue together, each from its next offset', () => {
  const result = { params: 'offset=earliest&limit=2', next_offsets: { 0: 1, 1: 1, 2: 0 }, high_watermarks: { 0: 3, 1: 1, 2: 4 } }
  const params = nextPageParams(result)
  assert.equal(params.get('offsets'), '0:1,1:1,2:0')
  assert.equal(params.has('partition'), false, 'the partition selector stays on all partitions')
  assert.equal(params.has('offset'), false)
  assert.equal(params.get('limit'), '2')
})

test('one partition continues from its next offset; a key and a time query keep their key', () => {
  const params = nextPageParams({ params: 'partition=2&timestamp=1000&key=k&limit=10', next_offsets: { 2: 7 } })
  assert.equal(params.get('partition'), '2')
  assert.equal(params.get('offset'), '7')
  assert.equal(params.get('key'), 'k')
  assert.equal(params.has('timestamp'), false)
  assert.equal(params.has('offsets'), false)
})

test('more is offered while a partition has records left and the last page moved', () => {
  assert.equal(hasMoreRecords({ next_offsets: { 0: 1, 1: 3 }, high_watermarks: { 0: 3, 1: 3 } }), true)
  assert.equal(hasMoreRecords({ next_offsets: { 0: 3, 1: 3 }, high_watermarks: { 0: 3, 1: 3 } }), false)
  const stuck = { next_offsets: { 0: 1, 1: 3 }, high_watermarks: { 0: 3, 1: 3 }, from: { 0: 1, 1: 3 } }
  assert.equal(hasMoreRecords(stuck), false, 'a page that moved no partition is not asked again')
  assert.equal(hasMoreRecords({ ...stuck, from: { 0: 0, 1: 3 } }), true)
  assert.equal(hasMoreRecords({ records: [], next_offsets: {}, high_watermarks: {} }), false, 'newest first: no paging')
  assert.equal(hasMoreRecords(null), false)
})

test('control characters become visible escapes, a backslash too', () => {
  assert.equal(splitControls('customer-3'), null)
  assert.equal(splitControls('tab\tand\nnew line\r'), null)
  assert.deepEqual(splitControls('\u0000\u0001g1\u0000\u0004shop'), [
    { text: '\\x00\\x01', escape: true },
    { text: 'g1', escape: false },
    { text: '\\x00\\x04', escape: true },
    { text: 'shop', escape: false }
  ])
  assert.deepEqual(splitControls('a\\b\u007f'), [
    { text: 'a', escape: false },
    { text: '\\\\', escape: true },
    { text: 'b', escape: false },
    { text: '\\x7f', escape: true }
  ])
})
