"""Checks what the grammar cannot: that ranges fit the implemented versions, tags are unique and
only in flexible versions, defaults suit their types, reused struct names mean one struct, and
names are usable in C++. Fills FieldDef.present / null_allowed and MessageDef.nested.

Every mistake is collected (not only the first) as a SchemaError naming file and line.
"""

from __future__ import annotations

import re
from typing import Optional

from schema_model import (INTEGER_RANGES, FieldDef, SchemaError, SchemaFile, StructDef,
                          VersionRange)

CPP_KEYWORDS = set("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
nullptr operator or or_eq private protected public register reinterpret_cast requires return
short signed sizeof static static_assert static_cast struct switch template this thread_local
throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
xor xor_eq
""".split())

# Types the generated code names without qualification: a member or nested struct with one of
# these names would change what the name means inside the message's class.
CPP_TYPE_NAMES = {"uuid", "byte_buffer", "byte_span", "byte_reader", "records_payload",
                  "wire_writer", "status", "error", "std", "eventioz", "wire", "int8_t",
                  "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t",
                  "uint64_t", "size_t"}

# Object-like macros of the C library (function-like ones are harmless without parentheses).
C_MACROS = {"errno", "stdin", "stdout", "stderr"}

# Member functions of every generated struct.
MEMBER_FUNCTIONS = {"decode", "encode"}


def validate_schema(schema: SchemaFile) -> list[SchemaError]:
    return _Validator(schema).run()


def validate_all(schemas: list[SchemaFile]) -> list[SchemaError]:
    """Checks across files: API keys and names are unique."""
    errors = []
    by_key: dict[int, SchemaFile] = {}
    by_name: dict[str, SchemaFile] = {}
    for schema in schemas:
        if schema.key is not None:
            other = by_key.setdefault(schema.key, schema)
            if other is not schema:
                errors.append(SchemaError(schema.path, schema.line,
                                          f"API key {schema.key} is also declared in "
                                          f"{other.path}:{other.line}"))
        other = by_name.setdefault(schema.name, schema)
        if other is not schema:
            errors.append(SchemaError(schema.path, schema.line,
                                      f"'{schema.name}' is also declared in "
                                      f"{other.path}:{other.line}"))
    return errors


class _Validator:
    def __init__(self, schema: SchemaFile):
        self.schema = schema
        assert schema.versions is not None
        self.versions: VersionRange = schema.versions
        self.errors: list[SchemaError] = []

    def error(self, line: int, message: str) -> None:
        found = SchemaError(self.schema.path, line, message)
        if all(str(e) != str(found) for e in self.errors):  # a reused struct is checked twice
            self.errors.append(found)

    def run(self) -> list[SchemaError]:
        schema = self.schema
        if schema.name != schema.stem:
            self.error(schema.line, f"'{schema.name}' is declared in {schema.stem}.kp: name the "
                       f"file {schema.name}.kp (the build derives output names from file names)")
        for message in schema.messages:
            self.message = message
            self.structs: dict[str, StructDef] = {}
            self.open_structs: set[str] = set()  # being checked: a struct may not contain itself
            self.top_level_names = {f.name for f in message.root.fields}
            self.check_struct(message.root, self.versions, is_root=True)
            message.nested = nested_in_order(message.root)
        return self.errors

    # --- structs and fields -----------------------------------------------------------------------

    def check_struct(self, struct: StructDef, enclosing: VersionRange, is_root: bool) -> None:
        names: dict[str, FieldDef] = {}
        tags: dict[int, FieldDef] = {}
        for field in struct.fields:
            self.check_name(field, is_root)
            if field.name in names:
                self.error(field.line, f"field '{field.name}' is already defined on line "
                           f"{names[field.name].line}")
            names.setdefault(field.name, field)
            written = field.versions or VersionRange(0, None)
            field.present = written.intersect(self.versions)
            effective = written.intersect(enclosing)
            if field.present is None or effective is None:
                self.error(field.line, f"field '{field.name}' (versions {written}) is present in "
                           f"no version where its parent is ({enclosing}); drop it or fix the "
                           "range")
                continue
            self.check_nullable(field)
            self.check_tag(field, effective, tags)
            self.check_not_compact(field)
            self.check_default(field)
            if field.type.struct is not None:
                self.check_nested(field, effective)

    def check_name(self, field: FieldDef, is_root: bool) -> None:
        reserved = MEMBER_FUNCTIONS | CPP_TYPE_NAMES
        if is_root:
            reserved = reserved | self.static_members()
        if field.name in CPP_KEYWORDS:
            self.error(field.line, f"'{field.name}' is a C++ keyword; rename the field")
        elif field.name in C_MACROS:
            self.error(field.line, f"'{field.name}' is a C library macro; rename the field")
        elif field.name in reserved:
            self.error(field.line, f"'{field.name}' is a name the generated struct already uses; "
                       "rename the field")

    def static_members(self) -> set[str]:
        names = {"min_version", "max_version", "first_flexible_version"}
        return names | {"api_key"} if self.schema.kind == "api" else names

    def check_nullable(self, field: FieldDef) -> None:
        if not field.nullable_written:
            return
        assert field.present is not None
        if not field.type.is_length_prefixed:
            self.error(field.line, f"'{field.name}' is {field.type.describe()}: only strings, "
                       "bytes, records and arrays can be nullable")
            return
        if field.nullable is None:
            field.null_allowed = field.present
            return
        field.null_allowed = field.nullable.intersect(field.present)
        if field.null_allowed is None:
            self.error(field.line, f"nullable {field.nullable} covers no version in which "
                       f"'{field.name}' is present ({field.present}); drop the option")

    def check_tag(self, field: FieldDef, effective: VersionRange,
                  tags: dict[int, FieldDef]) -> None:
        if field.tag is None:
            return
        first_flexible = self.schema.first_flexible
        if first_flexible is None or effective.low < first_flexible:
            flexible = "none" if first_flexible is None else f"{first_flexible}+"
            self.error(field.line, f"tagged field '{field.name}' is present in version "
                       f"{effective.low}, which is not flexible (flexible {flexible}); tagged "
                       "fields exist only in flexible versions, so give it a range within them")
        if field.tag in tags:
            self.error(field.line, f"tag {field.tag} is already used by '{tags[field.tag].name}' "
                       f"on line {tags[field.tag].line}")
        tags.setdefault(field.tag, field)
        if holds_records(field):
            self.error(field.line, f"tagged field '{field.name}' holds records: records are "
                       "never tagged (their bytes are sent as they are, not in a sized tag)")

    def check_not_compact(self, field: FieldDef) -> None:
        if field.not_compact and not field.type.is_length_prefixed:
            self.error(field.line, f"not_compact on '{field.name}' ({field.type.describe()}): "
                       "only strings, bytes, records and arrays have a compact form")

    def check_default(self, field: FieldDef) -> None:
        value = field.default
        if value is None:
            return
        kind = None if field.type.is_array else field.type.element.name
        problem = default_problem(kind, value, field.default_quoted, field.nullable_written)
        if problem:
            self.error(field.line, f"default {value!r} for '{field.name}' "
                       f"({field.type.describe()}): {problem}")

    def check_nested(self, field: FieldDef, effective: VersionRange) -> None:
        struct = field.type.struct
        assert struct is not None
        if struct.name in CPP_KEYWORDS | C_MACROS:
            self.error(field.line, f"struct name '{struct.name}' is a C++ keyword or macro")
        elif struct.name == self.message.cpp_name:
            self.error(field.line, f"struct name '{struct.name}' is the message's own name")
        elif struct.name in MEMBER_FUNCTIONS | CPP_TYPE_NAMES | self.static_members():
            self.error(field.line, f"struct name '{struct.name}' is a name the generated code "
                       "already uses; pick another")
        elif struct.name in self.top_level_names:
            self.error(field.line, f"struct name '{struct.name}' is also a field of "
                       f"{self.message.cpp_name}; give the struct a name of its own (e.g. the "
                       "singular)")
        if struct.name in self.open_structs:
            self.error(field.line, f"struct '{struct.name}' contains itself")
            return
        earlier = self.structs.get(struct.name)
        if earlier is None:
            if not struct.fields:
                self.error(field.line, f"struct '{struct.name}' has no fields: indent its "
                           "fields under this line (or define it earlier to reuse it)")
                return
            self.structs[struct.name] = struct
        elif not struct.fields or struct.signature() == earlier.signature():
            field.type.struct = earlier  # the same struct, generated once
        else:
            self.error(field.line, f"struct '{struct.name}' is defined again with different "
                       f"fields (first on line {earlier.line}); give one of them another name")
            return
        self.open_structs.add(struct.name)
        self.check_struct(field.type.struct, effective, is_root=False)
        self.open_structs.discard(struct.name)


def default_problem(kind: Optional[str], value: str, quoted: bool, nullable: bool) -> str:
    """Why `value` cannot be the default of a field of primitive `kind` (None: an array), or ''."""
    if quoted:
        return "" if kind == "string" else "a quoted default is only for strings"
    if value == "null":
        return "" if nullable else "null is only for nullable fields"
    if kind == "bool":
        return "" if value in ("true", "false") else "a bool's default is true or false"
    if kind in INTEGER_RANGES:
        try:
            number = int(value, 0)
        except ValueError:
            return "expected an integer"
        low, high = INTEGER_RANGES[kind]
        return "" if low <= number <= high else f"outside {low}..{high}"
    if kind == "float64":
        if not re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", value):
            return "expected a number"
        return ""
    if kind == "string":
        return "a string's default is quoted: default \"...\""
    return "only numbers, bools and strings have defaults (and null, for nullable fields)"


def holds_records(field: FieldDef) -> bool:
    if field.type.struct is None:
        return field.type.element is not None and field.type.element.name == "records"
    return any(holds_records(f) for f in field.type.struct.fields)


def nested_in_order(root: StructDef) -> list[StructDef]:
    """The structs under `root`, each once, every struct after the structs it contains."""
    ordered: list[StructDef] = []
    seen: set[int] = set()

    def visit(struct: StructDef) -> None:
        for field in struct.fields:
            nested = field.type.struct
            if nested is not None and id(nested) not in seen:
                seen.add(id(nested))
                visit(nested)
                ordered.append(nested)

    visit(root)
    return ordered
