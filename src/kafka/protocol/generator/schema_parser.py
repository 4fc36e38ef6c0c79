"""Reads the text of a .kp file into a SchemaFile (schema_model.py), stopping at the first
syntax error. Meaning (ranges that fit, tags, defaults, reused struct names) is checked
afterwards by schema_validator.py. The grammar is in ../schema/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from schema_model import (PRIMITIVES, VERSION_MAX, FieldDef, FieldType, MessageDef,
                          SchemaError, SchemaFile, StructDef, VersionRange)

NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
RANGE_RE = re.compile(r"(\d+)(\+|-(\d+))?")
INDENT_WIDTH = 2

SECTIONS = {"api": ("request", "response"), "header": ("body",)}


@dataclass
class Token:
    text: str
    quoted: bool


def parse_schema(path: str, text: str) -> SchemaFile:
    return _Parser(path).parse(text)


class _Parser:
    def __init__(self, path: str):
        self.path = path
        self.line = 0
        self.schema: Optional[SchemaFile] = None
        self.flexible_seen = False
        # Structs open for fields: stack[L - 1] receives the fields indented L levels.
        self.stack: list[StructDef] = []

    def fail(self, message: str) -> SchemaError:
        return SchemaError(self.path, self.line, message)

    def parse(self, text: str) -> SchemaFile:
        for self.line, raw in enumerate(text.splitlines(), start=1):
            indent, tokens = self.split_line(raw)
            if not tokens:
                continue
            if indent == 0:
                self.top_level(tokens)
            else:
                self.field_line(indent, tokens)
        self.line = max(self.line, 1)
        if self.schema is None:
            raise self.fail("empty schema: expected 'api KEY NAME' or 'header NAME'")
        if self.schema.versions is None:
            raise self.fail("missing 'versions' line")
        if not self.flexible_seen:
            raise self.fail("missing 'flexible' line ('flexible N+' or 'flexible none')")
        wanted = SECTIONS[self.schema.kind]
        found = {m.cpp_name for m in self.schema.messages}
        for section in wanted:
            if self.message_name(section) not in found:
                raise self.fail(f"missing '{section}' section")
        for message in self.schema.messages:
            if not message.root.fields and self.schema.kind == "header":
                self.line = message.line
                raise self.fail("the header body has no fields")
        return self.schema

    # --- lines -------------------------------------------------------------------------------

    def split_line(self, raw: str) -> tuple[int, list[Token]]:
        stripped = raw.lstrip(" \t")
        leading = raw[: len(raw) - len(stripped)]
        tokens = self.tokenize(stripped)
        if tokens and "\t" in leading:
            raise self.fail("indent with spaces (2 a level), not tabs")
        return len(leading), tokens

    def tokenize(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        i = 0
        while i < len(text):
            c = text[i]
            if c in " \t":
                i += 1
            elif c == "#":
                break
            elif c == '"':
                value, i = self.quoted_string(text, i)
                tokens.append(Token(value, True))
            else:
                start = i
                while i < len(text) and text[i] not in ' \t#"':
                    i += 1
                tokens.append(Token(text[start:i], False))
        return tokens

    def quoted_string(self, text: str, start: int) -> tuple[str, int]:
        value = []
        i = start + 1
        while i < len(text):
            c = text[i]
            if c == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
                value.append(text[i + 1])
                i += 2
            elif c == '"':
                return "".join(value), i + 1
            else:
                value.append(c)
                i += 1
        raise self.fail("unterminated string (missing closing '\"')")

    # --- declaration, versions, flexible, sections ---------------------------------------------

    def top_level(self, tokens: list[Token]) -> None:
        words = [t.text for t in tokens]
        if any(t.quoted for t in tokens):
            raise self.fail(f"unexpected quoted string in '{' '.join(words)}'")
        keyword = words[0]
        if self.schema is None:
            self.declaration(words)
        elif keyword == "versions":
            self.versions_line(words)
        elif keyword == "flexible":
            self.flexible_line(words)
        elif keyword in ("api", "header"):
            raise self.fail(f"a second '{keyword}' declaration: one API or header per file")
        else:
            self.section(words)

    def declaration(self, words: list[str]) -> None:
        if words[0] == "api" and len(words) == 3:
            key = self.integer(words[1], "API key", 0, VERSION_MAX)
            self.schema = SchemaFile(self.path, "api", self.name(words[2]), self.line, key=key)
        elif words[0] == "header" and len(words) == 2:
            self.schema = SchemaFile(self.path, "header", self.name(words[1]), self.line)
        else:
            raise self.fail("a schema starts with 'api KEY NAME' or 'header NAME'")

    def versions_line(self, words: list[str]) -> None:
        assert self.schema is not None
        if self.schema.versions is not None:
            raise self.fail("a second 'versions' line")
        if len(words) != 2:
            raise self.fail("expected 'versions N' or 'versions N-M'")
        versions = self.version_range(words[1])
        if versions.high is None:
            raise self.fail(f"versions {words[1]}: the versions implemented are a closed range "
                            "('N' or 'N-M')")
        self.schema.versions = versions

    def flexible_line(self, words: list[str]) -> None:
        assert self.schema is not None
        if self.schema.versions is None:
            raise self.fail("'flexible' comes after 'versions'")
        if self.flexible_seen:
            raise self.fail("a second 'flexible' line")
        self.flexible_seen = True
        if len(words) == 2 and words[1] == "none":
            return
        if len(words) != 2 or not re.fullmatch(r"\d+\+", words[1]):
            raise self.fail("expected 'flexible N+' or 'flexible none'")
        self.schema.first_flexible = self.integer(words[1][:-1], "version", 0, VERSION_MAX)

    def section(self, words: list[str]) -> None:
        assert self.schema is not None
        allowed = SECTIONS[self.schema.kind]
        if words[0] not in allowed:
            raise self.fail(f"unexpected '{words[0]}': expected "
                            + " or ".join(f"'{w}'" for w in allowed + ("versions", "flexible")))
        if len(words) != 1:
            raise self.fail(f"'{words[0]}' stands alone on its line; its fields follow, indented")
        if self.schema.versions is None or not self.flexible_seen:
            raise self.fail("'versions' and 'flexible' lines come before the sections")
        name = self.message_name(words[0])
        if any(m.cpp_name == name for m in self.schema.messages):
            raise self.fail(f"a second '{words[0]}' section")
        root = StructDef(name, self.line)
        self.schema.messages.append(MessageDef(name, self.line, root))
        self.stack = [root]

    def message_name(self, section: str) -> str:
        assert self.schema is not None
        return self.schema.name if section == "body" else f"{self.schema.name}_{section}"

    # --- fields -----------------------------------------------------------------------------------

    def field_line(self, indent: int, tokens: list[Token]) -> None:
        if not self.stack:
            raise self.fail("a field outside a section: fields follow 'request', 'response' "
                            "or 'body', indented")
        if indent % INDENT_WIDTH != 0:
            raise self.fail(f"indentation of {indent} spaces: indent by {INDENT_WIDTH} a level")
        level = indent // INDENT_WIDTH
        if level > len(self.stack):
            raise self.fail("indented too deep: only the fields of a [struct] array are "
                            "indented under it, one level deeper")
        del self.stack[level:]
        parsed = self.field(tokens)
        self.stack[level - 1].fields.append(parsed)
        if parsed.type.struct is not None:
            self.stack.append(parsed.type.struct)

    def field(self, tokens: list[Token]) -> FieldDef:
        if len(tokens) < 2 or tokens[0].quoted or tokens[1].quoted:
            raise self.fail("a field is 'NAME TYPE options...'")
        parsed = FieldDef(self.name(tokens[0].text), self.field_type(tokens[1].text), self.line)
        i = 2
        while i < len(tokens):
            i = self.option(parsed, tokens, i)
        return parsed

    def field_type(self, text: str) -> FieldType:
        if text.startswith("[") and text.endswith("]"):
            inner = text[1:-1]
            if inner == "records":
                raise self.fail("[records]: records is a field of its own, never an array element")
            if inner in PRIMITIVES:
                return FieldType(True, element=PRIMITIVES[inner])
            if not NAME_RE.fullmatch(inner):
                raise self.fail(f"bad array type '{text}': [TYPE] or [struct_name] "
                                "(lower case letters, digits and '_')")
            return FieldType(True, struct=StructDef(inner, self.line))
        if text in PRIMITIVES:
            return FieldType(False, element=PRIMITIVES[text])
        raise self.fail(f"unknown type '{text}' (known: {', '.join(PRIMITIVES)}, [TYPE], "
                        "[struct_name])")

    def option(self, parsed: FieldDef, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.quoted:
            raise self.fail(f"unexpected string \"{token.text}\" (a default is 'default \"...\"')")
        word = token.text
        if RANGE_RE.fullmatch(word):
            if parsed.versions is not None:
                raise self.fail(f"two version ranges ({parsed.versions} and {word})")
            parsed.versions = self.version_range(word)
            return i + 1
        if word == "nullable":
            if parsed.nullable_written:
                raise self.fail("'nullable' given twice")
            parsed.nullable_written = True
            if following is not None and not following.quoted and RANGE_RE.fullmatch(
                    following.text):
                parsed.nullable = self.version_range(following.text)
                return i + 2
            return i + 1
        if word == "tag":
            if parsed.tag is not None:
                raise self.fail("'tag' given twice")
            if following is None or following.quoted:
                raise self.fail("'tag' needs a number: tag K")
            parsed.tag = self.integer(following.text, "tag", 0, 2**31 - 1)
            return i + 2
        if word == "default":
            if parsed.default is not None:
                raise self.fail("'default' given twice")
            if following is None:
                raise self.fail("'default' needs a value: a number, true, false, null or \"...\"")
            parsed.default = following.text
            parsed.default_quoted = following.quoted
            return i + 2
        if word == "not_compact":
            parsed.not_compact = True
            return i + 1
        raise self.fail(f"unknown option '{word}' (options: a version range, nullable RANGE, "
                        "tag K, default V, not_compact)")

    # --- small values --------------------------------------------------------------------------

    def name(self, text: str) -> str:
        if not NAME_RE.fullmatch(text):
            raise self.fail(f"bad name '{text}': lower case letters, digits and '_', starting "
                            "with a letter")
        return text

    def integer(self, text: str, what: str, low: int, high: int) -> int:
        if not re.fullmatch(r"\d+", text):
            raise self.fail(f"bad {what} '{text}': expected a number")
        value = int(text)
        if not low <= value <= high:
            raise self.fail(f"{what} {value} outside {low}..{high}")
        return value

    def version_range(self, text: str) -> VersionRange:
        match = RANGE_RE.fullmatch(text)
        if match is None:
            raise self.fail(f"bad version range '{text}': N, N+ or N-M")
        low = self.integer(match.group(1), "version", 0, VERSION_MAX)
        if match.group(2) == "+":
            return VersionRange(low, None)
        if match.group(3) is None:
            return VersionRange(low, low)
        high = self.integer(match.group(3), "version", 0, VERSION_MAX)
        if high < low:
            raise self.fail(f"bad version range '{text}': {high} is below {low}")
        return VersionRange(low, high)
