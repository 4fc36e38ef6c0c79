// Projections (design §1, docs/event-store.md#projections): named reducers over a whole store,
// each maintaining a read model (key -> state) that users query by key or list by prefix.
//
// Where things live: definitions in <directory>/projections.json (projection_catalog.h, the
// source of truth), read models and per-partition positions in a RocksDB at
// <directory>/projections (projection_db.h, derived: deleting it refolds every projection).
//
// One background thread (start()) folds every projection: per projection and partition, from
// the stored next offset up to the high watermark, in bounded steps (one chunk of the log per
// step, projections and partitions taken in turn), each committed with its new position in one
// RocksDB batch. A restart resumes from the stored positions. When nothing is left to fold the
// thread sleeps until a partition's high watermark moves (partition::watch_high_watermark),
// a projection is created or removed, or stop().
//
// A reducer error stops that projection (status `failure`; the others go on) at the failing
// event; the failure is kept in memory only, so a restart retries (and, reducers being pure,
// fails again at the same event unless a function reducer was fixed). Delete and recreate the
// projection to fold with another reducer.
//
// Lifecycle: open(), start() once the topic manager is open, stop() before it closes (the
// destructor stops too). Thread-safe. Lock order: _fold_mutex, then _mutex; neither is held
// while calling the topic manager, whose topic_deleted hook calls topic_deleted() here with
// its own lock held.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"
#include "cluster/topic_manager.h"
#include "eventstore/projection_catalog.h"
#include "eventstore/projection_db.h"
#include "eventstore/projection_fold.h"
#include "eventstore/projection_types.h"
#include "eventstore/reducer_registry.h"

namespace eventioz::eventstore {

class projection_runner {
 public:
  // `directory`: <data>/eventstore (created when missing). Loads the catalog, opens the read
  // models and removes data no projection owns any more. `reducers` must outlive the runner.
  // Errors: the catalog does not parse, a stored reducer spec no longer builds, RocksDB fails.
  static result<std::unique_ptr<projection_runner>> open(std::string directory,
                                                         const reducer_registry& reducers);
  ~projection_runner();

  // Starts the folding thread. Projections of topics that are gone or no longer stores are
  // dropped first. REQUIRES: once; `topics` outlives stop().
  status start(cluster::topic_manager& topics);
  // Stops the thread (after the fold step under way) and flushes the read models. Idempotent.
  status stop();

  // Validates the definition (name, key, types: check_projection_definition; the reducer spec:
  // make_reducer; the store: a topic with eventioz.store=true) and records it; folding starts at
  // once. Errors: invalid_projection, invalid_reducer, store_not_found, not_a_store,
  // projection_exists. REQUIRES: start() was called.
  result<projection_status> create(const projection_definition& definition);
  // Removes the definition and the read model. errc::projection_not_found.
  status remove(const std::string& store, const std::string& name);
  // Status: before start() (no topics yet) only the stored positions, and lag 0.
  std::vector<projection_status> list(const std::string& store) const;  // in name order
  result<projection_status> status_of(const std::string& store, const std::string& name) const;
  // errc::projection_not_found; errc::projection_not_found too for a key without an entry
  // (the message says which).
  result<projection_entry> get(const std::string& store, const std::string& name,
                               const std::string& key) const;
  // Entries in key order whose keys start with `prefix`, after `after_key` (exclusive, empty:
  // from the first); at most `limit`, which is capped at entries_limit_max.
  result<std::vector<projection_entry>> entries(const std::string& store, const std::string& name,
                                                const std::string& prefix,
                                                const std::string& after_key, size_t limit) const;
  static constexpr size_t entries_limit_max = 10'000;

  // The topic is gone: forgets its projections and their data.
  void topic_deleted(const std::string& topic);

 private:
  // One projection as the runner keeps it. The folder and id never change; the rest is
  // guarded by _mutex.
  struct projection {
    projection(uint64_t id, projection_folder folder) : id(id), folder(std::move(folder)) {}
    const uint64_t id;
    const projection_folder folder;
    std::map<int32_t, int64_t> positions;  // the stored next offsets
    int64_t keys = 0;
    std::optional<std::string> failure;
    bool read_error_logged = false;
    std::atomic<bool> removed{false};
  };
  using projection_ptr = std::shared_ptr<projection>;

  // Wakes the folding thread (from watchers that may outlive a wait: shared).
  struct wake_signal {
    std::mutex mutex;
    std::condition_variable changed;
    bool woken = false;
    void wake();
  };

  projection_runner(std::string directory, const reducer_registry& reducers,
                    std::unique_ptr<projection_db> db, projection_catalog catalog);

  result<projection_ptr> load(const catalog_entry& entry);
  result<projection_ptr> find(const std::string& store, const std::string& name) const;
  projection_status status_of(const projection& state) const;
  // Removes `doomed` from the catalog (saved) and the map. REQUIRES: _mutex held.
  status forget_locked(const std::vector<projection_ptr>& doomed);
  // Then their data, after any fold step under way.
  void erase_data(const std::vector<projection_ptr>& doomed);

  // projection_runner_loop.cc: the folding thread.
  void run();
  struct pass_outcome {
    bool moved = false;   // some position moved
    bool failed = false;  // some step could not read or commit (retried after a pause)
  };
  // One pass over every projection and partition, one step each.
  pass_outcome fold_pass();
  // One step of `state` on one partition.
  pass_outcome fold_step(const projection_ptr& state, cluster::partition& partition);
  // Where the next step of `state` on `partition` starts: its position, or the log start.
  int64_t next_start(const projection& state, cluster::partition& partition) const;
  // Sleeps until a high watermark passes a position of a projection, or wake(), or
  // `recheck` passes.
  void wait_for_work(bool watch, std::chrono::milliseconds recheck);
  std::vector<projection_ptr> active_projections() const;

  std::string _directory;
  const reducer_registry& _reducers;
  std::unique_ptr<projection_db> _db;
  cluster::topic_manager* _topics = nullptr;

  mutable std::mutex _mutex;
  projection_catalog _catalog;
  std::map<std::pair<std::string, std::string>, projection_ptr> _projections;  // (store, name)

  // Held across a fold step's read, fold and commit, so removals erase after it.
  std::mutex _fold_mutex;
  std::shared_ptr<wake_signal> _signal = std::make_shared<wake_signal>();
  std::atomic<bool> _stopping{false};
  std::thread _thread;
};

}  // namespace eventioz::eventstore
