// Walking JSON pointers without exceptions, with messages that name the step that failed.
#include "eventstore/json_path.h"

#include <fmt/format.h>

#include <algorithm>

#include "eventstore/errc.h"

namespace eventioz::eventstore {

result<json_path> parse_json_path(std::string_view pointer) {
  json_path tokens;
  try {
    nlohmann::json::json_pointer parsed{std::string(pointer)};
    while (!parsed.empty()) {
      tokens.push_back(parsed.back());
      parsed.pop_back();
    }
  } catch (const nlohmann::json::exception& bad) {
    return error(errc::invalid_reducer,
                 fmt::format("'{}' is not a JSON pointer (RFC 6901: \"\" or \"/member/0\", "
                             "with ~0 for ~ and ~1 for /): {}",
                             pointer.substr(0, 200), bad.what()));
  }
  std::reverse(tokens.begin(), tokens.end());
  return tokens;
}

std::string format_json_path(const json_path& path, size_t token_count) {
  std::string text;
  for (size_t i = 0; i < token_count && i < path.size(); ++i) {
    text += '/';
    for (char c : path[i]) {
      if (c == '~') {
        text += "~0";
      } else if (c == '/') {
        text += "~1";
      } else {
        text += c;
      }
    }
  }
  return text;
}

std::optional<size_t> json_array_index(const std::string& token) {
  if (token.empty() || token.size() > 18) return std::nullopt;
  if (token.size() > 1 && token.front() == '0') return std::nullopt;
  size_t index = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<size_t>(c - '0');
  }
  return index;
}

const nlohmann::json* find_json(const nlohmann::json& root, const json_path& path) {
  const nlohmann::json* at = &root;
  for (const std::string& token : path) {
    if (at->is_object()) {
      auto member = at->find(token);
      if (member == at->end()) return nullptr;
      at = &*member;
    } else if (at->is_array()) {
      auto index = json_array_index(token);
      if (!index || *index >= at->size()) return nullptr;
      at = &(*at)[*index];
    } else {
      return nullptr;
    }
  }
  return at;
}

result<nlohmann::json*> reach_json(nlohmann::json& root, const json_path& path) {
  nlohmann::json* at = &root;
  for (size_t step = 0; step < path.size(); ++step) {
    const std::string& token = path[step];
    if (at->is_null()) *at = nlohmann::json::object();
    if (at->is_object()) {
      at = &(*at)[token];
      continue;
    }
    std::string where = step == 0 ? "the state" : format_json_path(path, step);
    if (!at->is_array()) {
      return error(errc::reducer_failed, fmt::format("{} is {}, not an object or an array", where,
                                                     json_type_phrase(*at)));
    }
    if (token == "-") {
      at->push_back(nullptr);
      at = &at->back();
      continue;
    }
    auto index = json_array_index(token);
    if (!index || *index >= at->size()) {
      return error(errc::reducer_failed,
                   fmt::format("{} is an array of {} elements: '{}' is not the index of one of "
                               "them (use \"-\" to append)",
                               where, at->size(), token));
    }
    at = &(*at)[*index];
  }
  return at;
}

const char* json_type_phrase(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "a number";
    case nlohmann::json::value_t::binary:
      return "binary";
    case nlohmann::json::value_t::discarded:
      return "discarded";
  }
  return "a value";
}

}  // namespace eventioz::eventstore
