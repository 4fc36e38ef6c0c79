"""The files that list every schema: messages.h (includes them all), api_visit.h (from a key
known at run time to the message types), api_registry.h/.cc (keys, names, versions, header
versions, body decoding by key).
"""

from __future__ import annotations

from emit_message import header_path
from schema_model import SchemaFile

NOTICE = "// Generated from schema/*.kp by generator/generate.py: do not edit."


def apis(schemas: list[SchemaFile]) -> list[SchemaFile]:
    return sorted((s for s in schemas if s.kind == "api"), key=lambda s: s.key)


def emit_messages_header(schemas: list[SchemaFile]) -> str:
    lines = [NOTICE, "// Every message struct, headers included.", "#pragma once", ""]
    lines += [f'#include "{header_path(s)}"' for s in sorted(schemas, key=lambda s: s.stem)]
    return "\n".join(lines) + "\n"


def emit_visit_header(schemas: list[SchemaFile]) -> str:
    lines = [
        NOTICE,
        "// visit_api: from an API key known only at run time to its request and response types,",
        "// for code that treats every API alike (body validation, tests, fuzzers).",
        "#pragma once",
        "",
        "#include <cstdint>",
        "#include <type_traits>",
        "",
        '#include "kafka/protocol/messages.h"',
        "",
        "namespace eventioz::kafka::protocol {",
        "",
        "// Calls visitor(std::type_identity<X_request>{}, std::type_identity<X_response>{}) for",
        "// the API with `key` and returns true; returns false, without calling it, for a key",
        "// no schema defines.",
        "template <class Visitor>",
        "bool visit_api(int16_t key, Visitor&& visitor) {",
        "  switch (key) {",
    ]
    for schema in apis(schemas):
        lines += [
            f"    case {schema.key}:",
            f"      visitor(std::type_identity<{schema.name}_request>{{}},",
            f"              std::type_identity<{schema.name}_response>{{}});",
            "      return true;",
        ]
    lines += ["    default:", "      return false;", "  }", "}", "",
              "}  // namespace eventioz::kafka::protocol"]
    return "\n".join(lines) + "\n"


def emit_registry_header(schemas: list[SchemaFile]) -> str:
    enumerators = [f"  {s.name} = {s.key}," for s in apis(schemas)]
    return "\n".join([
        NOTICE,
        "// The Kafka APIs this build implements: keys, names, versions, the header versions of",
        "// their requests and responses, and decoding a request or response body by key.",
        "#pragma once",
        "",
        "#include <cstdint>",
        "#include <span>",
        "#include <string_view>",
        "",
        '#include "base/bytes.h"',
        '#include "base/result.h"',
        "",
        "namespace eventioz::kafka::protocol {",
        "",
        "enum class api_key : int16_t {",
        *enumerators,
        "};",
        "",
        "struct api_descriptor {",
        "  int16_t key;",
        "  std::string_view name;  // as in the schema: \"api_versions\"",
        "  int16_t min_version, max_version;  // the versions implemented",
        "  int16_t first_flexible_version;     // -1: none",
        "};",
        "",
        "// Every API, in key order.",
        "std::span<const api_descriptor> all_apis();",
        "",
        "// The API with `key`, or nullptr.",
        "const api_descriptor* find_api(int16_t key);",
        "",
        "// The request header version for a request of `key` at `version`: 2 in flexible",
        "// versions, else 1. Versions above the implemented range count as flexible when the API",
        "// is flexible from some version on, as a newer client sends them (an ApiVersions",
        "// request of a newer version must still be answered). Unknown keys: 1.",
        "int16_t request_header_version(int16_t key, int16_t version);",
        "",
        "// The response header version: 1 in flexible versions, else 0; always 0 for ApiVersions",
        "// (key 18), whose response a client must read before it knows the broker's versions.",
        "int16_t response_header_version(int16_t key, int16_t version);",
        "",
        "// Decodes a request (response) body of API `key` at `version` into a temporary and",
        "// discards it: a check that the bytes hold exactly one such message, no more, no less.",
        "// errc::unknown_api_key, errc::unsupported_version, or errc::malformed_message.",
        "status decode_request_body(int16_t key, int16_t version, byte_span body);",
        "status decode_response_body(int16_t key, int16_t version, byte_span body);",
        "",
        "}  // namespace eventioz::kafka::protocol",
    ]) + "\n"


