"""The header and source file of one schema file: kafka/protocol/messages/<name>.h and .cc.

The header declares one struct per message (X_request and X_response, or the header's own
struct) with its nested structs as member types, so a reader of the server sees the whole
message in one place. The .cc holds the decode/encode functions (emit_codec.py) and the
member functions that check the version and add the message name to errors.
"""

from __future__ import annotations

from cpp_fields import MessageContext, describe_versions, member_initializer, member_type
from emit_codec import decode_function, encode_function, indent
from schema_model import SchemaFile, StructDef
from schema_validator import holds_records


def generated_notice(schema: SchemaFile) -> str:
    return f"// Generated from schema/{schema.stem}.kp by generator/generate.py: do not edit."


def header_path(schema: SchemaFile) -> str:
    return f"kafka/protocol/messages/{schema.stem}.h"


def source_path(schema: SchemaFile) -> str:
    return f"kafka/protocol/messages/{schema.stem}.cc"


def emit_header(schema: SchemaFile) -> str:
    lines = [
        generated_notice(schema),
        f"// {summary(schema)}",
        "#pragma once",
        "",
        "#include <cstdint>",
        "#include <optional>",
        "#include <string>",
        "#include <vector>",
        "",
        '#include "base/byte_reader.h"',
        '#include "base/bytes.h"',
        '#include "base/result.h"',
        '#include "kafka/protocol/records_payload.h"',
        '#include "kafka/protocol/uuid.h"',
        '#include "kafka/protocol/wire_writer.h"',
        "",
        "namespace eventioz::kafka::protocol {",
        "",
    ]
    for message in schema.messages:
        lines += message_struct(MessageContext(schema, message))
        lines.append("")
    lines.append("}  // namespace eventioz::kafka::protocol")
    return "\n".join(lines) + "\n"


def summary(schema: SchemaFile) -> str:
    if schema.kind == "api":
        declared = f"api {schema.key} {schema.name}"
    else:
        declared = f"header {schema.name}"
    flexible = "none" if schema.first_flexible is None else f"{schema.first_flexible}+"
    return f"{declared}: versions {schema.versions}, flexible {flexible}."


def message_struct(context: MessageContext) -> list[str]:
    schema = context.schema
    versions = context.versions
    first_flexible = -1 if schema.first_flexible is None else schema.first_flexible
    lines = [f"struct {context.message.cpp_name} {{"]
    constants = []
    if schema.kind == "api":
        constants.append(f"static constexpr int16_t api_key = {schema.key};")
    constants += [
        f"static constexpr int16_t min_version = {versions.low};",
        f"static constexpr int16_t max_version = {versions.high};",
        f"static constexpr int16_t first_flexible_version = {first_flexible};  // -1: none",
    ]
    lines += indent(constants)
    for nested in context.message.nested:
        lines.append("")
        lines += indent(nested_struct(nested, context))
    lines.append("")
    lines += indent(members(context.message.root, context))
    what = "header version `version`" if schema.kind == "header" else "version `version`"
    lines += indent([
        "",
        f"// Decodes {what} of the message from `reader` into this struct, which is reset",
        "// first. errc::unsupported_version outside min_version..max_version;",
        "// errc::malformed_message when the bytes do not hold a message (the error names the",
        "// field). Strings and bytes are copied; records borrow `reader`'s bytes, which must",
        "// then outlive the message.",
        "status decode(byte_reader& reader, int16_t version);",
        "// REQUIRES: min_version <= version <= max_version.",
        "void encode(wire_writer& writer, int16_t version) const;",
        *equality(context.message.root, context.message.cpp_name),
    ])
    lines.append("};")
    return lines


def nested_struct(struct: StructDef, context: MessageContext) -> list[str]:
    return [f"struct {struct.name} {{",
            *indent(members(struct, context)),
            *indent(["",
                     "status decode(byte_reader& reader, int16_t version);",
                     "void encode(wire_writer& writer, int16_t version) const;",
                     *equality(struct, struct.name)]),
            "};"]


def equality(struct: StructDef, name: str) -> list[str]:
    """A defaulted operator==, for tests and callers, unless the struct holds records (which
    may be file slices: comparing them means reading files)."""
    if any(holds_records(field) for field in struct.fields):
        return []
    return [f"bool operator==(const {name}&) const = default;"]


def members(struct: StructDef, context: MessageContext) -> list[str]:
    lines = []
    for field in struct.fields:
        declaration = f"{member_type(field, context)} {field.name}{member_initializer(field)};"
        note = describe_versions(field, context)
        if not note:
            lines.append(declaration)
        elif len(declaration) + len(note) + 8 <= 100:  # indented once, "  // "
            lines.append(f"{declaration}  // {note}")
        else:
            lines += [f"// {note}", declaration]
    return lines


def emit_source(schema: SchemaFile) -> str:
    lines = [
        generated_notice(schema),
        f'#include "{header_path(schema)}"',
        "",
        '#include "base/assert.h"',
        '#include "kafka/protocol/field_decoding.h"',
        '#include "kafka/protocol/field_encoding.h"',
        "",
        "namespace eventioz::kafka::protocol {",
        "namespace {",
    ]
    for message in schema.messages:
        context = MessageContext(schema, message)
        for struct in message.nested + [message.root]:
            lines += ["", *decode_function(struct, context), "", *encode_function(struct, context)]
    lines += ["", "}  // namespace", ""]
    for message in schema.messages:
        context = MessageContext(schema, message)
        for struct in message.nested:
            lines += nested_members(struct, context) + [""]
        lines += message_members(context) + [""]
    lines.append("}  // namespace eventioz::kafka::protocol")
    return "\n".join(lines) + "\n"


def nested_members(struct: StructDef, context: MessageContext) -> list[str]:
    name = context.qualified(struct)
    return [
        f"status {name}::decode(byte_reader& reader, int16_t version) {{",
        "  return decode_fields(*this, reader, version);",
        "}",
        "",
        f"void {name}::encode(wire_writer& writer, int16_t version) const {{",
        "  encode_fields(*this, writer, version);",
        "}",
    ]


def message_members(context: MessageContext) -> list[str]:
    name = context.message.cpp_name
    return [
        f"status {name}::decode(byte_reader& reader, int16_t version) {{",
        "  if (version < min_version || version > max_version) {",
        f'    return wire::unsupported_version("{name}", version, min_version, max_version);',
        "  }",
        f"  *this = {name}{{}};",
        f'  return wire::in_message("{name}", decode_fields(*this, reader, version));',
        "}",
        "",
        f"void {name}::encode(wire_writer& writer, int16_t version) const {{",
        "  EVENTIOZ_ASSERT(version >= min_version && version <= max_version, "
        f'"{{}}: cannot encode version {{}} (versions {{}}-{{}})", "{name}", version, '
        "min_version, max_version);",
        "  encode_fields(*this, writer, version);",
        "}",
    ]
