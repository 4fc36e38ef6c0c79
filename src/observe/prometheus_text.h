// The Prometheus text exposition format, version 0.0.4: what /metrics answers.
//
// For each family, sorted by name: `# HELP name text`, `# TYPE name type`, then its samples
// sorted by label values, labels in the family's declared order. Histograms expand into
// cumulative `name_bucket{...,le="bound"}` lines ending with le="+Inf", then `name_sum` and
// `name_count`. Families of the same name (several collectors) are merged. The output is
// stable: the same metrics always render the same bytes, so diffs and tests are easy.
//
// Escaping (the format's rules): label values escape backslash, double quote and newline;
// HELP text escapes backslash and newline. Values are shortest round-trip decimals, with
// +Inf, -Inf and NaN spelled as Prometheus does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/metrics_registry.h"

namespace eventioz::observe {

inline constexpr std::string_view prometheus_content_type =
    "text/plain; version=0.0.4; charset=utf-8";

std::string render_prometheus_text(std::vector<metrics::family_snapshot> families);

// The pieces, for tests.
void append_label_value(std::string& out, std::string_view value);
void append_help_text(std::string& out, std::string_view help);
void append_sample_value(std::string& out, double value);

}  // namespace eventioz::observe
