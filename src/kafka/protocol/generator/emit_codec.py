"""The decode and encode functions of one struct, as C++ text.

Each struct gets two free functions in the generated .cc's anonymous namespace,
`decode_fields(T&, byte_reader&, int16_t version)` and `encode_fields(const T&, wire_writer&,
int16_t version)`, overloaded on the struct type. The fields are read and written in schema
order, each under its version condition, then (in flexible versions) the tagged fields. All
byte-level work is done by the helpers of field_decoding.h / field_encoding.h, so the
generated code only says which helper, with which options, in which versions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field as dataclass_field
from typing import Optional

from cpp_fields import MessageContext, differs_from_default, is_nullable
from cpp_layout import LINE_MAX
from schema_model import FieldDef, StructDef


@dataclass
class FieldCode:
    """The code for one field: declarations it needs (an element lambda), then one call."""

    call: str
    setup: list[str] = dataclass_field(default_factory=list)


def decode_function(struct: StructDef, context: MessageContext) -> list[str]:
    body = []
    for field in struct.untagged_fields:
        code = decode_field(field, context, "reader")
        body += guarded(context.presence(field), code.setup + checked(field, code.call))
    if context.has_flexible():
        body += guarded("flexible", decode_tagged_fields(struct, context))
    body.append("return ok_status();")
    return function("status decode_fields", [f"{context.qualified(struct)}& value",
                                             "byte_reader& reader", "int16_t version"],
                    flexible_variable(body, context) + body)


def encode_function(struct: StructDef, context: MessageContext) -> list[str]:
    body = []
    for field in struct.untagged_fields:
        code = encode_field(field, context, "writer")
        body += guarded(context.presence(field), code.setup + [code.call + ";"])
    if context.has_flexible():
        body += guarded("flexible", encode_tagged_fields(struct, context))
    return function("void encode_fields", [f"const {context.qualified(struct)}& value",
                                           "wire_writer& writer", "int16_t version"],
                    flexible_variable(body, context) + body)


# --- decoding ---------------------------------------------------------------------------------


def decode_field(field: FieldDef, context: MessageContext, reader: str) -> FieldCode:
    """A call that decodes `value.<field>` from `reader` and returns a status."""
    member = f"value.{field.name}"
    compact = context.compact(field)
    nullable = is_nullable(field)
    null_allowed = context.null_allowed(field)
    if field.type.is_array:
        lambda_name = f"read_{field.name}_element"
        size = element_size_min(field)
        if nullable:
            call = (f"wire::read_nullable_array({reader}, {compact}, {null_allowed}, {size}, "
                    f"{member}, {lambda_name})")
        else:
            call = f"wire::read_array({reader}, {compact}, {size}, {member}, {lambda_name})"
        return FieldCode(call, element_lambda(
            f"auto {lambda_name} = [&](byte_reader& element_reader, auto& element) {{",
            f"return {element_read(field, context)};"))
    kind = field.type.element.name
    if kind in ("string", "bytes", "records"):
        if nullable:
            return FieldCode(f"wire::read_nullable_{kind}({reader}, {compact}, {null_allowed}, "
                             f"{member})")
        return FieldCode(f"wire::read_{kind}({reader}, {compact}, {member})")
    return FieldCode(f"wire::read({reader}, {member})")


def element_read(field: FieldDef, context: MessageContext) -> str:
    if field.type.struct is not None:
        return "decode_fields(element, element_reader, version)"
    kind = field.type.element.name
    if kind in ("string", "bytes"):
        return f"wire::read_{kind}(element_reader, {context.compact(field)}, element)"
    return "wire::read(element_reader, element)"


def element_size_min(field: FieldDef) -> int:
    """The fewest bytes an element takes: an array's count is checked against it."""
    if field.type.element is not None and field.type.element.fixed_size is not None:
        return field.type.element.fixed_size
    return 1


def decode_tagged_fields(struct: StructDef, context: MessageContext) -> list[str]:
    tagged = struct.tagged_fields
    if not tagged:
        return ["EVENTIOZ_RETURN_IF_ERROR(wire::skip_tagged_fields(reader));"]
    cases = []
    for field in tagged:
        code = decode_field(field, context, "tagged_reader")
        statements = code.setup + wrap_call("return wire::in_field(",
                                            [f'"{field.name}"', code.call], ");")
        presence = context.presence(field)
        if presence is None:
            cases += [f"case {field.tag}: {{", *indent(statements), "}"]
        else:
            cases += [f"case {field.tag}:", *indent(guarded(presence, statements)),
                      *indent(["break;"])]
    return [
        "auto read_tagged_field = [&](uint32_t tag, byte_reader& tagged_reader) -> status {",
        *indent(["switch (tag) {", *indent(cases), "}",
                 "// Not ours, or not in this version: skipped.",
                 "return wire::skip_tagged_field(tagged_reader);"]),
        "};",
        "EVENTIOZ_RETURN_IF_ERROR(wire::read_tagged_fields(reader, read_tagged_field));",
    ]


