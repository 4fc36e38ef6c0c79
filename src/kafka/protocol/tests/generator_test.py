"""The generator refuses broken schemas with an error naming file and line (CTest
kafka_protocol_generator_unit; run alone: python3 -m unittest discover -s tests -p
'generator_test.py' from src/kafka/protocol)."""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
GENERATOR_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generator")
sys.path.insert(0, GENERATOR_DIR)

from schema_model import SchemaError  # noqa: E402
from schema_parser import parse_schema  # noqa: E402
from schema_validator import validate_all, validate_schema  # noqa: E402

HEAD = """\
api 5 sample
versions 0-4
flexible 3+
"""


def check(text: str, path: str = "sample.kp") -> list[str]:
    """The errors for schema `text`, as "line: message"."""
    try:
        schema = parse_schema(path, text)
    except SchemaError as failure:
        return [f"{failure.line}: {failure.message}"]
    return [f"{e.line}: {e.message}" for e in validate_schema(schema)]


def check_api(request_fields: str) -> list[str]:
    """Errors for a sample API whose request has `request_fields` (dedented, then indented one
    level: they start on line 6 of the file)."""
    fields = textwrap.indent(textwrap.dedent(request_fields), "  ")
    return check(HEAD + "\nrequest\n" + fields + "\nresponse\n  a int8\n")


class GeneratorErrorsTest(unittest.TestCase):
    def assert_error(self, errors: list[str], line: int, text: str) -> None:
        self.assertTrue(any(e.startswith(f"{line}: ") and text in e for e in errors),
                        f"no error on line {line} containing {text!r} in {errors}")

    def test_a_valid_schema_passes(self):
        self.assertEqual(check_api("""\
              name string nullable 1+
              items [item] 1+
                id int32
                note string 3+ tag 0
              more [item]
              count int32 3+ tag 0 default -1
            """), [])

    def test_unknown_type(self):
        self.assert_error(check_api("  name strin\n"), 6, "unknown type 'strin'")

    def test_bad_ranges(self):
        self.assert_error(check_api("  a int8 4-2\n"), 6, "2 is below 4")
        self.assert_error(check_api("  a int8 7+\n"), 6, "present in no version")
        self.assert_error(check(HEAD.replace("0-4", "3+") + "request\nresponse\n"), 2,
                          "closed range")
        self.assert_error(check_api("  a string 3+ nullable 0-1\n"), 6, "covers no version")

    def test_duplicate_tag(self):
        errors = check_api("  a int8 3+ tag 1\n  b int8 3+ tag 1\n")
        self.assert_error(errors, 7, "tag 1 is already used by 'a' on line 6")

    def test_tagged_field_outside_flexible_versions(self):
        self.assert_error(check_api("  a int8 tag 0\n"), 6, "version 0, which is not flexible")
        self.assert_error(check(HEAD.replace("3+", "none", 1) + "request\n  a int8 tag 0\n"
                                "response\n"), 5, "not flexible (flexible none)")

    def test_nested_struct_reused_with_different_fields(self):
        errors = check_api("""\
              a [item]
                id int32
              b [item]
                id int64
            """)
        self.assert_error(errors, 8, "struct 'item' is defined again with different fields "
                                     "(first on line 6)")

    def test_struct_without_fields(self):
        self.assert_error(check_api("  a [item]\n  b int8\n"), 6, "struct 'item' has no fields")

    def test_names_cpp_cannot_use(self):
        self.assert_error(check_api("  class int8\n"), 6, "C++ keyword")
        self.assert_error(check_api("  api_key int16\n"), 6, "already uses")
        self.assert_error(check_api("  items [items]\n    a int8\n"), 6, "also a field")
        self.assert_error(check_api("  a int8\n  a int16\n"), 7, "already defined on line 6")

    def test_options(self):
        self.assert_error(check_api("  a int8 nullable\n"), 6, "only strings, bytes")
        self.assert_error(check_api("  a int8 default 300\n"), 6, "outside -128..127")
        self.assert_error(check_api("  a string default null\n"), 6, "only for nullable")
        self.assert_error(check_api("  a int8 not_compact\n"), 6, "compact form")
        self.assert_error(check_api("  a int8 sometimes\n"), 6, "unknown option 'sometimes'")
        self.assert_error(check_api("  a records 3+ tag 0\n"), 6, "records are never tagged")

    def test_layout(self):
        self.assert_error(check(HEAD + "request\n   a int8\n"), 5, "indentation of 3 spaces")
        self.assert_error(check_api("  a int8\n    b int8\n"), 7, "indented too deep")
        self.assert_error(check(HEAD + "request\n  a int8\n"), 5, "missing 'response' section")
        self.assert_error(check("api 5 sample\nflexible none\n"), 2, "'flexible' comes after")

    def test_file_name_must_match(self):
        errors = check(HEAD + "request\nresponse\n", path="other.kp")
        self.assert_error(errors, 1, "name the file sample.kp")

    def test_duplicate_api_keys_across_files(self):
        first = parse_schema("sample.kp", HEAD + "request\nresponse\n")
        second = parse_schema("other.kp", HEAD.replace("sample", "other") + "request\nresponse\n")
        errors = validate_all([first, second])
        self.assertIn("API key 5 is also declared in sample.kp:1", str(errors[0]))

    def test_command_fails_with_file_and_line(self):
        with tempfile.TemporaryDirectory() as directory:
            schema_dir = os.path.join(directory, "schema")
            os.mkdir(schema_dir)
            with open(os.path.join(schema_dir, "sample.kp"), "w", encoding="utf-8") as file:
                file.write(HEAD + "request\n  a int8 3+ tag 1\n  b int8 3+ tag 1\nresponse\n")
            run = subprocess.run(
                [sys.executable, os.path.join(GENERATOR_DIR, "generate.py"), "--schema-dir",
                 schema_dir, "--out-dir", os.path.join(directory, "out")],
                capture_output=True, text=True, check=False)
            self.assertEqual(run.returncode, 1)
            self.assertIn(f"{os.path.join(schema_dir, 'sample.kp')}:6: error: tag 1", run.stderr)
            self.assertFalse(os.path.exists(os.path.join(directory, "out")))


if __name__ == "__main__":
    unittest.main()
