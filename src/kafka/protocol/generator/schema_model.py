"""The parsed form of a .kp schema file: version ranges, field types, fields, structs, messages.

Plain data, shared by the parser (which builds it), the validator (which checks it) and the
emitters (which turn it into C++). The grammar itself is in ../schema/README.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

VERSION_MAX = 32767  # versions are int16 on the wire


@dataclass(frozen=True)
class VersionRange:
    """Versions low..high inclusive; high None means "and every later version"."""

    low: int
    high: Optional[int]

    def intersect(self, other: "VersionRange") -> Optional["VersionRange"]:
        low = max(self.low, other.low)
        if self.high is None:
            high = other.high
        elif other.high is None:
            high = self.high
        else:
            high = min(self.high, other.high)
        if high is not None and high < low:
            return None
        return VersionRange(low, high)

    def covers(self, other: "VersionRange") -> bool:
        """True when every version of `other` is in this range."""
        if other.low < self.low:
            return False
        if self.high is None:
            return True
        return other.high is not None and other.high <= self.high

    def __str__(self) -> str:
        if self.high is None:
            return f"{self.low}+"
        if self.high == self.low:
            return f"{self.low}"
        return f"{self.low}-{self.high}"


@dataclass(frozen=True)
class Primitive:
    """A type written as one token: its C++ type, and its wire size when fixed (else None)."""

    name: str
    cpp: str
    fixed_size: Optional[int]


PRIMITIVES = {
    p.name: p
    for p in [
        Primitive("int8", "int8_t", 1),
        Primitive("int16", "int16_t", 2),
        Primitive("int32", "int32_t", 4),
        Primitive("int64", "int64_t", 8),
        Primitive("uint16", "uint16_t", 2),
        Primitive("float64", "double", 8),
        Primitive("bool", "bool", 1),
        Primitive("uuid", "uuid", 16),
        Primitive("string", "std::string", None),
        Primitive("bytes", "byte_buffer", None),
        Primitive("records", "records_payload", None),
    ]
}

INTEGER_RANGES = {
    "int8": (-(2**7), 2**7 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint16": (0, 2**16 - 1),
}

# Types whose values have a length prefix, so they can be null and can use the compact form.
LENGTH_PREFIXED = {"string", "bytes", "records"}


@dataclass
class FieldType:
    """One of: a primitive (`element` set), an array of a primitive (`is_array`, `element`
    set), or an array of a struct (`is_array`, `struct` set)."""

    is_array: bool
    element: Optional[Primitive] = None
    struct: Optional["StructDef"] = None

    def describe(self) -> str:
        if self.struct is not None:
            return f"[{self.struct.name}]"
        assert self.element is not None
        return f"[{self.element.name}]" if self.is_array else self.element.name

    @property
    def is_length_prefixed(self) -> bool:
        return self.is_array or (self.element is not None and self.element.name in LENGTH_PREFIXED)


@dataclass
class FieldDef:
    name: str
    type: FieldType
    line: int
    versions: Optional[VersionRange] = None  # as written; None: every version
    nullable: Optional[VersionRange] = None  # as written; None: never null
    nullable_written: bool = False  # "nullable" appeared (with or without a range)
    tag: Optional[int] = None
    default: Optional[str] = None  # the token as written (a quoted string: its unquoted text)
    default_quoted: bool = False
    not_compact: bool = False
    # Filled by the validator: versions in which the field is present / may be null, both
    # within the message's implemented versions (not narrowed by the enclosing array's own
    # range, so a struct reused under two arrays has one set of conditions).
    present: Optional[VersionRange] = None
    null_allowed: Optional[VersionRange] = None

    def signature(self) -> tuple:
        """What makes two definitions of a field the same, for reused struct names."""
        nested = self.type.struct.signature() if self.type.struct is not None else None
        return (self.name, self.type.describe(), nested, self.versions, self.nullable,
                self.nullable_written, self.tag, self.default, self.default_quoted,
                self.not_compact)


@dataclass
class StructDef:
    name: str
    line: int
    fields: list[FieldDef] = field(default_factory=list)

    def signature(self) -> tuple:
        return tuple(f.signature() for f in self.fields)

    @property
    def tagged_fields(self) -> list[FieldDef]:
        return sorted((f for f in self.fields if f.tag is not None), key=lambda f: f.tag)

    @property
    def untagged_fields(self) -> list[FieldDef]:
        return [f for f in self.fields if f.tag is None]


@dataclass
class MessageDef:
    """A request, a response or a header body: a struct with a C++ name of its own."""

    cpp_name: str  # e.g. produce_request
    line: int
    root: StructDef
    # Nested structs, each once, inner before outer (the order C++ needs). Set by the validator.
    nested: list[StructDef] = field(default_factory=list)


@dataclass
class SchemaFile:
    path: str
    kind: str  # "api" or "header"
    name: str
    line: int
    key: Optional[int] = None  # api files only
    versions: Optional[VersionRange] = None
    first_flexible: Optional[int] = None  # None: no flexible version
    messages: list[MessageDef] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return os.path.splitext(os.path.basename(self.path))[0]

    def is_flexible_somewhere(self) -> bool:
        assert self.versions is not None
        return self.first_flexible is not None and (
            self.versions.high is None or self.first_flexible <= self.versions.high)


class SchemaError(Exception):
    """A mistake in a schema file, reported as "file:line: message"."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message
