#include "observe/prometheus_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "base/utf8.h"

namespace eventioz::observe {
namespace {

using metrics::family_snapshot;

// `{a="x",b="y"` (no closing brace): the family's labels with these values.
void append_labels_open(std::string& out, const std::vector<std::string>& names,
                        const metrics::label_values& values) {
  out.push_back('{');
  for (size_t index = 0; index < names.size(); ++index) {
    if (index > 0) out.push_back(',');
    out.append(names[index]);
    out.append("=\"");
    append_label_value(out, values[index]);
    out.push_back('"');
  }
}

void append_sample_line(std::string& out, std::string_view name, std::string_view suffix,
                        const std::vector<std::string>& names, const metrics::label_values& values,
                        double value) {
  out.append(name);
  out.append(suffix);
  if (!names.empty()) {
    append_labels_open(out, names, values);
    out.push_back('}');
  }
  out.push_back(' ');
  append_sample_value(out, value);
  out.push_back('\n');
}

void append_histogram(std::string& out, const family_snapshot& family,
                      const metrics::histogram_sample& child) {
  // Cumulative counts; +Inf and _count are the larger of the recorded count and the sum of
  // the buckets, so the buckets stay monotone even when read during an observe.
  uint64_t cumulative = 0;
  auto bucket_line = [&](std::string_view bound_text) {
    out.append(family.name);
    out.append("_bucket");
    append_labels_open(out, family.label_names, child.labels);
    if (!family.label_names.empty()) out.push_back(',');
    out.append("le=\"");
    out.append(bound_text);
    out.append("\"} ");
    fmt::format_to(std::back_inserter(out), "{}\n", cumulative);
  };
  std::string bound_text;
  for (size_t index = 0; index < child.upper_bounds.size(); ++index) {
    cumulative += index < child.bucket_counts.size() ? child.bucket_counts[index] : 0;
    bound_text.clear();
    append_sample_value(bound_text, child.upper_bounds[index]);
    bucket_line(bound_text);
  }
  if (child.bucket_counts.size() > child.upper_bounds.size()) {
    cumulative += child.bucket_counts[child.upper_bounds.size()];
  }
  cumulative = std::max(cumulative, child.count);
  bucket_line("+Inf");
  append_sample_line(out, family.name, "_sum", family.label_names, child.labels, child.sum);
  append_sample_line(out, family.name, "_count", family.label_names, child.labels,
                     static_cast<double>(cumulative));
}

// Merges families of the same name (collectors may each add part of one) and sorts.
std::vector<family_snapshot> merged_and_sorted(std::vector<family_snapshot> families) {
  std::stable_sort(
      families.begin(), families.end(),
      [](const family_snapshot& a, const family_snapshot& b) { return a.name < b.name; });
  std::vector<family_snapshot> merged;
  for (auto& family : families) {
    if (!merged.empty() && merged.back().name == family.name && merged.back().type == family.type &&
        merged.back().label_names == family.label_names) {
      auto& into = merged.back();
      std::move(family.samples.begin(), family.samples.end(), std::back_inserter(into.samples));
      std::move(family.histograms.begin(), family.histograms.end(),
                std::back_inserter(into.histograms));
      continue;
    }
    merged.push_back(std::move(family));
  }
  for (auto& family : merged) {
    std::stable_sort(family.samples.begin(), family.samples.end(),
                     [](const auto& a, const auto& b) { return a.labels < b.labels; });
    std::stable_sort(family.histograms.begin(), family.histograms.end(),
                     [](const auto& a, const auto& b) { return a.labels < b.labels; });
  }
  return merged;
}

}  // namespace

void append_label_value(std::string& out, std::string_view value) {
  for (size_t at = 0; at < value.size(); ++at) {
    char c = value[at];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // The format is UTF-8 and Prometheus refuses a whole scrape over one invalid label value;
      // values come from clients (group ids, topic names): invalid bytes become U+FFFD.
      size_t length = utf8_sequence_length(value, at);
      if (length == 0) {
        out.append("\xEF\xBF\xBD");
      } else {
        out.append(value.substr(at, length));
        at += length - 1;
      }
      continue;
    }
    switch (c) {
      case '\\':
        out.append("\\\\");
        break;
      case '"':
        out.append("\\\"");
        break;
      case '\n':
        out.append("\\n");
        break;
      default:
        out.push_back(c);
    }
  }
}

void append_help_text(std::string& out, std::string_view help) {
  for (char c : help) {
    switch (c) {
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      default:
        out.push_back(c);
    }
  }
}

void append_sample_value(std::string& out, double value) {
  if (std::isnan(value)) {
    out.append("NaN");
  } else if (std::isinf(value)) {
    out.append(value > 0 ? "+Inf" : "-Inf");
  } else if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    // Counts and offsets: plain integers, never 1e+06.
    fmt::format_to(std::back_inserter(out), "{}", static_cast<int64_t>(value));
  } else {
    fmt::format_to(std::back_inserter(out), "{}", value);
  }
}

std::string render_prometheus_text(std::vector<metrics::family_snapshot> families) {
  std::string out;
  out.reserve(4096);
  for (const family_snapshot& family : merged_and_sorted(std::move(families))) {
    out.append("# HELP ");
    out.append(family.name);
    out.push_back(' ');
    append_help_text(out, family.help);
    out.append("\n# TYPE ");
    out.append(family.name);
    out.push_back(' ');
    out.append(metrics::type_name(family.type));
    out.push_back('\n');
    if (family.type == metrics::metric_type::histogram) {
      for (const auto& child : family.histograms) append_histogram(out, family, child);
      continue;
    }
    for (const auto& each : family.samples) {
      append_sample_line(out, family.name, "", family.label_names, each.labels, each.value);
    }
  }
  return out;
}

}  // namespace eventioz::observe
