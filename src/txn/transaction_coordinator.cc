// The requests: InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit,
// EndTxn, and the timeout sweep. Completion and persistence are in transaction_completion.cc.
#include "txn/transaction_coordinator.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "txn/errc.h"
#include "txn/transaction_entry.h"

namespace eventioz::txn {
namespace {

constexpr int16_t epoch_max = std::numeric_limits<int16_t>::max() - 1;

error fenced(const std::string& id, int16_t epoch, int16_t current) {
  return error(errc::producer_fenced,
               fmt::format("producer epoch {} of transactional id '{}' is fenced: a newer "
                           "producer (epoch {}) took it over, or its transaction timed out",
                           epoch, id, current));
}

error shutting_down_error() {
  return error(errc::coordinator_not_available,
               "the transaction coordinator is shutting down; retry against the restarted broker");
}

error busy_error(const std::string& id) {
  return error(errc::concurrent_transactions,
               fmt::format("the previous transaction of '{}' is still completing; retry", id));
}

}  // namespace

transaction_coordinator::transaction_coordinator(producer_id_allocator& producer_ids,
                                                 transaction_log& log,
                                                 transaction_participants& partitions,
                                                 transaction_groups* groups, const clock& time,
                                                 coordinator_options options)
    : _producer_ids(producer_ids),
      _log(log),
      _partitions(partitions),
      _groups(groups),
      _clock(time),
      _options(options) {}

transaction_coordinator::~transaction_coordinator() = default;

void transaction_coordinator::init_producer_id(
    const init_producer_id_request& request, std::function<void(result<producer_identity>)> done) {
  if (!request.transactional_id) {
    // An idempotent producer: a fresh id, epoch 0 (also when it asks for a bump: a new id
    // cannot collide with the sequences of the old one).
    auto id = _producer_ids.allocate();
    if (!id) return done(id.error_value());
    return done(producer_identity{*id, 0});
  }
  if (request.transaction_timeout_ms <= 0 ||
      request.transaction_timeout_ms > _options.transaction_max_timeout_ms) {
    return done(
        error(errc::invalid_transaction_timeout,
              fmt::format("transaction timeout {} ms is outside 1 to {} ms "
                          "(transaction.max.timeout.ms); lower transaction.timeout.ms",
                          request.transaction_timeout_ms, _options.transaction_max_timeout_ms)));
  }
  init_transactional(request, std::move(done));
}

void transaction_coordinator::init_transactional(
    const init_producer_id_request& request, std::function<void(result<producer_identity>)> done) {
  const std::string& id = *request.transactional_id;
  std::unique_lock lock(_mutex);
  if (_shutting_down) return lock.unlock(), done(shutting_down_error());
  entry& found = _entries[id];
  if (found.busy) {
    if (found.wait([this, request, done] { init_transactional(request, done); })) return;
    return lock.unlock(), done(busy_error(id));
  }
  if (request.origin.connection_id != 0 && request.origin.connection_id < found.connection_id) {
    lock.unlock();
    return done(error(errc::superseded_connection, "request on a superseded connection"));
  }
  transaction_metadata next = found.state;
  next.transactional_id = id;
  bool known = found.state.producer_id >= 0;
  if (known && request.producer_id >= 0) {
    // KIP-360: the producer names its id and epoch; it must be the current one (or the one a
    // timeout abort replaced).
    bool current = request.producer_id == found.state.producer_id &&
                   (request.producer_epoch == found.state.producer_epoch ||
                    (found.state.last_producer_epoch >= 0 &&
                     request.producer_epoch == found.state.last_producer_epoch));
    if (!current) {
      lock.unlock();
      return done(fenced(id, request.producer_epoch, found.state.producer_epoch));
    }
  }
  if (request.origin.connection_id != 0) found.connection_id = request.origin.connection_id;
  if (is_deciding(found.state.state)) {
    // Its completion stopped (a failed marker write); expire() resumes it.
    return lock.unlock(), done(busy_error(id));
  }
  if (found.state.state == transaction_state::ongoing) {
    // Abort what was left open, with an epoch bump. A new producer instance (no id given)
    // fences the old one for good; the producer itself (KIP-360, its current id and epoch
    // given) may retry with its epoch. The client retries once the abort is complete.
    transaction_metadata aborting = decide_locked(
        found, false, request.producer_id >= 0 ? epoch_bump::resumable : epoch_bump::fence);
    found.busy = true;
    found.last_outcome = false;
    lock.unlock();
    return persist(id, std::move(aborting), [id, done = std::move(done)](status written) {
      if (!written) return done(written.error_value());
      done(busy_error(id));
    });
  }
  if (!known || found.state.producer_epoch >= epoch_max) {
    // A new transactional id, or every epoch of the old producer id used: a new producer id.
    auto producer_id = _producer_ids.allocate();
    if (!producer_id) return lock.unlock(), done(producer_id.error_value());
    next.producer_id = *producer_id;
    next.producer_epoch = 0;
  } else {
    next.producer_epoch = static_cast<int16_t>(found.state.producer_epoch + 1);
  }
  next.last_producer_epoch = -1;
  next.timeout_ms = request.transaction_timeout_ms;
  next.state = transaction_state::empty;
  next.partitions.clear();
  next.groups.clear();
  next.start_ms = -1;
  next.last_update_ms = _clock.now_ms();
  found.busy = true;
  found.last_outcome.reset();
  found.opened_at = found.ended_at = request.origin.arrival;
  lock.unlock();
  producer_identity granted = next.producer();
  persist(id, std::move(next), [granted, done = std::move(done)](status written) {
    if (!written) return done(written.error_value());
    done(granted);
  });
}

status transaction_coordinator::check_producer_locked(const entry& found,
                                                      const transaction_request& request) const {
  const transaction_metadata& state = found.state;
  if (state.producer_id < 0 || request.producer.producer_id != state.producer_id) {
    return error(errc::invalid_producer_id_mapping,
                 fmt::format("producer id {} does not hold transactional id '{}'; call "
                             "InitProducerId (init_transactions) first",
                             request.producer.producer_id, request.transactional_id));
  }
  if (request.producer.producer_epoch != state.producer_epoch) {
    return fenced(request.transactional_id, request.producer.producer_epoch, state.producer_epoch);
  }
  return ok_status();
}

status transaction_coordinator::check_connection_locked(entry& found,
                                                        const request_origin& origin) {
  if (origin.connection_id == 0) return ok_status();
  if (origin.connection_id < found.connection_id) {
    return error(errc::superseded_connection,
                 "request on a connection older than the producer's newest; closing it");
  }
  found.connection_id = origin.connection_id;
  return ok_status();
}

void transaction_coordinator::add_partitions(
    const transaction_request& request, std::vector<storage::topic_partition> partitions,
    std::function<void(result<std::vector<status>>)> done) {
  add_to_transaction(request, std::move(partitions), std::nullopt, std::move(done));
}

void transaction_coordinator::add_offsets(const transaction_request& request,
                                          const std::string& group_id,
                                          std::function<void(status)> done) {
  if (_groups == nullptr) {
    return done(error(errc::coordinator_not_available,
                      "this broker has no group coordinator to commit offsets to"));
  }
  storage::topic_partition offsets = _groups->offsets_partition_for(group_id);
  add_to_transaction(request, {offsets}, group_id,
                     [done = std::move(done)](result<std::vector<status>> added) {
                       if (!added) return done(added.error_value());
                       done(added->front());
                     });
}

void transaction_coordinator::add_to_transaction(
    const transaction_request& request, std::vector<storage::topic_partition> partitions,
    std::optional<std::string> group, std::function<void(result<std::vector<status>>)> done) {
  const std::string& id = request.transactional_id;
  // Every partition must exist before any is added. Looked up before the lock: opening a
  // partition for the first time reads its files.
  std::vector<status> outcomes;
  bool all_exist = true;
  for (const auto& partition : partitions) {
    outcomes.push_back(_partitions.check_partition(partition));
    all_exist = all_exist && outcomes.back().ok();
  }
  std::unique_lock lock(_mutex);
  if (_shutting_down) return lock.unlock(), done(shutting_down_error());
  auto found_at = _entries.find(id);
  if (found_at == _entries.end()) {
    lock.unlock();
    return done(error(errc::invalid_producer_id_mapping,
                      fmt::format("unknown transactional id '{}'; call InitProducerId "
                                  "(init_transactions) first",
                                  id)));
  }
  entry& found = found_at->second;
  status allowed = check_producer_locked(found, request);
  if (allowed) allowed = check_connection_locked(found, request.origin);
  if (allowed && found.busy) {
    if (found.wait([this, request, partitions, group, done] {
          add_to_transaction(request, partitions, group, done);
        })) {
      return;
    }
    allowed = busy_error(id);
  }
  if (allowed && is_deciding(found.state.state)) allowed = busy_error(id);
  if (allowed && request.origin.arrival != 0 && request.origin.arrival < found.ended_at) {
    allowed = error(errc::invalid_txn_state,
                    fmt::format("request of '{}' arrived before its last transaction ended: it "
                                "belongs to that transaction, which is over",
                                id));
  }
  if (!allowed) return lock.unlock(), done(std::move(allowed).error_value());

  if (!all_exist) {
    for (auto& outcome : outcomes) {
      if (outcome) outcome = error(errc::operation_not_attempted, "not attempted");
    }
    return lock.unlock(), done(std::move(outcomes));
  }

  transaction_metadata next = found.state;
  bool opening = next.state != transaction_state::ongoing;
  if (opening) {
    next.state = transaction_state::ongoing;
    next.partitions.clear();
    next.groups.clear();
    next.start_ms = _clock.now_ms();
  }
  std::vector<storage::topic_partition> added;
  for (const auto& partition : partitions) {
    if (next.partitions.insert(partition).second) added.push_back(partition);
  }
  bool new_group = group && next.groups.insert(*group).second;
  if (!opening && added.empty() && !new_group) return lock.unlock(), done(std::move(outcomes));
  next.last_update_ms = _clock.now_ms();
  found.busy = true;
  if (opening) found.opened_at = request.origin.arrival;
  lock.unlock();
  // Durable first, then the partitions accept the producer's batches: a partition that may
  // hold a transactional batch is always one the coordinator will write a marker to.
  producer_identity producer = next.producer();
  uint64_t arrival = request.origin.arrival;
  persist(id, std::move(next),
          [this, producer, arrival, partitions = std::move(partitions), added = std::move(added),
           done = std::move(done)](status written) mutable {
            if (!written) return done(written.error_value());
            std::vector<status> outcomes;
            for (const auto& partition : partitions) {
              bool is_new = std::find(added.begin(), added.end(), partition) != added.end();
              outcomes.push_back(is_new
                                     ? _partitions.begin_transaction(partition, producer, arrival)
                                     : ok_status());
            }
            done(std::move(outcomes));
          });
}

void transaction_coordinator::commit_offsets(
    const transaction_request& request, const std::string& group_id,
    std::function<void(std::function<void()> written)> write, std::function<void(error)> refused) {
  const std::string& id = request.transactional_id;
  std::unique_lock lock(_mutex);
  if (_shutting_down) return lock.unlock(), refused(shutting_down_error());
  auto found_at = _entries.find(id);
  if (found_at == _entries.end()) {
    lock.unlock();
    return refused(
        error(errc::invalid_producer_id_mapping, fmt::format("unknown transactional id '{}'", id)));
  }
  entry& found = found_at->second;
  status allowed = check_producer_locked(found, request);
  // No connection rule here: clients send TxnOffsetCommit to the group coordinator, which
  // librdkafka reaches over a connection of its own, and it changes no transaction boundary.
  if (allowed && found.busy) {
    if (found.wait([this, request, group_id, write, refused] {
          commit_offsets(request, group_id, write, refused);
        })) {
      return;
    }
    allowed = busy_error(id);
  }
  if (allowed &&
      (found.state.state != transaction_state::ongoing || !found.state.groups.contains(group_id))) {
    allowed = error(errc::invalid_txn_state,
                    fmt::format("transactional id '{}' has no open transaction holding offsets "
                                "of group '{}'; call AddOffsetsToTxn (send_offsets_to_transaction)",
                                id, group_id));
  }
  if (!allowed) return lock.unlock(), refused(std::move(allowed).error_value());
  found.busy = true;
  lock.unlock();
  write([this, id] { release(id); });
}

void transaction_coordinator::end_transaction(const transaction_request& request, bool commit,
                                              std::function<void(status)> done) {
  const std::string& id = request.transactional_id;
  std::unique_lock lock(_mutex);
  if (_shutting_down) return lock.unlock(), done(shutting_down_error());
  auto found_at = _entries.find(id);
  if (found_at == _entries.end()) {
    lock.unlock();
    return done(
        error(errc::invalid_producer_id_mapping, fmt::format("unknown transactional id '{}'", id)));
  }
  entry& found = found_at->second;
  status allowed = check_producer_locked(found, request);
  if (allowed) allowed = check_connection_locked(found, request.origin);
  if (!allowed) return lock.unlock(), done(std::move(allowed).error_value());

  auto answer_from = [&](std::optional<bool> outcome) {
    lock.unlock();
    if (outcome && *outcome == commit) return done(ok_status());
    done(error(errc::invalid_txn_state,
               fmt::format("cannot {} transactional id '{}': {}", commit ? "commit" : "abort", id,
                           outcome ? (*outcome ? "its transaction was committed"
                                               : "its transaction was aborted")
                                   : "no transaction is open")));
  };
  transaction_state state = found.state.state;
  bool from_earlier_transaction = state == transaction_state::ongoing &&
                                  request.origin.arrival != 0 &&
                                  request.origin.arrival < found.opened_at;
  if (from_earlier_transaction) return answer_from(found.last_outcome);
  if (is_deciding(state) || is_complete(state)) {
    return answer_from(state == transaction_state::prepare_commit ||
                       state == transaction_state::complete_commit);
  }
  if (state != transaction_state::ongoing) return answer_from(std::nullopt);
  if (found.busy) {
    if (found.wait([this, request, commit, done] { end_transaction(request, commit, done); })) {
      return;
    }
    return lock.unlock(), done(busy_error(id));
  }
  transaction_metadata decided = decide_locked(found, commit, epoch_bump::none);
  found.busy = true;
  found.ended_at = request.origin.arrival;
  found.last_outcome = commit;
  lock.unlock();
  persist(id, std::move(decided), std::move(done));
}

transaction_metadata transaction_coordinator::decide_locked(const entry& found, bool commit,
                                                            epoch_bump bump) {
  transaction_metadata next = found.state;
  next.state = commit ? transaction_state::prepare_commit : transaction_state::prepare_abort;
  if (bump != epoch_bump::none && next.producer_epoch < epoch_max) {
    next.last_producer_epoch = bump == epoch_bump::resumable ? next.producer_epoch : int16_t(-1);
    next.producer_epoch = static_cast<int16_t>(next.producer_epoch + 1);
  }
  next.last_update_ms = _clock.now_ms();
  return next;
}

void transaction_coordinator::expire() {
  std::vector<std::string> to_resume;
  std::vector<std::pair<std::string, transaction_metadata>> to_abort;
  {
    std::lock_guard lock(_mutex);
    if (_shutting_down) return;
    int64_t now_ms = _clock.now_ms();
    for (auto& [id, found] : _entries) {
      if (found.busy) continue;
      if (is_deciding(found.state.state)) {
        found.busy = true;
        to_resume.push_back(id);
      } else if (found.state.state == transaction_state::ongoing &&
                 now_ms >= found.state.start_ms + found.state.timeout_ms) {
        found.busy = true;
        found.last_outcome = false;
        to_abort.emplace_back(id, decide_locked(found, false, epoch_bump::resumable));
      }
    }
  }
  for (const auto& id : to_resume) complete(id);
  for (auto& [id, aborting] : to_abort) persist(id, std::move(aborting), [](status) {});
}

size_t transaction_coordinator::shutdown(std::chrono::milliseconds bound) {
  std::unique_lock lock(_mutex);
  _shutting_down = true;
  auto busy_count = [this] {
    return static_cast<size_t>(std::count_if(_entries.begin(), _entries.end(),
                                             [](const auto& item) { return item.second.busy; }));
  };
  _released.wait_for(lock, bound, [&] { return busy_count() == 0; });
  return busy_count();
}

std::optional<transaction_metadata> transaction_coordinator::describe(
    const std::string& transactional_id) const {
  std::lock_guard lock(_mutex);
  auto found = _entries.find(transactional_id);
  if (found == _entries.end() || found->second.state.producer_id < 0) return std::nullopt;
  return found->second.state;
}

}  // namespace eventioz::txn
