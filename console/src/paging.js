// Paging through the answers of GET /v1/topics/{topic}/records (docs/http-api.md, "Consume"):
// an answer is {records, next_offsets: {partition: offset}, high_watermarks, ...}; the
// console keeps beside it the query it answered (`params`) and where it started (`from`).

// Where the next page starts: one partition continues from its next offset; all partitions
// continue together, each from its own next offset (`offsets=0:43,1:17`), so every record
// comes exactly once whatever the merge order.
export function nextPageParams (result) {
  const params = new URLSearchParams(result.params)
  params.delete('timestamp')
  params.delete('offsets')
  const partition = params.get('partition')
  if (partition !== null) {
    params.set('offset', String(result.next_offsets[partition]))
  } else {
    params.delete('offset')
    params.set('offsets', Object.entries(result.next_offsets).map(([p, o]) => `${p}:${o}`).join(','))
  }
  return params
}

// More to read: some partition is not at its end, and the last page moved at least one
// partition (a page that moved none would be asked again forever).
export function hasMoreRecords (result) {
  const next = result?.next_offsets || {}
  const pending = Object.keys(next).some((p) => next[p] < (result.high_watermarks?.[p] ?? Infinity))
  const moved = !result?.from || Object.keys(next).some((p) => next[p] !== result.from[p])
  return pending && moved
}
