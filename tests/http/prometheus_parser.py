"""A strict parser of the Prometheus text exposition format 0.0.4, for the tests (standard
library only). Strict means: every line is a comment (# HELP / # TYPE / other), blank, or a
valid sample; every sample belongs to a family declared with # TYPE before it; a family is
declared once; histograms have monotone cumulative buckets ending in le="+Inf", equal to their
_count, and a _sum. Anything else raises FormatError naming the line.
"""

import math
import re

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL_NAME = r"[a-zA-Z_][a-zA-Z0-9_]*"
SAMPLE = re.compile(rf"^({NAME})(\{{(.*)\}})?\s+(\S+)(\s+-?\d+)?$")
HELP = re.compile(rf"^# HELP ({NAME}) (.*)$")
TYPE = re.compile(rf"^# TYPE ({NAME}) (counter|gauge|histogram|summary|untyped)$")
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")


class FormatError(Exception):
    pass


def parse_value(text, line):
    if text in ("+Inf", "Inf"):
        return math.inf
    if text == "-Inf":
        return -math.inf
    if text == "NaN":
        return math.nan
    if not re.fullmatch(r"[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)", text):
        raise FormatError(f"not a number: {text!r} in {line!r}")
    return float(text)


def parse_labels(text, line):
    """{a="x",b="y\\"z"} contents → tuple of (name, value) in order, unescaped."""
    labels = []
    position = 0
    while position < len(text):
        match = re.compile(rf"({LABEL_NAME})=\"").match(text, position)
        if not match:
            raise FormatError(f"bad label at {text[position:]!r} in {line!r}")
        name = match.group(1)
        position = match.end()
        value = []
        while True:
            if position >= len(text):
                raise FormatError(f"unterminated label value in {line!r}")
            char = text[position]
            if char == "\\":
                escaped = text[position + 1:position + 2]
                if escaped not in ("\\", '"', "n"):
                    raise FormatError(f"bad escape \\{escaped} in {line!r}")
                value.append("\n" if escaped == "n" else escaped)
                position += 2
            elif char == '"':
                position += 1
                break
            elif char == "\n":
                raise FormatError(f"raw newline in a label value in {line!r}")
            else:
                value.append(char)
                position += 1
        if any(existing == name for existing, _ in labels):
            raise FormatError(f"label {name} twice in {line!r}")
        labels.append((name, "".join(value)))
        if position < len(text):
            if text[position] != ",":
                raise FormatError(f"expected ',' at {text[position:]!r} in {line!r}")
            position += 1
    return tuple(labels)


def family_of(name, types):
    """The declared family a sample name belongs to (histogram suffixes removed)."""
    if name in types:
        return name
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            if types.get(base) in ("histogram", "summary"):
                return base
    return None


def parse(text):
    """→ {"types": {family: type}, "help": {family: text},
           "samples": {(name, labels): value}}   labels: tuple of (name, value) pairs"""
    if text and not text.endswith("\n"):
        raise FormatError("the exposition must end with a newline")
    types, helps, samples = {}, {}, {}
    family_done = set()
    current = None
    for line in text.split("\n")[:-1] if text else []:
        if line.strip() == "":
            continue
        if line.startswith("#"):
            help_match = HELP.match(line)
            type_match = TYPE.match(line)
            if help_match:
                name = help_match.group(1)
                if name in helps:
                    raise FormatError(f"second HELP for {name}")
                helps[name] = help_match.group(2)
            elif type_match:
                name = type_match.group(1)
                if name in types:
                    raise FormatError(f"second TYPE for {name}")
                if name in family_done or any(s[0] == name for s in samples):
                    raise FormatError(f"TYPE for {name} after its samples")
                types[name] = type_match.group(2)
                if current:
                    family_done.add(current)
                current = name
            elif line.startswith("# HELP") or line.startswith("# TYPE"):
                raise FormatError(f"malformed comment {line!r}")
            continue
        match = SAMPLE.match(line)
        if not match:
            raise FormatError(f"not a sample: {line!r}")
        name, _, label_text, value_text, _ = match.groups()
        family = family_of(name, types)
        if family is None:
            raise FormatError(f"sample {name} has no # TYPE before it: {line!r}")
        if family != current:
            raise FormatError(f"sample {name} outside its family's block: {line!r}")
        labels = parse_labels(label_text or "", line)
        key = (name, labels)
        if key in samples:
            raise FormatError(f"duplicate sample {line!r}")
        samples[key] = parse_value(value_text, line)
    check_histograms(types, samples)
    return {"types": types, "help": helps, "samples": samples}


def check_histograms(types, samples):
    for family, kind in types.items():
        if kind != "histogram":
            continue
        children = {}
        for (name, labels), value in samples.items():
            if name != family + "_bucket":
                continue
            le = [v for k, v in labels if k == "le"]
            if len(le) != 1:
                raise FormatError(f"{family}_bucket without one le label")
            rest = tuple((k, v) for k, v in labels if k != "le")
            children.setdefault(rest, []).append((parse_value(le[0], family), value))
        for rest, buckets in children.items():
            buckets.sort()
            if buckets[-1][0] != math.inf:
                raise FormatError(f"{family}{dict(rest)} has no le=\"+Inf\" bucket")
            counts = [count for _, count in buckets]
            if any(b < a for a, b in zip(counts, counts[1:])):
                raise FormatError(f"{family}{dict(rest)} buckets are not monotone: {counts}")
            count = samples.get((family + "_count", rest))
            if count is None or (family + "_sum", rest) not in samples:
                raise FormatError(f"{family}{dict(rest)} lacks _sum or _count")
            if count != counts[-1]:
                raise FormatError(f"{family}{dict(rest)} _count {count} != +Inf {counts[-1]}")


def value(parsed, name, **labels):
    """The sample `name` with exactly these labels (order-insensitive), or None."""
    wanted = sorted(labels.items())
    for (sample_name, sample_labels), sample_value in parsed["samples"].items():
        if sample_name == name and sorted(sample_labels) == wanted:
            return sample_value
    return None
