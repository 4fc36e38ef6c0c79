// The aborted transactions a read_committed Fetch lists beside a partition's records: in
// first-offset order, and each with a first offset every client here handles.
//
// The partition's index is in marker order (as Kafka's), which differs from first-offset order
// when transactions interleave. kafkajs walks the records of an answer and, each time a
// record's offset reaches the first offset at the head of the list, takes one transaction off
// the list and drops that producer's transactional records until its ABORT marker: it steps
// into at most one transaction per record and trusts the list's order. So the list is sorted.
// And a transaction that began before the fetch offset (a consumer whose previous fetch stopped
// at the last stable offset resumes inside it) would be stepped into at the first record, even
// when that record belongs to another aborted transaction, which then got through. Such a
// transaction is listed with the base offset of its producer's first batch in the answer, which
// orders it where kafkajs meets it; one with no batch in the answer is left out. librdkafka and
// the Java client only need the listed first offset at or before the transaction's first batch
// in the answer, which still holds.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "base/strong_id.h"
#include "cluster/producer_state.h"
#include "storage/partition_log.h"

namespace eventioz::kafka {

// One batch of an answer, from its header.
struct batch_span {
  int64_t producer_id = -1;
  offset base;
  offset last;
};

// The aborted transactions overlapping an answer that starts at `start` and holds `batches`
// (offset order), as the answer lists them (see the header comment).
std::vector<cluster::aborted_transaction> aborted_as_listed(
    std::vector<cluster::aborted_transaction> aborted, offset start,
    std::span<const batch_span> batches);

// The same, reading the batches' headers from `ranges` only when a transaction began before
// `start` (otherwise the true first offsets already are what kafkajs needs, in their order).
result<std::vector<cluster::aborted_transaction>> aborted_as_listed(
    std::vector<cluster::aborted_transaction> aborted, offset start,
    const std::vector<storage::file_range>& ranges);

}  // namespace eventioz::kafka
