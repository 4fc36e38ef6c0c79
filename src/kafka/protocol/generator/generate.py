#!/usr/bin/python3
"""Turns the Kafka message definitions (schema/*.kp) into C++ codecs. Run by CMake at build
time (src/kafka/protocol/CMakeLists.txt); a build tool, never shipped. Python 3 standard
library only.

    generate.py --schema-dir DIR --out-dir DIR [--stamp FILE] [--messages-only]

Writes, under --out-dir, for every DIR/<name>.kp:
    kafka/protocol/messages/<name>.h, <name>.cc     the message structs and their codecs
    kafka/protocol/testing/<name>_samples.h         sample values, for round-trip tests
and, unless --messages-only (used for test-only schemas):
    kafka/protocol/messages.h                       includes every message header
    kafka/protocol/api_visit.h                      visit_api: key -> request/response types
    kafka/protocol/api_registry.h, api_registry.cc  keys, versions, header versions, decoding
    kafka/protocol/testing/message_samples.h        includes every samples header
The CMake file derives the same list from the .kp file names: keep the two in step.

Files whose content is unchanged are not rewritten, so the build recompiles only what a
schema edit changed. Mistakes in a schema are reported as "file:line: error: message", every
one found, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cpp_layout import rewrap  # noqa: E402
from emit_message import emit_header, emit_source, header_path, source_path  # noqa: E402
from emit_registry import (emit_messages_header, emit_registry_header,  # noqa: E402
                           emit_registry_source, emit_visit_header)
from emit_samples import emit_samples, emit_samples_umbrella, samples_path  # noqa: E402
from schema_model import SchemaError, SchemaFile  # noqa: E402
from schema_parser import parse_schema  # noqa: E402
from schema_validator import validate_all, validate_schema  # noqa: E402

OWNED_FOLDERS = ("kafka/protocol/messages", "kafka/protocol/testing")


def load_schemas(schema_dir: str) -> tuple[list[SchemaFile], list[SchemaError]]:
    schemas, errors = [], []
    paths = sorted(glob.glob(os.path.join(schema_dir, "*.kp")))
    if not paths:
        errors.append(SchemaError(schema_dir, 0, "no .kp files"))
    for path in paths:
        with open(path, encoding="utf-8") as file:
            text = file.read()
        try:
            schema = parse_schema(path, text)
        except SchemaError as failure:
            errors.append(failure)
            continue
        found = validate_schema(schema)
        errors += found
        if not found:
            schemas.append(schema)
    errors += validate_all(schemas)
    return schemas, errors


def outputs(schemas: list[SchemaFile], messages_only: bool) -> dict[str, str]:
    files = {}
    for schema in schemas:
        files[header_path(schema)] = emit_header(schema)
        files[source_path(schema)] = emit_source(schema)
        files[samples_path(schema)] = emit_samples(schema)
    if not messages_only:
        files["kafka/protocol/messages.h"] = emit_messages_header(schemas)
        files["kafka/protocol/api_visit.h"] = emit_visit_header(schemas)
        files["kafka/protocol/api_registry.h"] = emit_registry_header(schemas)
        files["kafka/protocol/api_registry.cc"] = emit_registry_source(schemas)
        files["kafka/protocol/testing/message_samples.h"] = emit_samples_umbrella(schemas)
    return files


def write_if_changed(path: str, content: str) -> None:
    if os.path.exists(path):
        with open(path, encoding="utf-8") as file:
            if file.read() == content:
                return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(content)
    os.replace(temporary, path)


def remove_stale(out_dir: str, kept: set[str]) -> None:
    """Removes files of a schema that no longer exists, so nothing includes them by mistake."""
    for folder in OWNED_FOLDERS:
        for path in glob.glob(os.path.join(out_dir, folder, "*")):
            relative = os.path.relpath(path, out_dir).replace(os.sep, "/")
            if relative not in kept and os.path.isfile(path):
                os.remove(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema-dir", required=True)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--stamp", help="file touched after a successful run")
    parser.add_argument("--messages-only", action="store_true",
                        help="no registry: for test-only schemas beside the real ones")
    arguments = parser.parse_args()

    schemas, errors = load_schemas(arguments.schema_dir)
    if errors:
        for failure in sorted(errors, key=lambda e: (e.path, e.line)):
            print(f"{failure.path}:{failure.line}: error: {failure.message}", file=sys.stderr)
        print(f"generate.py: {len(errors)} error(s) in the Kafka message definitions",
              file=sys.stderr)
        return 1
    files = outputs(schemas, arguments.messages_only)
    for relative, content in files.items():
        write_if_changed(os.path.join(arguments.out_dir, relative), rewrap(content))
    remove_stale(arguments.out_dir, set(files))
    if arguments.stamp:
        with open(arguments.stamp, "w", encoding="utf-8") as stamp:
            stamp.write(f"{len(schemas)} schema files\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
