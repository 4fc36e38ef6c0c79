// Base64 encoding and strict decoding.
#include "http/base64.h"

#include <array>

namespace eventioz::http {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> decoding_table() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (int i = 0; i < 64; ++i) table[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  return table;
}
constexpr std::array<int8_t, 256> decoding = decoding_table();

}  // namespace

void append_base64(std::string& out, byte_span bytes) {
  out.reserve(out.size() + (bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out.push_back(alphabet[(group >> 18) & 63]);
    out.push_back(alphabet[(group >> 12) & 63]);
    out.push_back(alphabet[(group >> 6) & 63]);
    out.push_back(alphabet[group & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 0) return;
  uint32_t group = bytes[i] << 16;
  if (rest == 2) group |= bytes[i + 1] << 8;
  out.push_back(alphabet[(group >> 18) & 63]);
  out.push_back(alphabet[(group >> 12) & 63]);
  out.push_back(rest == 2 ? alphabet[(group >> 6) & 63] : '=');
  out.push_back('=');
}

std::optional<byte_buffer> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  byte_buffer out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    int values[4];
    int padding = 0;
    for (int j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=' && last && j >= 2) {
        values[j] = 0;
        ++padding;
        continue;
      }
      if (padding > 0) return std::nullopt;  // data after '='
      values[j] = decoding[static_cast<uint8_t>(c)];
      if (values[j] < 0) return std::nullopt;
    }
    uint32_t group = (values[0] << 18) | (values[1] << 12) | (values[2] << 6) | values[3];
    out.push_back(static_cast<uint8_t>(group >> 16));
    if (padding < 2) out.push_back(static_cast<uint8_t>(group >> 8));
    if (padding < 1) out.push_back(static_cast<uint8_t>(group));
  }
  return out;
}

}  // namespace eventioz::http
