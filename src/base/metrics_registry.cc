#include "base/metrics_registry.h"

#include "base/assert.h"

namespace eventioz::metrics {

const char* type_name(metric_type type) {
  switch (type) {
    case metric_type::counter:
      return "counter";
    case metric_type::gauge:
      return "gauge";
    case metric_type::histogram:
      return "histogram";
  }
  EVENTIOZ_UNREACHABLE("metric type {}", static_cast<int>(type));
}

family_base::family_base(std::string name, std::string help, metric_type type,
                         std::vector<std::string> label_names)
    : _name(std::move(name)),
      _help(std::move(help)),
      _type(type),
      _label_names(std::move(label_names)) {}

void family_base::check_arity(const label_values& values) const {
  EVENTIOZ_ASSERT(values.size() == _label_names.size(), "metric {} takes {} label values, got {}",
                  _name, _label_names.size(), values.size());
}

family_snapshot family_base::snapshot() const {
  family_snapshot out{.name = _name, .help = _help, .type = _type, .label_names = _label_names};
  std::lock_guard lock(_mutex);
  snapshot_children(out);
  return out;
}

template <>
void family<counter>::snapshot_children(family_snapshot& out) const {
  out.samples.reserve(_children.size());
  for (const auto& [labels, child] : _children) {
    out.samples.push_back({labels, static_cast<double>(child->value())});
  }
}

template <>
void family<gauge>::snapshot_children(family_snapshot& out) const {
  out.samples.reserve(_children.size());
  for (const auto& [labels, child] : _children) {
    out.samples.push_back({labels, static_cast<double>(child->value())});
  }
}

template <>
void family<histogram>::snapshot_children(family_snapshot& out) const {
  out.histograms.reserve(_children.size());
  for (const auto& [labels, child] : _children) {
    // The count first: buckets read later can only be as large or larger, and the writer
    // takes the +Inf bucket as the count.
    uint64_t count = child->count();
    auto bounds = child->upper_bounds();
    out.histograms.push_back({.labels = labels,
                              .upper_bounds = std::vector<double>(bounds.begin(), bounds.end()),
                              .bucket_counts = child->bucket_counts(),
                              .count = count,
                              .sum = child->sum()});
  }
}

family_base& metrics_registry::find_or_add(
    std::string_view name, metric_type type, const std::vector<std::string>& label_names,
    const std::function<std::unique_ptr<family_base>()>& make) {
  std::lock_guard lock(_mutex);
  auto found = _families.find(name);
  if (found == _families.end()) {
    found = _families.emplace(std::string(name), make()).first;
  }
  family_base& existing = *found->second;
  EVENTIOZ_ASSERT(existing.type() == type && existing.label_names() == label_names,
                  "metric {} registered twice with different types or labels", name);
  return existing;
}

family<counter>& metrics_registry::counter_family(std::string_view name, std::string_view help,
                                                  std::vector<std::string> label_names) {
  return static_cast<family<counter>&>(
      find_or_add(name, metric_type::counter, label_names, [&]() -> std::unique_ptr<family_base> {
        return std::make_unique<family<counter>>(std::string(name), std::string(help),
                                                 metric_type::counter, label_names);
      }));
}

family<gauge>& metrics_registry::gauge_family(std::string_view name, std::string_view help,
                                              std::vector<std::string> label_names) {
  return static_cast<family<gauge>&>(
      find_or_add(name, metric_type::gauge, label_names, [&]() -> std::unique_ptr<family_base> {
        return std::make_unique<family<gauge>>(std::string(name), std::string(help),
                                               metric_type::gauge, label_names);
      }));
}

family<histogram>& metrics_registry::histogram_family(std::string_view name, std::string_view help,
                                                      std::vector<std::string> label_names,
                                                      std::span<const double> upper_bounds) {
  if (upper_bounds.empty()) upper_bounds = latency_buckets_seconds();
  return static_cast<family<histogram>&>(
      find_or_add(name, metric_type::histogram, label_names, [&]() -> std::unique_ptr<family_base> {
        return std::make_unique<family<histogram>>(
            std::string(name), std::string(help), metric_type::histogram, label_names,
            std::vector<double>(upper_bounds.begin(), upper_bounds.end()));
      }));
}

uint64_t metrics_registry::add_collector(collector collect) {
  std::lock_guard lock(_collectors_mutex);
  uint64_t id = _next_collector_id++;
  _collectors.emplace(id, std::move(collect));
  return id;
}

void metrics_registry::remove_collector(uint64_t id) {
  std::lock_guard lock(_collectors_mutex);
  _collectors.erase(id);
}

std::vector<family_snapshot> metrics_registry::collect() const {
  std::vector<family_snapshot> out;
  {
    std::lock_guard lock(_mutex);
    out.reserve(_families.size());
    for (const auto& [name, each] : _families) out.push_back(each->snapshot());
  }
  // Under the collectors' own lock, not the families': a collector may use families, and
  // once remove_collector returns, no scrape is still running the removed one.
  std::lock_guard lock(_collectors_mutex);
  for (const auto& [id, collect] : _collectors) collect(out);
  return out;
}

metrics_registry& default_registry() {
  static metrics_registry* registry = new metrics_registry();
  return *registry;
}

}  // namespace eventioz::metrics
