// The metrics of the process: families of counters, gauges and histograms, each with a name,
// a help text and label names, and their children (one per combination of label values); plus
// collectors, callbacks that produce samples at scrape time for values that are cheaper to
// read then than to keep up to date (high watermarks, lag, process memory).
//
// Why our own: Debian 12 does not package prometheus-cpp (design §13 names it), and what the
// broker needs is small: lock-free counters, gauges and fixed-bucket histograms, and a
// snapshot that observe/prometheus_text.h turns into the text format.
//
// Cost model: looking a child up (family::with) takes the family's mutex and a map lookup, so
// callers do it once and keep the pointer (per API, per connection, per partition); children
// are never freed while the registry lives, so the pointer stays valid. Incrementing never
// locks (metrics_counter.h, metrics_histogram.h).
//
// Thread-safe. default_registry() is the process-wide one the broker's modules record into;
// tests build their own.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/metrics_counter.h"
#include "base/metrics_histogram.h"

namespace eventioz::metrics {

enum class metric_type { counter, gauge, histogram };
// "counter", "gauge", "histogram", as the TYPE line spells them.
const char* type_name(metric_type type);

using label_values = std::vector<std::string>;

struct sample {
  label_values labels;  // in the order of the family's label_names
  double value = 0;
};

struct histogram_sample {
  label_values labels;
  std::vector<double> upper_bounds;     // finite; +Inf is implicit
  std::vector<uint64_t> bucket_counts;  // per bucket, upper_bounds.size() + 1, not cumulative
  uint64_t count = 0;
  double sum = 0;
};

// One family as a scrape sees it. Counters and gauges fill `samples`, histograms `histograms`.
struct family_snapshot {
  std::string name;
  std::string help;
  metric_type type = metric_type::gauge;
  std::vector<std::string> label_names;
  std::vector<sample> samples;
  std::vector<histogram_sample> histograms;
};

class family_base {
 public:
  family_base(std::string name, std::string help, metric_type type,
              std::vector<std::string> label_names);
  virtual ~family_base() = default;

  const std::string& name() const { return _name; }
  metric_type type() const { return _type; }
  const std::vector<std::string>& label_names() const { return _label_names; }
  family_snapshot snapshot() const;

 protected:
  void check_arity(const label_values& values) const;
  virtual void snapshot_children(family_snapshot& out) const = 0;

  mutable std::mutex _mutex;

 private:
  std::string _name;
  std::string _help;
  metric_type _type;
  std::vector<std::string> _label_names;
};

// The children of one family. Metric: counter, gauge or histogram.
template <class Metric>
class family final : public family_base {
 public:
  template <class... Args>
  family(std::string name, std::string help, metric_type type, std::vector<std::string> label_names,
         Args... metric_args)
      : family_base(std::move(name), std::move(help), type, std::move(label_names)),
        _make([=] { return std::make_unique<Metric>(metric_args...); }) {}

  // The child for these label values (one per label name, in order), created on first use.
  // Takes the family's mutex: call once and keep the reference.
  Metric& with(const label_values& values) {
    check_arity(values);
    std::lock_guard lock(_mutex);
    auto& child = _children[values];
    if (!child) child = _make();
    return *child;
  }
  Metric& with(std::initializer_list<std::string_view> values) {
    return with(label_values(values.begin(), values.end()));
  }

 private:
  void snapshot_children(family_snapshot& out) const override;

  std::function<std::unique_ptr<Metric>()> _make;
  std::map<label_values, std::unique_ptr<Metric>> _children;  // sorted: stable output
};

template <>
void family<counter>::snapshot_children(family_snapshot& out) const;
template <>
void family<gauge>::snapshot_children(family_snapshot& out) const;
template <>
void family<histogram>::snapshot_children(family_snapshot& out) const;

class metrics_registry {
 public:
  metrics_registry() = default;
  metrics_registry(const metrics_registry&) = delete;
  metrics_registry& operator=(const metrics_registry&) = delete;

  // The family named `name`, created on first use; asking again with the same type and label
  // names gives the same family (so any module may ask). A different type or label names is a
  // bug (asserted). Names follow eventioz_<module>_<what>_<unit>.
  family<counter>& counter_family(std::string_view name, std::string_view help,
                                  std::vector<std::string> label_names = {});
  family<gauge>& gauge_family(std::string_view name, std::string_view help,
                              std::vector<std::string> label_names = {});
  // `upper_bounds` apply to every child; default: latency_buckets_seconds().
  family<histogram>& histogram_family(std::string_view name, std::string_view help,
                                      std::vector<std::string> label_names = {},
                                      std::span<const double> upper_bounds = {});

  // A collector appends families (counters or gauges) to a scrape. It runs on the scraping
  // thread, so it must be quick and thread-safe; it may use the registry's families but not
  // add or remove collectors. Families it produces with a registry family's name are merged
  // by the text writer. Returns an id for remove_collector, which waits for a scrape running
  // the collector: call it before what the collector uses goes away.
  using collector = std::function<void(std::vector<family_snapshot>& out)>;
  uint64_t add_collector(collector collect);
  void remove_collector(uint64_t id);

  // Every family of the registry (sorted by name, children by label values), then what the
  // collectors produced.
  std::vector<family_snapshot> collect() const;

 private:
  family_base& find_or_add(std::string_view name, metric_type type,
                           const std::vector<std::string>& label_names,
                           const std::function<std::unique_ptr<family_base>()>& make);

  mutable std::mutex _mutex;  // guards _families
  std::map<std::string, std::unique_ptr<family_base>, std::less<>> _families;
  mutable std::mutex _collectors_mutex;  // guards _collectors; held while they run
  std::map<uint64_t, collector> _collectors;
  uint64_t _next_collector_id = 1;
};

// The process-wide registry the broker records into (created on first use, never destroyed,
// so metric pointers held by long-lived objects stay valid through shutdown).
metrics_registry& default_registry();

}  // namespace eventioz::metrics
