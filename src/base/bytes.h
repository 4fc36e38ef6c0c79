// Byte views and buffers, and big-endian integer access (Kafka and our on-disk formats are
// big-endian).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace eventioz {

namespace detail {
template <class U>
constexpr U byte_swap(U value) {
  if constexpr (sizeof(U) == 2) return __builtin_bswap16(value);
  if constexpr (sizeof(U) == 4) return __builtin_bswap32(value);
  if constexpr (sizeof(U) == 8) return __builtin_bswap64(value);
  return value;
}
}  // namespace detail

using byte_span = std::span<const uint8_t>;
using mutable_byte_span = std::span<uint8_t>;
using byte_buffer = std::vector<uint8_t>;

inline byte_span as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

inline std::string_view as_string_view(byte_span bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// REQUIRES: `from` points at sizeof(T) readable bytes.
template <class T>
requires std::is_integral_v<T> T read_big_endian(const uint8_t* from) {
  std::make_unsigned_t<T> raw;
  std::memcpy(&raw, from, sizeof(T));
  if constexpr (std::endian::native == std::endian::little && sizeof(T) > 1) {
    raw = detail::byte_swap(raw);
  }
  return static_cast<T>(raw);
}

// REQUIRES: `to` points at sizeof(T) writable bytes.
template <class T>
requires std::is_integral_v<T>
void write_big_endian(uint8_t* to, T value) {
  auto raw = static_cast<std::make_unsigned_t<T>>(value);
  if constexpr (std::endian::native == std::endian::little && sizeof(T) > 1) {
    raw = detail::byte_swap(raw);
  }
  std::memcpy(to, &raw, sizeof(T));
}

template <class T>
requires std::is_integral_v<T>
void append_big_endian(byte_buffer& to, T value) {
  size_t at = to.size();
  to.resize(at + sizeof(T));
  write_big_endian(to.data() + at, value);
}

}  // namespace eventioz