def checked(field: FieldDef, call: str) -> list[str]:
    return wrap_call("EVENTIOZ_RETURN_IF_ERROR(wire::in_field(", [f'"{field.name}"', call],
                     "));")


# --- encoding ---------------------------------------------------------------------------------


def encode_field(field: FieldDef, context: MessageContext, writer: str) -> FieldCode:
    """A call that encodes `value.<field>` into `writer`."""
    member = f"value.{field.name}"
    compact = context.compact(field)
    nullable = is_nullable(field)
    null_allowed = context.null_allowed(field)
    if field.type.is_array:
        lambda_name = f"write_{field.name}_element"
        if nullable:
            call = (f"wire::write_nullable_array({writer}, {compact}, {null_allowed}, {member}, "
                    f"{lambda_name})")
        else:
            call = f"wire::write_array({writer}, {compact}, {member}, {lambda_name})"
        return FieldCode(call, element_lambda(
            f"auto {lambda_name} = [&](wire_writer& element_writer, const auto& element) {{",
            f"{element_write(field, context)};"))
    kind = field.type.element.name
    if kind in ("string", "bytes", "records"):
        if nullable:
            return FieldCode(f"wire::write_nullable_{kind}({writer}, {compact}, {null_allowed}, "
                             f"{member})")
        return FieldCode(f"wire::write_{kind}({writer}, {compact}, {member})")
    return FieldCode(f"wire::write({writer}, {member})")


def element_write(field: FieldDef, context: MessageContext) -> str:
    if field.type.struct is not None:
        return "encode_fields(element, element_writer, version)"
    kind = field.type.element.name
    if kind in ("string", "bytes"):
        return f"wire::write_{kind}(element_writer, {context.compact(field)}, element)"
    return "wire::write(element_writer, element)"


def encode_tagged_fields(struct: StructDef, context: MessageContext) -> list[str]:
    tagged = struct.tagged_fields
    if not tagged:
        return ["writer.write_unsigned_varint(0);  // no tagged fields"]
    lines = ["// Tagged fields are written only when they differ from their defaults."]
    for field in tagged:
        test = differs_from_default(field, f"value.{field.name}")
        presence = context.presence(field)
        condition = f"{presence} && {test}" if presence else test
        lines += wrap_call(f"const bool has_{field.name} = ", [condition], ";")
    flags = "{" + ", ".join(f"has_{f.name}" for f in tagged) + "}"
    lines += wrap_call("writer.write_unsigned_varint(wire::count_true(", [flags], "));")
    for field in tagged:
        code = encode_field(field, context, "tagged_writer")
        lines += [f"if (has_{field.name}) {{",
                  *indent(["wire_writer tagged_writer;", *code.setup, code.call + ";",
                           f"wire::write_tagged_field(writer, {field.tag}, "
                           "tagged_writer.take_bytes());"]),
                  "}"]
    return lines


# --- layout -----------------------------------------------------------------------------------


def element_lambda(head: str, statement: str) -> list[str]:
    return [head, "  " + statement, "};"]


def flexible_variable(body: list[str], context: MessageContext) -> list[str]:
    if not uses(body, "flexible"):
        return []
    return [f"const bool flexible = {context.flexible_expression()};"]


def uses(body: list[str], name: str) -> bool:
    """Whether `body` names the variable `name` (a member such as `value.version` does not
    count)."""
    return any(re.search(rf"(?<![.\w]){name}\b", line) for line in body)


def function(head: str, parameters: list[str], body: list[str]) -> list[str]:
    """A function definition; parameters the body does not use are marked [[maybe_unused]]
    (-Wunused-parameter would fail the build)."""
    marked = [p if uses(body, p.split()[-1]) else f"[[maybe_unused]] {p}" for p in parameters]
    one_line = f"{head}({', '.join(marked)}) {{"
    if len(one_line) <= LINE_MAX:
        signature = [one_line]
    else:
        align = " " * (len(head) + 1)
        signature = [f"{head}({marked[0]},"]
        signature += [f"{align}{p}," for p in marked[1:-1]]
        signature += [f"{align}{marked[-1]}) {{"]
    return signature + indent(body) + ["}"]


def wrap_call(head: str, arguments: list[str], tail: str, budget: int = LINE_MAX - 8) -> list[str]:
    """`head` + the arguments + `tail` on one line when short enough, else the arguments on a
    continuation line, else one argument a line. `budget` leaves room for the indentation the
    statement gets later."""
    joined = ", ".join(arguments)
    if len(head + joined + tail) <= budget:
        return [head + joined + tail]
    if len("    " + joined + tail) <= budget:
        return [head, "    " + joined + tail]
    lines = [head]
    for i, argument in enumerate(arguments):
        lines.append("    " + argument + ("," if i < len(arguments) - 1 else tail))
    return lines


def guarded(condition: Optional[str], statements: list[str]) -> list[str]:
    if condition is None:
        return statements
    return [f"if ({condition}) {{"] + indent(statements) + ["}"]


def indent(lines: list[str]) -> list[str]:
    return ["  " + line if line else line for line in lines]
