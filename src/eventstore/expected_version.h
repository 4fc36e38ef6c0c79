// The optimistic-concurrency condition of an append: what the writer believes the stream's
// version is. Versions are 0-based positions of events within their stream; a stream's
// "current version" is the version of its last event (-1: no events yet).
//
// Text form (the HTTP body's "expected_version" and the Kafka record header
// `eventioz-expected-version`): "any" | "no_stream" | "exists" | a decimal version >= 0.
// The HTTP body also takes the number as a JSON number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace eventioz::eventstore {

struct expected_version {
  enum class kind { any, no_stream, exists, exact };
  kind condition = kind::any;
  int64_t version = -1;  // for kind::exact

  static expected_version any() { return {}; }
  static expected_version exact(int64_t v) { return {kind::exact, v}; }

  // The text form above.
  std::string to_string() const;
  bool operator==(const expected_version&) const = default;
};

// errc::invalid_expected_version with a message that lists the accepted forms.
result<expected_version> parse_expected_version(std::string_view text);

// Whether a stream whose current version is `current` (-1: no events) satisfies `expected`.
bool is_satisfied(const expected_version& expected, int64_t current);

}  // namespace eventioz::eventstore
