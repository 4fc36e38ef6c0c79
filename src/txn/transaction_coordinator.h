// The transaction coordinator: producer ids (InitProducerId), the state of every
// transactional id, and two-phase completion of transactions (EndTxn, timeouts).
//
// A transaction ends in two phases, as in Kafka: the decision (PrepareCommit/PrepareAbort) is
// appended durably to the transaction log and EndTxn is answered; then the COMMIT/ABORT marker
// is written to every partition of the transaction, the consumer groups whose offsets it
// carries are completed, and CompleteCommit/CompleteAbort is appended. Requests that arrive
// meanwhile get CONCURRENT_TRANSACTIONS (clients retry). A crash between the phases is
// finished at the next start (recover()) and by expire(), which also retries marker writes
// that failed. Every state change is durable before it is acted on or answered.
//
// Fencing: InitProducerId for a transactional id bumps its epoch (aborting a transaction left
// open), so the previous producer's requests fail with INVALID_PRODUCER_EPOCH here, and its
// produce requests fail at the partitions (begin_transaction and the markers carry the new
// epoch). A transaction that outlives its timeout is aborted by expire() with the epoch bumped
// too, so a zombie that kept writing is fenced.
//
// The guard against requests of an earlier transaction landing in a later one. Clients
// (librdkafka 2.0, kafkajs 2.2) keep one epoch for all transactions of a producer (no KIP-890
// per-transaction bump), so a late EndTxn(commit) of transaction 1 carries the same producer id
// and epoch as transaction 2 and, applied naively, would commit transaction 2 half-written.
// Two rules, based on the facts that a client sends nothing of transaction 2 before it has
// the answer to transaction 1's EndTxn, and that TCP delivers one connection's bytes in order:
//  1. Arrival order. Each request is numbered by the broker as it is read off its socket
//     (request_origin::arrival). The coordinator records the number of the request that
//     opened the current transaction and of the EndTxn that ended the last one. An EndTxn that
//     arrived before the current transaction was opened belongs to an earlier one: it is
//     answered from the earlier outcome and does not touch the current transaction. An
//     AddPartitionsToTxn/AddOffsetsToTxn that arrived before the last transaction ended is
//     refused (INVALID_TXN_STATE) rather than opening a transaction nobody will end.
//  2. One connection at a time. The coordinator remembers, per transactional id, the newest
//     connection (by accept order, request_origin::connection_id) that carried a valid request
//     for it. A valid-epoch request arriving on an older connection is not processed: that
//     connection is closed (errc::superseded_connection), so whatever was still in flight on
//     it (a request of an earlier transaction delayed in the network, sent before the client
//     gave up on the connection) can never be read. A client that does use two connections at
//     once only pays a reconnect and a retry.
// Together: a transaction-protocol request that reaches the broker is applied only to the
// transaction that was current when the client sent it. What it cannot guarantee: nothing
// distinguishes two transactions of the same epoch over the same connection other than order,
// so a client that sends EndTxn and pipelines the next transaction's requests without waiting
// (no known client does) is not protected. Late produce requests are the partitions' to
// refuse: begin_transaction passes each partition the arrival number of the AddPartitionsToTxn
// that added it, and the partition refuses the producer's transactional batches read before
// it (cluster::partition::append), on top of the sequence numbers.
//
// Thread-safe: one mutex guards the table; callbacks (done, log and partition completions)
// run outside it, on whichever thread completes the work. Nothing here blocks on I/O except
// the producer-id block reservation (producer_id_allocator.h), once per block.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "txn/producer_id_allocator.h"
#include "txn/transaction_log.h"
#include "txn/transaction_metadata.h"
#include "txn/transaction_participants.h"

namespace eventioz::txn {

struct coordinator_options {
  // transaction.max.timeout.ms: InitProducerId asking for more gets INVALID_TRANSACTION_TIMEOUT.
  int32_t transaction_max_timeout_ms = 900'000;
};

// Where and when a request reached the broker (see the guard above). 0: unknown (tests, and
// requests from inside the broker), which disables both rules for that request.
struct request_origin {
  uint64_t arrival = 0;        // broker-wide, increasing in the order requests are read
  uint64_t connection_id = 0;  // broker-wide, increasing in the order connections are accepted
};

struct init_producer_id_request {
  std::optional<std::string> transactional_id;  // nullopt: idempotent producer only
  int32_t transaction_timeout_ms = 60'000;
  // v3+: the producer's current id and epoch, to bump the epoch after an error (KIP-360).
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  request_origin origin;
};

struct transaction_request {
  std::string transactional_id;
  producer_identity producer;
  request_origin origin;
};

class transaction_coordinator {
 public:
  // `groups` may be null until the group coordinator exists (AddOffsetsToTxn then fails with
  // coordinator_not_available). Everything passed in outlives the coordinator.
  transaction_coordinator(producer_id_allocator& producer_ids, transaction_log& log,
                          transaction_participants& partitions, transaction_groups* groups,
                          const clock& time, coordinator_options options = {});
  ~transaction_coordinator();

