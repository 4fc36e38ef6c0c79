// Distinct types for offsets, terms and ids, so that passing a partition id where an offset is
// expected does not compile (Redpanda's habit).
#pragma once

#include <fmt/format.h>

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>
#include <ostream>

namespace eventioz {

template <class T, class Tag>
class strong_id {
 public:
  using value_type = T;

  constexpr strong_id() = default;
  constexpr explicit strong_id(T value) : _value(value) {}

  constexpr T value() const { return _value; }
  constexpr auto operator<=>(const strong_id&) const = default;

  static constexpr strong_id max() { return strong_id(std::numeric_limits<T>::max()); }
  static constexpr strong_id min() { return strong_id(std::numeric_limits<T>::min()); }

 private:
  T _value{};
};

// Offsets are positions in a partition log; they support the arithmetic a log needs.
struct offset_tag {};
class offset : public strong_id<int64_t, offset_tag> {
 public:
  using strong_id::strong_id;
  constexpr offset(strong_id base) : strong_id(base) {}

  constexpr offset operator+(int64_t delta) const { return offset(value() + delta); }
  constexpr offset operator-(int64_t delta) const { return offset(value() - delta); }
  constexpr int64_t operator-(offset other) const { return value() - other.value(); }
  constexpr offset& operator++() {
    *this = *this + 1;
    return *this;
  }
  constexpr offset& operator+=(int64_t delta) {
    *this = *this + delta;
    return *this;
  }
};

using term_id = strong_id<int64_t, struct term_tag>;            // Raft term = leader epoch
using node_id = strong_id<int32_t, struct node_tag>;            // broker id
using partition_id = strong_id<int32_t, struct partition_tag>;  // partition within a topic
using producer_id = strong_id<int64_t, struct producer_tag>;    // idempotent producer
using producer_epoch = strong_id<int16_t, struct producer_epoch_tag>;

// For test failure messages and logs.
template <class T, class Tag>
std::ostream& operator<<(std::ostream& out, const strong_id<T, Tag>& id) {
  return out << id.value();
}
inline std::ostream& operator<<(std::ostream& out, const offset& id) { return out << id.value(); }

}  // namespace eventioz

template <class T, class Tag>
struct std::hash<eventioz::strong_id<T, Tag>> {
  size_t operator()(const eventioz::strong_id<T, Tag>& id) const noexcept {
    return std::hash<T>()(id.value());
  }
};

template <>
struct std::hash<eventioz::offset> {
  size_t operator()(const eventioz::offset& id) const noexcept {
    return std::hash<int64_t>()(id.value());
  }
};

template <class T, class Tag>
struct fmt::formatter<eventioz::strong_id<T, Tag>> : fmt::formatter<T> {
  auto format(const eventioz::strong_id<T, Tag>& id, fmt::format_context& context) const {
    return fmt::formatter<T>::format(id.value(), context);
  }
};

template <>
struct fmt::formatter<eventioz::offset> : fmt::formatter<int64_t> {
  auto format(const eventioz::offset& id, fmt::format_context& context) const {
    return fmt::formatter<int64_t>::format(id.value(), context);
  }
};
