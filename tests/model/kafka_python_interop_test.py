#!/usr/bin/env python3
"""Record batches against an independent implementation: kafka-python's DefaultRecordBatch.

Both directions, for every codec kafka-python can use here:
  - kafka-python builds a batch, model_batch_tool (our reader) decodes it;
  - model_batch_tool builds a batch, kafka-python checks its CRC and decodes it.

Run by CTest as: /usr/bin/python3 kafka_python_interop_test.py PATH_TO_model_batch_tool
Needs Debian's python3-kafka, python3-snappy, python3-lz4, python3-zstandard.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from kafka import codec as kafka_codec
from kafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder

TOOL = None  # set from the command line

CODECS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
AVAILABLE = {
    "none": True,
    "gzip": kafka_codec.has_gzip(),
    "snappy": kafka_codec.has_snappy(),
    "lz4": kafka_codec.has_lz4(),
    "zstd": kafka_codec.has_zstd(),
}


def sample_records():
    """Keys, a null key, a tombstone, empty values, headers (null and empty values), and
    enough repetitive records that every codec actually compresses (kafka-python sends a
    batch uncompressed when compressing would not make it smaller)."""
    records = [
        dict(timestamp=1_700_000_000_000, key=b"key-1", value=b"value-1", headers=[]),
        dict(timestamp=1_700_000_000_004, key=None, value=b"no key", headers=[]),
        dict(timestamp=1_700_000_000_002, key=b"key-1", value=None, headers=[]),
        dict(timestamp=1_700_000_000_010, key=b"key-2", value=b"", headers=[]),
        dict(timestamp=1_700_000_000_011, key=b"", value=b"empty key",
             headers=[("content-type", b"application/json"), ("null", None), ("", b"x"),
                      ("empty", b"")]),
    ]
    for i in range(300):
        value = (b"order %d placed; " % i) * 20
        records.append(dict(timestamp=1_700_000_001_000 + i, key=b"customer-%d" % (i % 7),
                            value=value, headers=[("trace", b"%032x" % i)]))
    return records


def tool(*args):
    done = subprocess.run([TOOL, *args], capture_output=True, check=False)
    if done.returncode != 0:
        raise AssertionError("model_batch_tool %s failed: %s" % (args, done.stderr.decode()))
    return done.stdout.decode()


def hex_or_none(data):
    return None if data is None else data.hex()


def field(data):
    return "-" if data is None else "x" + data.hex()


class Interop(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.directory.cleanup()

    def path(self, name):
        return os.path.join(self.directory.name, name)

    def expect_records(self, decoded, records, base_offset=0):
        self.assertEqual(len(decoded), len(records))
        for i, (got, want) in enumerate(zip(decoded, records)):
            with self.subTest(record=i):
                self.assertEqual(got["offset"], base_offset + i)
                self.assertEqual(got["timestamp"], want["timestamp"])
                self.assertEqual(got["key"], hex_or_none(want["key"]))
                self.assertEqual(got["value"], hex_or_none(want["value"]))
                self.assertEqual(got["headers"],
                                 [[k.encode().hex(), hex_or_none(v)] for k, v in want["headers"]])

    def build_with_kafka_python(self, codec, records, producer=(-1, -1, -1),
                                transactional=False):
        builder = DefaultRecordBatchBuilder(
            magic=2, compression_type=CODECS[codec], is_transactional=transactional,
            producer_id=producer[0], producer_epoch=producer[1], base_sequence=producer[2],
            batch_size=64 << 20)
        for i, record in enumerate(records):
            self.assertIsNotNone(builder.append(i, record["timestamp"], record["key"],
                                                record["value"], record["headers"]))
        return bytes(builder.build())

    def read_with_tool(self, batch):
        with open(self.path("theirs.batch"), "wb") as out:
            out.write(batch)
        lines = [json.loads(line) for line in tool("read", self.path("theirs.batch")).splitlines()]
        self.assertIn("batch", lines[0])
        return lines[0]["batch"], lines[1:]

    def build_with_tool(self, codec, records):
        with open(self.path("records.txt"), "w") as out:
            for record in records:
                headers = " ".join("x%s:%s" % (k.encode().hex(), field(v))
                                   for k, v in record["headers"])
                out.write("%d %s %s %s\n" % (record["timestamp"], field(record["key"]),
                                             field(record["value"]), headers))
        tool("write", codec, self.path("records.txt"), self.path("ours.batch"))
        with open(self.path("ours.batch"), "rb") as batch:
            return batch.read()

    def test_kafka_python_builds_we_read(self):
        records = sample_records()
        for codec in CODECS:
            with self.subTest(codec=codec):
                if not AVAILABLE[codec]:
                    self.skipTest("kafka-python has no %s library here" % codec)
                batch = self.build_with_kafka_python(codec, records)
                header, decoded = self.read_with_tool(batch)
                self.assertEqual(header["codec"], codec)
                self.assertEqual(header["record_count"], len(records))
                self.assertEqual(header["producer_id"], -1)
                self.expect_records(decoded, records)

    def test_kafka_python_idempotent_transactional_batch(self):
        records = sample_records()[:5]
        batch = self.build_with_kafka_python("none", records, producer=(4242, 3, 17),
                                             transactional=True)
        header, decoded = self.read_with_tool(batch)
        self.assertEqual((header["producer_id"], header["producer_epoch"],
                          header["base_sequence"]), (4242, 3, 17))
        self.assertTrue(header["attributes"] & 0x10)
        self.expect_records(decoded, records)

    def test_we_build_kafka_python_reads(self):
        records = sample_records()
        for codec in CODECS:
            with self.subTest(codec=codec):
                if not AVAILABLE[codec]:
                    self.skipTest("kafka-python has no %s library here" % codec)
                batch = DefaultRecordBatch(bytearray(self.build_with_tool(codec, records)))
                self.assertTrue(batch.validate_crc(), "kafka-python finds our CRC wrong")
                self.assertEqual(batch.compression_type, CODECS[codec])
                self.assertEqual(batch.base_offset, 0)
                self.assertEqual(batch.first_timestamp, records[0]["timestamp"])
                self.assertEqual(batch.max_timestamp, max(r["timestamp"] for r in records))
                decoded = [dict(offset=r.offset, timestamp=r.timestamp, key=hex_or_none(r.key),
                                value=hex_or_none(r.value),
                                headers=[[k.encode().hex(), hex_or_none(v)]
                                         for k, v in r.headers])
                           for r in batch]
                self.expect_records(decoded, records)

    def test_a_damaged_batch_is_refused(self):
        batch = bytearray(self.build_with_kafka_python("none", sample_records()[:3]))
        batch[-1] ^= 0x01
        with open(self.path("damaged.batch"), "wb") as out:
            out.write(batch)
        done = subprocess.run([TOOL, "read", self.path("damaged.batch")], capture_output=True,
                              check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn(b"CRC", done.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: kafka_python_interop_test.py PATH_TO_model_batch_tool")
    TOOL = sys.argv.pop(1)
    print("codecs covered: %s; unavailable: %s" % (
        ", ".join(c for c in CODECS if AVAILABLE[c]),
        ", ".join(c for c in CODECS if not AVAILABLE[c]) or "none"))
    unittest.main(verbosity=2)