  // Loads the state from the log. Transactions found deciding (Prepare*) are completed in the
  // background (markers rewritten); those found Ongoing are aborted when they time out.
  status recover();

  // Answers (producer id, epoch). Errors (txn::errc): invalid_transaction_timeout,
  // concurrent_transactions, producer_fenced, superseded_connection, coordinator_not_available.
  void init_producer_id(const init_producer_id_request& request,
                        std::function<void(result<producer_identity>)> done);

  // AddPartitionsToTxn: `done` gets one status per partition (in order), or the error of the
  // whole request. A partition that does not exist fails alone; the others then get
  // errc::operation_not_attempted and nothing is added.
  void add_partitions(const transaction_request& request,
                      std::vector<storage::topic_partition> partitions,
                      std::function<void(result<std::vector<status>>)> done);

  // AddOffsetsToTxn: adds the group's offsets partition to the transaction.
  void add_offsets(const transaction_request& request, const std::string& group_id,
                   std::function<void(status)> done);

  // TxnOffsetCommit. When `request` may commit offsets of `group_id` (its transaction is open
  // and AddOffsetsToTxn added the group), calls `write` with a `written` callback; `write`
  // hands the offsets to the group coordinator and must call `written` exactly once, after the
  // group's append finished (either way). Until then the transaction is busy: EndTxn, a
  // timeout abort or InitProducerId wait, so the transaction cannot be decided (and its groups
  // completed) while offsets of it are still on their way into a group. Otherwise `refused`
  // gets the error (invalid_producer_id_mapping, producer_fenced, invalid_txn_state,
  // concurrent_transactions).
  void commit_offsets(const transaction_request& request, const std::string& group_id,
                      std::function<void(std::function<void()> written)> write,
                      std::function<void(error)> refused);

  // EndTxn: `done` runs once the decision is durable (markers follow in the background).
  void end_transaction(const transaction_request& request, bool commit,
                       std::function<void(status)> done);

  // Aborts (with an epoch bump) every open transaction older than its timeout, and resumes
  // decided transactions whose completion stopped (a failed marker write, a restart). Call
  // periodically.
  void expire();

  // Before the topics close: refuses new requests (coordinator_not_available) and timeouts,
  // and waits up to `bound` for the transactions being completed or written (state appends,
  // markers, group outcomes, TxnOffsetCommit appends) to finish. One that does not finish in
  // time is finished after the restart (it is durable as Prepare* or Ongoing). Returns how
  // many were still busy. Idempotent.
  size_t shutdown(std::chrono::milliseconds bound);

  // For tests and tools: a copy of the state of `transactional_id`.
  std::optional<transaction_metadata> describe(const std::string& transactional_id) const;

 private:
  struct entry;
  enum class epoch_bump {
    none,
    fence,      // a new producer instance took over: the old epoch is dead for good
    resumable,  // (timeout) the producer may come back with its old epoch (KIP-360)
  };

  // Appends `next` for `id` (REQUIRES: the caller marked the entry busy). On success `next`
  // becomes the state and `then` runs with ok, then a decided transaction goes on to complete();
  // on failure the state stays and `then` gets the error. Call without the lock.
  void persist(const std::string& id, transaction_metadata next, std::function<void(status)> then);
  // Ends the entry's busy spell and runs the requests that waited for it. Without the lock.
  void release(const std::string& id);
  // Phase two for a decided transaction (REQUIRES: entry busy): markers, groups, Complete*.
  // A failure leaves it deciding and not busy, for expire() to resume. Call without the lock.
  void complete(const std::string& id);
  // The checks every request of a registered producer passes (REQUIRES: lock held).
  status check_producer_locked(const entry& found, const transaction_request& request) const;
  status check_connection_locked(entry& found, const request_origin& origin);
  void init_transactional(const init_producer_id_request& request,
                          std::function<void(result<producer_identity>)> done);
  void add_to_transaction(const transaction_request& request,
                          std::vector<storage::topic_partition> partitions,
                          std::optional<std::string> group,
                          std::function<void(result<std::vector<status>>)> done);
  transaction_metadata decide_locked(const entry& found, bool commit, epoch_bump bump);

  producer_id_allocator& _producer_ids;
  transaction_log& _log;
  transaction_participants& _partitions;
  transaction_groups* _groups;
  const clock& _clock;
  const coordinator_options _options;

  mutable std::mutex _mutex;
  std::map<std::string, entry> _entries;
  bool _shutting_down = false;
  std::condition_variable _released;  // an entry stopped being busy (for shutdown())
};

}  // namespace eventioz::txn
