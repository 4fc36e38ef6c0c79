"""Line layout of generated C++: a line over 100 columns is broken at the arguments of its
first call, one argument a line, so generated files stay readable (they are not
clang-formatted; the build does not depend on clang-format)."""

from __future__ import annotations

from typing import Optional

LINE_MAX = 100
CONTINUATION = 4


def rewrap(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        lines += wrap_line(line)
    return "\n".join(lines)


def wrap_line(line: str) -> list[str]:
    if len(line) <= LINE_MAX or line.lstrip().startswith("//"):
        return [line]
    split = split_first_call(line)
    if split is None:
        return [line]
    head, arguments, tail = split
    indentation = " " * (len(line) - len(line.lstrip()) + CONTINUATION)
    lines = [head]
    for i, argument in enumerate(arguments):
        last = i == len(arguments) - 1
        lines += wrap_line(indentation + argument + (tail if last else ","))
    return lines


def split_first_call(line: str) -> Optional[tuple[str, list[str], str]]:
    """(the line up to the first '(' that has several arguments and closes on this line, those
    arguments, the rest from its ')'), or None when there is no such call."""
    masked = mask_strings(line)
    for open_at, char in enumerate(masked):
        if char != "(":
            continue
        commas, close_at = top_level_commas(masked, open_at)
        if close_at is not None and commas:
            bounds = [open_at] + commas + [close_at]
            arguments = [line[a + 1:b].strip() for a, b in zip(bounds, bounds[1:])]
            return line[:open_at + 1], arguments, line[close_at:]
    return None


def top_level_commas(masked: str, open_at: int) -> tuple[list[int], Optional[int]]:
    """The commas directly inside the parenthesis at `open_at`, and where it closes."""
    depth, commas = 0, []
    for i in range(open_at + 1, len(masked)):
        c = masked[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return commas, i
            depth -= 1
        elif c == "," and depth == 0:
            commas.append(i)
    return commas, None


def mask_strings(line: str) -> str:
    """`line` with the insides of string literals blanked, so their commas and brackets do not
    count; positions are kept."""
    out, inside, escaped = [], False, False
    for c in line:
        if inside:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                inside = False
                out.append(c)
                continue
            out.append(" ")
        else:
            inside = c == '"'
            out.append(c)
    return "".join(out)
