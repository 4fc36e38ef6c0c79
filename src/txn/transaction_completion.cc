// Persisting state changes, the second phase of a transaction (markers, then groups, then
// Complete*, each step only once the previous one is durable),
// and rebuilding the table from the log at start.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

#include "txn/errc.h"
#include "txn/transaction_coordinator.h"
#include "txn/transaction_entry.h"

namespace eventioz::txn {

void transaction_coordinator::persist(const std::string& id, transaction_metadata next,
                                      std::function<void(status)> then) {
  transaction_metadata record = next;
  _log.append(record, [this, id, next = std::move(next), then = std::move(then)](status written) {
    bool deciding = false;
    if (written) {
      std::lock_guard lock(_mutex);
      _entries[id].state = next;
      deciding = is_deciding(next.state);
    }
    // A decision is durable: the markers go out before the answer. Answering wakes the client's
    // connection shard, and on a busy machine the scheduler may then run that thread instead
    // of this one for a time slice; the markers' fsyncs should not wait behind that. Nothing
    // the answer depends on changes: the entry stays busy until the transaction is complete.
    if (deciding) complete(id);
    if (written) {
      then(ok_status());
    } else {
      spdlog::warn("transactional id '{}': writing state {} failed: {}", id, name_of(next.state),
                   written.error_value().to_string());
      then(error(errc::coordinator_not_available,
                 fmt::format("could not record the state of transactional id '{}' durably ({}); "
                             "retry",
                             id, written.error_value().message())));
    }
    // Still busy while `then` runs: what it does (begin_transaction on the partitions added)
    // must happen before anything else can change the state (a timeout abort, a late EndTxn).
    // A decided transaction stays busy until complete() has finished.
    if (!deciding) release(id);
  });
}

void transaction_coordinator::release(const std::string& id) {
  std::vector<std::function<void()>> waiting;
  {
    std::lock_guard lock(_mutex);
    entry& found = _entries[id];
    found.busy = false;
    waiting = found.take_waiting();
  }
  _released.notify_all();
  for (auto& retry : waiting) retry();
}

void transaction_coordinator::complete(const std::string& id) {
  transaction_metadata decided;
  {
    std::lock_guard lock(_mutex);
    decided = _entries[id].state;
  }
  bool commit = decided.state == transaction_state::prepare_commit;
  // Complete* is appended only once every marker and every group's outcome is durable: a
  // restart that finds the transaction Complete* never has to redo anything, and one that
  // finds it Prepare* redoes both (each is idempotent).
  auto record_complete = [this, id, decided, commit] {
    transaction_metadata completed = decided;
    completed.state =
        commit ? transaction_state::complete_commit : transaction_state::complete_abort;
    completed.partitions.clear();
    completed.groups.clear();
    completed.start_ms = -1;
    completed.last_update_ms = _clock.now_ms();
    // Every marker and every group's outcome is durable, so the outcome is final whatever
    // becomes of this record: it only spares recovery from doing them again (which finds
    // them done and writes nothing: write_transaction_marker and complete_transaction are
    // no-ops then). So the next transaction need not wait for its fsync: the entry is free
    // once the record has its place in the log (transaction_log::append), before the next
    // record of this id, which the log makes durable only together with this one. A crash
    // before that fsync leaves PrepareCommit (or PrepareAbort) last, and recovery completes
    // the same outcome again; a failed write changes nothing that matters for the same reason.
    {
      std::lock_guard lock(_mutex);
      _entries[id].state = completed;
    }
    _log.append(completed, [id](status written) {
      if (!written) {
        spdlog::info(
            "transactional id '{}': recording its completion failed ({}); recovery "
            "completes it again",
            id, written.error_value().to_string());
      }
    });
    release(id);
  };
  auto finish = [this, id, decided, commit, record_complete](bool markers_written) {
    // expire() tries again; requests waiting get CONCURRENT_TRANSACTIONS meanwhile.
    if (!markers_written) return release(id);
    // The markers are in the groups' offsets partitions too: their offsets may now show.
    if (_groups == nullptr || decided.groups.empty()) return record_complete();
    struct group_progress {
      std::atomic<size_t> remaining;
      std::atomic<bool> failed{false};
    };
    auto shared = std::make_shared<group_progress>();
    shared->remaining = decided.groups.size();
    for (const auto& group : decided.groups) {
      _groups->complete_transaction(
          group, decided.producer_id, commit,
          [this, shared, id, group, record_complete](status settled) {
            if (!settled) {
              spdlog::warn(
                  "transactional id '{}': settling its offsets of group '{}' failed "
                  "({}); will retry",
                  id, group, settled.error_value().to_string());
              shared->failed = true;
            }
            if (--shared->remaining > 0) return;
            if (shared->failed) return release(id);  // stays deciding, for expire()
            record_complete();
          });
    }
  };
  if (decided.partitions.empty()) return finish(true);

  struct progress {
    std::atomic<size_t> remaining;
    std::atomic<bool> failed{false};
  };
  auto shared = std::make_shared<progress>();
  shared->remaining = decided.partitions.size();
  for (const auto& partition : decided.partitions) {
    _partitions.write_marker(
        partition, decided.producer(), commit, [shared, finish, id, partition](status written) {
          if (!written) {
            spdlog::warn(
                "transactional id '{}': writing its marker to {}-{} failed ({}); will "
                "retry",
                id, partition.topic, partition.partition, written.error_value().to_string());
            shared->failed = true;
          }
          if (--shared->remaining == 0) finish(!shared->failed);
        });
  }
}

status transaction_coordinator::recover() {
  EVENTIOZ_TRY(std::vector<transaction_metadata> records, _log.read_all());
  std::vector<std::string> deciding;
  {
    std::lock_guard lock(_mutex);
    for (auto& record : records) {
      if (record.state == transaction_state::dead) {
        _entries.erase(record.transactional_id);
        continue;
      }
      std::string id = record.transactional_id;
      _entries[id].state = std::move(record);
    }
    for (auto& [id, found] : _entries) {
      transaction_state state = found.state.state;
      if (is_deciding(state) || is_complete(state)) {
        found.last_outcome = state == transaction_state::prepare_commit ||
                             state == transaction_state::complete_commit;
      }
      if (is_deciding(state)) {
        found.busy = true;
        deciding.push_back(id);
      }
    }
  }
  if (!deciding.empty()) {
    spdlog::info("completing {} transactions decided before the restart", deciding.size());
  }
  for (const auto& id : deciding) complete(id);
  return ok_status();
}

}  // namespace eventioz::txn
