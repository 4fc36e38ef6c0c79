"""C++ spellings of the schema: a field's type and default, version conditions, and the
arguments the wire helpers take (compact form, null allowed). Shared by every emitter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from schema_model import FieldDef, MessageDef, SchemaFile, StructDef, VersionRange


@dataclass
class MessageContext:
    """What the code of one message needs to know about where it lives."""

    schema: SchemaFile
    message: MessageDef

    @property
    def versions(self) -> VersionRange:
        assert self.schema.versions is not None
        return self.schema.versions

    def qualified(self, struct: StructDef) -> str:
        if struct is self.message.root:
            return self.message.cpp_name
        return f"{self.message.cpp_name}::{struct.name}"

    def has_flexible(self) -> bool:
        return self.schema.is_flexible_somewhere()

    def flexible_expression(self) -> str:
        first = self.schema.first_flexible
        assert first is not None
        return version_condition(VersionRange(first, None), self.versions) or "true"

    def compact(self, field: FieldDef) -> str:
        """Whether the field's lengths are compact: in flexible versions, unless not_compact."""
        return "flexible" if self.has_flexible() and not field.not_compact else "false"

    def presence(self, field: FieldDef) -> Optional[str]:
        assert field.present is not None
        return version_condition(field.present, self.versions)

    def null_allowed(self, field: FieldDef) -> str:
        if field.null_allowed is None:
            return "false"
        return version_condition(field.null_allowed, self.versions) or "true"


def version_condition(versions: VersionRange, implemented: VersionRange) -> Optional[str]:
    """A C++ test of `version` for `versions` within `implemented`; None when always true."""
    within = versions.intersect(implemented)
    assert within is not None and implemented.high is not None
    low_needed = within.low > implemented.low
    high_needed = within.high is not None and within.high < implemented.high
    if low_needed and high_needed:
        if within.low == within.high:
            return f"version == {within.low}"
        return f"version >= {within.low} && version <= {within.high}"
    if low_needed:
        return f"version >= {within.low}"
    if high_needed:
        return f"version <= {within.high}"
    return None


def is_nullable(field: FieldDef) -> bool:
    """Whether the C++ member is an std::optional (null somewhere in the implemented range)."""
    return field.null_allowed is not None


def value_type(field: FieldDef, context: MessageContext) -> str:
    """The C++ type of one value (an array: of the vector), before any std::optional."""
    if field.type.struct is not None:
        return f"std::vector<{context.qualified(field.type.struct)}>"
    assert field.type.element is not None
    if field.type.is_array:
        return f"std::vector<{field.type.element.cpp}>"
    return field.type.element.cpp


def member_type(field: FieldDef, context: MessageContext) -> str:
    base = value_type(field, context)
    return f"std::optional<{base}>" if is_nullable(field) else base


def scalar_kind(field: FieldDef) -> Optional[str]:
    """The primitive name of a non-array field, or None for arrays."""
    if field.type.is_array:
        return None
    assert field.type.element is not None
    return field.type.element.name


def default_expression(field: FieldDef) -> Optional[str]:
    """The C++ value of the field's default, or None when it is the type's empty value
    (zero, false, empty, nullopt)."""
    kind = scalar_kind(field)
    value = field.default
    if value is None or value == "null":
        return None
    if field.default_quoted:
        return cpp_string_literal(value)
    if kind == "bool":
        return value
    if kind == "float64":
        return repr(float(value))
    number = int(value, 0)
    if kind == "int64" and number == -(2**63):
        return "INT64_MIN"
    return str(number)


def member_initializer(field: FieldDef) -> str:
    """What follows the member's name in its declaration."""
    default = default_expression(field)
    if default is not None:
        return f" = {default}"
    kind = scalar_kind(field)
    if kind in ("int8", "int16", "int32", "int64", "uint16"):
        return " = 0"
    if kind == "float64":
        return " = 0.0"
    if kind == "bool":
        return " = false"
    if kind == "uuid":
        return "{}"
    return ""


def differs_from_default(field: FieldDef, value: str) -> str:
    """A C++ test that `value` (the member) differs from the field's default: tagged fields are
    written only then."""
    default = default_expression(field)
    if is_nullable(field):
        return f"{value}.has_value()" if default is None else f"{value} != {default}"
    kind = scalar_kind(field)
    if kind in (None, "string", "bytes"):
        return f"!{value}.empty()" if default is None else f"{value} != {default}"
    if kind == "uuid":
        return f"{value} != uuid{{}}"
    zero = {"bool": "false", "float64": "0.0"}.get(kind, "0")
    return f"{value} != {default if default is not None else zero}"


def cpp_string_literal(text: str) -> str:
    # JSON escapes (\", \\, \n, \uXXXX for control characters) are valid C++ escapes too,
    # except \u for non-ASCII, which ensure_ascii=False avoids.
    return json.dumps(text, ensure_ascii=False)


def describe_versions(field: FieldDef, context: MessageContext) -> str:
    """A short comment for the member: where present, nullable, tagged."""
    parts = []
    if field.versions is not None and field.present != context.versions:
        parts.append(f"versions {field.versions}")
    if field.null_allowed is not None:
        parts.append("nullable" if field.nullable is None or field.null_allowed == field.present
                     else f"nullable {field.nullable}")
    if field.tag is not None:
        parts.append(f"tag {field.tag}")
    if field.not_compact:
        parts.append("not compact")
    return ", ".join(parts)