def emit_registry_source(schemas: list[SchemaFile]) -> str:
    table = []
    cases = []
    for index, schema in enumerate(apis(schemas)):
        flexible = -1 if schema.first_flexible is None else schema.first_flexible
        table.append(f"    {{{schema.key}, \"{schema.name}\", {schema.versions.low}, "
                     f"{schema.versions.high}, {flexible}}},")
        cases.append(f"    case {schema.key}:")
        cases.append(f"      return &apis[{index}];")
    return "\n".join([
        NOTICE,
        '#include "kafka/protocol/api_registry.h"',
        "",
        "#include <fmt/format.h>",
        "",
        "#include <array>",
        "",
        '#include "base/byte_reader.h"',
        '#include "kafka/protocol/api_visit.h"',
        '#include "kafka/protocol/decode_error.h"',
        '#include "kafka/protocol/errc.h"',
        "",
        "namespace eventioz::kafka::protocol {",
        "namespace {",
        "",
        "// key, name, min_version, max_version, first_flexible_version (-1: none)",
        f"constexpr std::array<api_descriptor, {len(apis(schemas))}> apis = {{{{",
        *table,
        "}};",
        "",
        "template <class Message>",
        "status decode_exactly(int16_t key, int16_t version, byte_span body) {",
        "  Message message;",
        "  byte_reader reader(body);",
        "  EVENTIOZ_RETURN_IF_ERROR(message.decode(reader, version));",
        "  if (!reader.at_end()) {",
        "    return wire::malformed(fmt::format(",
        '        "API {} version {}: {} bytes after the end of the message", key, version,',
        "        reader.remaining()));",
        "  }",
        "  return ok_status();",
        "}",
        "",
        "template <bool Request>",
        "status decode_body(int16_t key, int16_t version, byte_span body) {",
        '  status decoded = error(errc::unknown_api_key, fmt::format("unknown API key {}", key));',
        "  visit_api(key, [&]<class Req, class Resp>(std::type_identity<Req>,",
        "                                          std::type_identity<Resp>) {",
        "    using message = std::conditional_t<Request, Req, Resp>;",
        "    decoded = decode_exactly<message>(key, version, body);",
        "  });",
        "  return decoded;",
        "}",
        "",
        "bool is_flexible(const api_descriptor* api, int16_t version) {",
        "  return api != nullptr && api->first_flexible_version >= 0 &&",
        "         version >= api->first_flexible_version;",
        "}",
        "",
        "}  // namespace",
        "",
        "std::span<const api_descriptor> all_apis() { return apis; }",
        "",
        "const api_descriptor* find_api(int16_t key) {",
        "  switch (key) {",
        *cases,
        "    default:",
        "      return nullptr;",
        "  }",
        "}",
        "",
        "int16_t request_header_version(int16_t key, int16_t version) {",
        "  return is_flexible(find_api(key), version) ? 2 : 1;",
        "}",
        "",
        "int16_t response_header_version(int16_t key, int16_t version) {",
        "  constexpr int16_t api_versions_key = 18;  // KIP-511: its response header stays v0",
        "  if (key == api_versions_key) return 0;",
        "  return is_flexible(find_api(key), version) ? 1 : 0;",
        "}",
        "",
        "status decode_request_body(int16_t key, int16_t version, byte_span body) {",
        "  return decode_body<true>(key, version, body);",
        "}",
        "",
        "status decode_response_body(int16_t key, int16_t version, byte_span body) {",
        "  return decode_body<false>(key, version, body);",
        "}",
        "",
        "}  // namespace eventioz::kafka::protocol",
    ]) + "\n"
