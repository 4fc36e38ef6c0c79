#!/usr/bin/python3
"""Hostile and broken Kafka requests over raw sockets against `eventioz serve`.

The encoders below are written from the Kafka protocol guide (request/response framing, request
header v1/v2, RecordBatch v2 with CRC-32C, the per-API field lists); nothing else is used.

After every case: the broker process is alive, a connection opened at the start is still served,
and a fresh connection gets valid ApiVersions and Metadata answers. The cases:
  - sanity: ApiVersions v0 and v3, Metadata v1, pipelined requests answered in order;
  - frames: larger than any allowed request (200 MiB: closed without being read, no memory
    spike), negative and zero sizes, truncated frames (closed at EOF; a stalled half frame does not
    block anyone else), headers cut short, a client id longer than the frame;
  - counts and lengths inside requests: huge array counts and string lengths in Metadata and
    Produce, negative lengths, a records length past the end of the frame;
  - versions: an unknown api key (999), Metadata v99, ApiVersions v99 (error 35 with the api list
    in the v0 layout, and the connection stays usable);
  - Produce semantics: a RecordBatch with a bad CRC gets CORRUPT_MESSAGE (2) and writes nothing,
    as do a lying record count, a batch length past the data, an unknown codec and a gzip batch
    of garbage; ListOffsets and Fetch show the log unchanged (and Fetch returns the good batch
    with a valid CRC);
  - random bytes, and random bodies behind valid headers of every advertised api and version.
Every answer that comes must carry the request's correlation id; no request may go unanswered
without the connection being closed.

    bad_input_test.py <path to eventioz>     (EVENTIOZ_TEST_SEED=N repeats the random cases)
"""

import os
import random
import socket
import struct
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position

API_PRODUCE, API_FETCH, API_LIST_OFFSETS, API_METADATA = 0, 1, 2, 3
API_VERSIONS, API_CREATE_TOPICS = 18, 19
UNSUPPORTED_VERSION, CORRUPT_MESSAGE = 35, 2
ANSWER_SECONDS = 5  # a complete request is answered or its connection closed within this
MEMORY_SPIKE_LIMIT = 64 << 20  # peak resident memory may not grow more than this per case
CLIENT_ID = "eventioz-bad-input"

# ---------------------------------------------------------------------------------------------
# Encoders (Kafka protocol guide: primitive types, request header, RecordBatch v2).


def i8(value):
    return struct.pack(">b", value)


def i16(value):
    return struct.pack(">h", value)


def i32(value):
    return struct.pack(">i", value)


def u32(value):
    return struct.pack(">I", value)


def i64(value):
    return struct.pack(">q", value)


def string(text):
    """STRING / NULLABLE_STRING: int16 length (-1 for null), then UTF-8 bytes."""
    if text is None:
        return i16(-1)
    data = text.encode() if isinstance(text, str) else text
    return i16(len(data)) + data


def nullable_bytes(data):
    """NULLABLE_BYTES: int32 length (-1 for null), then the bytes."""
    return i32(-1) if data is None else i32(len(data)) + data


def array(items):
    """ARRAY: int32 count, then the already encoded elements."""
    return i32(len(items)) + b"".join(items)


def uvarint(value):
    """UNSIGNED_VARINT: 7 bits a byte, least significant group first."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def varint(value):
    """VARINT / VARLONG: zigzag, then as UNSIGNED_VARINT."""
    return uvarint((value << 1) ^ (value >> 63))


def compact_string(text):
    data = text.encode()
    return uvarint(len(data) + 1) + data


def frame(payload):
    """A request on the wire: int32 size, then the payload."""
    return i32(len(payload)) + payload


def request(api_key, version, correlation_id, body, flexible=False, client_id=CLIENT_ID):
    """Request header v1 (v2 when flexible: an empty tagged-field section after client_id)."""
    header = i16(api_key) + i16(version) + i32(correlation_id) + string(client_id)
    if flexible:
        header += uvarint(0)
    return frame(header + body)


def _crc32c_table():
    table = []
    for index in range(256):
        crc = index
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


CRC32C_TABLE = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as RecordBatch v2 uses."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283  # the check value of CRC-32C


def record(offset_delta, key, value, timestamp_delta=0, headers=()):
    """One Record of a v2 batch: varint length, then its fields."""
    body = i8(0) + varint(timestamp_delta) + varint(offset_delta)
    body += varint(-1) if key is None else varint(len(key)) + key
    body += varint(-1) if value is None else varint(len(value)) + value
    body += varint(len(headers))
    for name, header_value in headers:
        body += varint(len(name)) + name + varint(len(header_value)) + header_value
    return varint(len(body)) + body


def record_batch(records, base_timestamp, attributes=0, crc_xor=0, count=None,
                 length_extra=0, raw_records=None, magic=2):
    """A RecordBatch v2 of [(key, value)]. crc_xor spoils the CRC, count overrides the record
    count, length_extra makes batchLength claim bytes that are not there, raw_records replaces the
    encoded records (a compressed payload, say)."""
    encoded = raw_records if raw_records is not None else b"".join(
        record(index, key, value, timestamp_delta=index) for index, (key, value) in
        enumerate(records))
    after_crc = (i16(attributes) + i32(len(records) - 1) + i64(base_timestamp)
                 + i64(base_timestamp + len(records) - 1) + i64(-1) + i16(-1) + i32(-1)
                 + i32(len(records) if count is None else count) + encoded)
    crc = crc32c(after_crc) ^ crc_xor
    batch_length = 4 + 1 + 4 + len(after_crc)  # partitionLeaderEpoch, magic, crc, the rest
    return (i64(0) + i32(batch_length + length_extra) + i32(-1) + i8(magic) + u32(crc)
            + after_crc)


# Request bodies.


def api_versions_v3_body():
    return compact_string("eventioz-bad-input") + compact_string("1.0") + uvarint(0)


def metadata_v1_body(topics=None):
    return i32(-1) if topics is None else array([string(t) for t in topics])


def produce_v3_body(topic, partition, records, acks=-1):
    return (string(None) + i16(acks) + i32(10000)
            + array([string(topic) + array([i32(partition) + nullable_bytes(records)])]))


def list_offsets_v1_body(topic, partition, timestamp=-1):
    return i32(-1) + array([string(topic) + array([i32(partition) + i64(timestamp)])])


def fetch_v4_body(topic, partition, offset):
    return (i32(-1) + i32(100) + i32(1) + i32(1 << 20) + i8(0)
            + array([string(topic) + array([i32(partition) + i64(offset) + i32(1 << 20)])]))


def create_topics_v0_body(topic, partitions):
    return array([string(topic) + i32(partitions) + i16(1) + array([]) + array([])]) + i32(10000)


# ---------------------------------------------------------------------------------------------
# Decoders.


class Reader:
    def __init__(self, data):
        self.data = data
        self.at = 0

    def take(self, size):
        if size < 0 or self.at + size > len(self.data):
            raise ValueError(f"needs {size} bytes at {self.at}, has {len(self.data) - self.at}")
        chunk = self.data[self.at:self.at + size]
        self.at += size
        return chunk

    def i8(self):
        return struct.unpack(">b", self.take(1))[0]

    def i16(self):
        return struct.unpack(">h", self.take(2))[0]

    def i32(self):
        return struct.unpack(">i", self.take(4))[0]

    def u32(self):
        return struct.unpack(">I", self.take(4))[0]

    def i64(self):
        return struct.unpack(">q", self.take(8))[0]

    def string(self):
        size = self.i16()
        return None if size == -1 else self.take(size).decode()

    def nullable_bytes(self):
        size = self.i32()
        return None if size == -1 else self.take(size)

    def array(self, element):
        count = self.i32()
        if count == -1:
            return None
        if count < 0 or count > len(self.data):
            raise ValueError(f"array count {count}")
        return [element(self) for _ in range(count)]

    def uvarint(self):
        value = shift = 0
        while True:
            byte = self.take(1)[0]
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
            if shift > 63:
                raise ValueError("varint too long")

    def varint(self):
        value = self.uvarint()
        return (value >> 1) ^ -(value & 1)

    def compact_array(self, element):
        count = self.uvarint()
        return None if count == 0 else [element(self) for _ in range(count - 1)]

    def tagged_fields(self):
        for _ in range(self.uvarint()):
            self.uvarint()
            self.take(self.uvarint())

    def remaining(self):
        return len(self.data) - self.at


def parse_api_versions_v0(body):
    reader = Reader(body)
    error = reader.i16()
    apis = reader.array(lambda r: (r.i16(), r.i16(), r.i16()))
    return error, {key: (low, high) for key, low, high in apis or []}, reader.remaining()


def parse_api_versions_v3(body):
    reader = Reader(body)
    error = reader.i16()

    def api(r):
        entry = (r.i16(), r.i16(), r.i16())
        r.tagged_fields()
        return entry
    apis = reader.compact_array(api)
    throttle = reader.i32()
    reader.tagged_fields()
    return error, {key: (low, high) for key, low, high in apis or []}, throttle, reader.remaining()


def parse_metadata_v1(body):
    reader = Reader(body)
    brokers = reader.array(lambda r: (r.i32(), r.string(), r.i32(), r.string()))
    controller = reader.i32()

    def partition(r):
        return {"error": r.i16(), "partition": r.i32(), "leader": r.i32(),
                "replicas": r.array(Reader.i32), "isr": r.array(Reader.i32)}

    def topic(r):
        return {"error": r.i16(), "name": r.string(), "internal": r.i8(),
                "partitions": r.array(partition)}
    topics = reader.array(topic)
    return brokers, controller, topics, reader.remaining()


def parse_produce_v3(body):
    reader = Reader(body)
    responses = reader.array(lambda r: (r.string(), r.array(
        lambda p: {"partition": p.i32(), "error": p.i16(), "base_offset": p.i64(),
                   "log_append_time": p.i64()})))
    reader.i32()  # throttle_time_ms
    return {(name, p["partition"]): p for name, partitions in responses for p in partitions}


def parse_list_offsets_v1(body):
    reader = Reader(body)
    topics = reader.array(lambda r: (r.string(), r.array(
        lambda p: {"partition": p.i32(), "error": p.i16(), "timestamp": p.i64(),
                   "offset": p.i64()})))
    return {(name, p["partition"]): p for name, partitions in topics for p in partitions}


def parse_fetch_v4(body):
    reader = Reader(body)
    reader.i32()  # throttle_time_ms
    topics = reader.array(lambda r: (r.string(), r.array(
        lambda p: {"partition": p.i32(), "error": p.i16(), "high_watermark": p.i64(),
                   "last_stable_offset": p.i64(),
                   "aborted": p.array(lambda a: (a.i64(), a.i64())),
                   "records": p.nullable_bytes()})))
    return {(name, p["partition"]): p for name, partitions in topics for p in partitions}


def parse_batches(data):
    """The complete RecordBatches in a Fetch answer:
    [(base_offset, magic, crc_ok, [(key, value)])]."""
    batches = []
    reader = Reader(data or b"")
    while reader.remaining() >= 12:
        base_offset = reader.i64()
        length = reader.i32()
        if length > reader.remaining():
            break  # a partial batch at the end of a fetch is normal
        rest = Reader(reader.take(length))
        rest.i32()  # partitionLeaderEpoch
        magic = rest.i8()
        crc = rest.u32()
        crc_ok = crc == crc32c(rest.data[rest.at:])
        rest.take(2 + 4 + 8 + 8 + 8 + 2 + 4)  # attributes .. baseSequence
        records = []
        for _ in range(rest.i32()):
            size = rest.varint()
            one = Reader(rest.take(size))
            one.i8()
            one.varint()
            one.varint()
            key_size = one.varint()
            key = None if key_size < 0 else one.take(key_size)
            value_size = one.varint()
            value = None if value_size < 0 else one.take(value_size)
            records.append((key, value))
        batches.append((base_offset, magic, crc_ok, records))
    return batches


# ---------------------------------------------------------------------------------------------
# Connections.


class Closed(Exception):
    """The broker closed the connection."""


class Connection:
    def __init__(self, port, timeout=ANSWER_SECONDS):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.correlation_id = 0

    def next_id(self):
        self.correlation_id += 1
        return self.correlation_id

    def send(self, data):
        try:
            self.sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError) as error:
            raise Closed(str(error)) from None

    def _exactly(self, size):
        chunks = []
        while size:
            try:
                chunk = self.sock.recv(min(size, 1 << 20))
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise Closed("closed by the broker")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def read_response(self, correlation_id, flexible_header=False):
        """The next response's body; checks its correlation id. Raises Closed or socket.timeout."""
        size = struct.unpack(">i", self._exactly(4))[0]
        if size < 4 or size > (100 << 20):
            raise AssertionError(f"response size {size}")
        payload = self._exactly(size)
        got = struct.unpack(">i", payload[:4])[0]
        if got != correlation_id:
            raise AssertionError(f"correlation id {got}, expected {correlation_id}")
        body = Reader(payload[4:])
        if flexible_header:
            body.tagged_fields()
        return payload[4 + body.at:]

    def call(self, api_key, version, body, flexible=False):
        correlation_id = self.next_id()
        self.send(request(api_key, version, correlation_id, body, flexible))
        return self.read_response(correlation_id)

    def outcome(self, correlation_id=None, seconds=ANSWER_SECONDS):
        """What the broker did next: "closed", "silent" (nothing within `seconds`), or
        ("answered", body) when correlation_id is given and a response came."""
        self.sock.settimeout(seconds)
        try:
            if correlation_id is None:
                while self._exactly(1):
                    pass
            return ("answered", self.read_response(correlation_id))
        except Closed:
            return "closed"
        except socket.timeout:
            return "silent"

    def close(self):
        self.sock.close()


def describe(outcome):
    if isinstance(outcome, tuple):
        return f"answered with {len(outcome[1])} bytes: {outcome[1][:40].hex()}"
    return outcome


def peak_memory(pid):
    """VmHWM (peak resident set) of the broker, in bytes, or None."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


# ---------------------------------------------------------------------------------------------
# The test.


class BadInput:
    def __init__(self, broker, checks, seed):
        self.broker = broker
        self.checks = checks
        self.port = broker.port
        self.random = random.Random(seed)
        self.observer = None
        self.apis = {}
        self.last_case = "the start"

    def connect(self):
        try:
            return Connection(self.port)
        except OSError as error:
            self.check_alive(f"{self.last_case} ({type(error).__name__} {error})")
            raise

    def check_alive(self, after):
        """Ends the test (SystemExit) when the broker process is gone."""
        if not self.broker.alive():
            self.checks.fail(f"the broker is alive after {after}",
                             f"it exited with status {self.broker.process.poll()}")
            raise SystemExit  # nothing more to learn; run_test prints the log

    # Health: after every case.

    def valid_api_versions(self, connection, label):
        error, apis, remaining = parse_api_versions_v0(
            connection.call(API_VERSIONS, 0, b""))
        if error != 0 or API_METADATA not in apis or remaining != 0:
            raise AssertionError(f"{label}: ApiVersions v0 answered error {error}, apis "
                                 f"{sorted(apis)}, {remaining} bytes left over")
        return apis

    def healthy(self, after):
        """The broker survived `after`: alive, the old connection and a new one served."""
        self.check_alive(after)
        problems = []
        try:
            self.valid_api_versions(self.observer, "the connection opened at the start")
        except (Closed, socket.timeout, AssertionError, ValueError, OSError) as error:
            problems.append(f"the connection opened at the start: {type(error).__name__} {error}")
            self.observer = self.connect()
        try:
            fresh = self.connect()
            try:
                self.valid_api_versions(fresh, "a new connection")
                brokers, _, _, remaining = parse_metadata_v1(
                    fresh.call(API_METADATA, 1, metadata_v1_body([])))
                if [(host, port) for _, host, port, _ in brokers] != [("127.0.0.1", self.port)] \
                        or remaining:
                    problems.append(f"Metadata v1 brokers {brokers}, {remaining} bytes left over")
            finally:
                fresh.close()
        except (Closed, socket.timeout, AssertionError, ValueError, OSError) as error:
            problems.append(f"a new connection: {type(error).__name__} {error}")
        self.checks.ok(f"after {after}: the broker still serves old and new connections",
                       not problems, "; ".join(problems))

    def expect_closed_or_answered(self, description, data, correlation_id, seconds=ANSWER_SECONDS):
        """Sends data on a new connection: the broker must close it or answer (with the right
        correlation id) within `seconds`, never ignore a complete request."""
        connection = self.connect()
        self.last_case = description
        try:
            try:
                connection.send(data)
                result = connection.outcome(correlation_id, seconds)
            except Closed:
                result = "closed"
            except AssertionError as error:  # a wrong correlation id or size
                result = f"a malformed answer: {error}"
            self.checks.ok(f"{description}: closed or answered",
                           result == "closed" or isinstance(result, tuple), describe(result))
            return result
        finally:
            connection.close()

    def expect_closed(self, description, data, seconds=ANSWER_SECONDS, shutdown_write=False):
        connection = self.connect()
        self.last_case = description
        try:
            try:
                connection.send(data)
                if shutdown_write:
                    connection.sock.shutdown(socket.SHUT_WR)
                result = connection.outcome(None, seconds)
            except Closed:
                result = "closed"
            self.checks.equal(f"{description}: the connection is closed within {seconds} s",
                              result, "closed")
        finally:
            connection.close()

    def memory_bounded(self, description, case):
        pid = self.broker.pid
        before = peak_memory(pid) if pid else None
        case()
        after = peak_memory(pid) if pid else None
        if before is not None and after is not None:
            self.checks.ok(f"{description}: the broker's peak memory grows less than "
                           f"{MEMORY_SPIKE_LIMIT >> 20} MiB", after - before < MEMORY_SPIKE_LIMIT,
                           f"VmHWM {before >> 20} MiB -> {after >> 20} MiB")

    # Cases.

    def sanity(self):
        self.observer = self.connect()
        self.apis = self.valid_api_versions(self.observer, "the first connection")
        wanted = {API_PRODUCE: 3, API_FETCH: 4, API_LIST_OFFSETS: 1, API_METADATA: 1,
                  API_VERSIONS: 3, API_CREATE_TOPICS: 0}
        for key, version in wanted.items():
            low, high = self.apis.get(key, (None, None))
            self.checks.ok(f"ApiVersions advertises api {key} version {version}",
                           low is not None and low <= version <= high, f"range {low}-{high}")
        connection = self.connect()
        try:
            error, apis, throttle, remaining = parse_api_versions_v3(
                connection.call(API_VERSIONS, 3, api_versions_v3_body(), flexible=True))
            self.checks.ok("ApiVersions v3 (flexible request, response header v0) parses",
                           error == 0 and apis == self.apis and throttle >= 0 and remaining == 0,
                           f"error {error}, {len(apis)} apis (v0 had {len(self.apis)}), "
                           f"{remaining} bytes left over")
            # Pipelining: two requests in one write, answered in order (kafka-python does this).
            first, second = connection.next_id(), connection.next_id()
            connection.send(request(API_VERSIONS, 0, first, b"")
                            + request(API_METADATA, 0, second, array([])))
            connection.read_response(first)
            connection.read_response(second)
            self.checks.ok("pipelined requests are answered in order", True)
        finally:
            connection.close()
        self.healthy("the sanity checks")

    def frames(self):
        header = i16(API_VERSIONS) + i16(0) + i32(1) + string(CLIENT_ID)
        self.memory_bounded("a 200 MiB frame", lambda: self.expect_closed(
            "a frame declaring 200 MiB", i32(200 << 20) + header))
        self.healthy("a 200 MiB frame")
        self.expect_closed("a frame declaring 2 GiB - 1", i32(0x7FFFFFFF) + header)
        self.expect_closed("a frame of size -1", i32(-1) + header)
        self.expect_closed("a frame of size -2^31", i32(-(1 << 31)) + header)
        self.expect_closed("a frame of size 0", i32(0))
        self.healthy("frames with impossible sizes")

        self.expect_closed("a frame cut short by EOF", i32(100) + header,
                           shutdown_write=True)
        self.expect_closed("a size cut short by EOF", b"\x00\x00", shutdown_write=True)
        # A stalled half frame must not hold anyone else up.
        stalled = self.connect()
        stalled.send(i32(1000) + header)
        self.healthy("a stalled half frame (still open)")
        stalled.close()
        self.expect_closed("a frame of 3 bytes (shorter than a request header)",
                           frame(i16(API_VERSIONS) + b"\x00"))
        self.expect_closed("a header cut inside the correlation id",
                           frame(i16(API_VERSIONS) + i16(0) + b"\x00\x00"))
        self.expect_closed_or_answered(
            "a client id longer than the frame",
            frame(i16(API_VERSIONS) + i16(0) + i32(7) + i16(1000) + b"abc"), 7)
        self.expect_closed_or_answered(
            "a client id of length -2",
            frame(i16(API_METADATA) + i16(1) + i32(8) + i16(-2) + i32(-1)), 8)
        self.healthy("broken frames and headers")

    def counts(self):
        metadata_header = i16(API_METADATA) + i16(1) + i32(21) + string(CLIENT_ID)
        metadata_v0_header = i16(API_METADATA) + i16(0) + i32(22) + string(CLIENT_ID)
        produce_header = i16(API_PRODUCE) + i16(3) + i32(23) + string(CLIENT_ID)
        cases = [
            ("Metadata v1 with 2^31-1 topics and none sent", 21,
             frame(metadata_header + i32(0x7FFFFFFF))),
            ("Metadata v1 with 2^31-1 topics and one sent", 21,
             frame(metadata_header + i32(0x7FFFFFFF) + string("x"))),
            ("Metadata v0 with 2^31-1 topics", 22, frame(metadata_v0_header + i32(0x7FFFFFFF))),
            ("Metadata v1 with -5 topics", 21, frame(metadata_header + i32(-5))),
            ("Metadata v1 with a topic name of 32767 bytes and 5 sent", 21,
             frame(metadata_header + i32(1) + i16(32767) + b"abcde")),
            ("Metadata v1 with a topic name of length -5", 21,
             frame(metadata_header + i32(1) + i16(-5))),
            ("Produce v3 with 2^31-1 topics", 23,
             frame(produce_header + string(None) + i16(-1) + i32(1000) + i32(0x7FFFFFFF))),
            ("Produce v3 with 10^9 partitions", 23,
             frame(produce_header + string(None) + i16(-1) + i32(1000) + i32(1)
                   + string("bad-input-counts") + i32(1_000_000_000))),
            ("Produce v3 with a records length of 10^9", 23,
             frame(produce_header + string(None) + i16(-1) + i32(1000) + i32(1)
                   + string("bad-input-counts") + i32(1) + i32(0) + i32(1_000_000_000)
                   + b"\x00" * 16)),
            ("Produce v3 with a records length of -7", 23,
             frame(produce_header + string(None) + i16(-1) + i32(1000) + i32(1)
                   + string("bad-input-counts") + i32(1) + i32(0) + i32(-7))),
            ("Produce v3 with a transactional id of 20000 bytes and 3 sent", 23,
             frame(produce_header + i16(20000) + b"abc")),
            ("Produce v3 with a truncated body", 23,
             frame(produce_header + string(None) + i16(-1))),
        ]
        for description, correlation_id, data in cases:
            self.memory_bounded(description, lambda d=description, c=correlation_id, x=data:
                                self.expect_closed_or_answered(d, x, c))
        self.healthy("huge and negative counts and lengths")

    def versions(self):
        self.expect_closed_or_answered("an unknown api key (999)",
                                       request(999, 0, 31, b""), 31)
        self.expect_closed_or_answered("an api key of -1", request(-1, 0, 32, b""), 32)
        self.expect_closed_or_answered("Metadata v99", request(API_METADATA, 99, 33, i32(-1)), 33)
        self.expect_closed_or_answered("Produce v99", request(API_PRODUCE, 99, 34, b"\x00" * 20),
                                       34)
        self.expect_closed_or_answered("Metadata v-1", request(API_METADATA, -1, 35, i32(-1)), 35)
        self.expect_closed_or_answered("Fetch v-32768", request(API_FETCH, -32768, 36, b""), 36)
        self.healthy("unknown apis and versions")

        # A client sends versions 3 and up with request header v2 (flexible), as a future version
        # would be; the broker answers error 35 in the v0 layout without reading the body.
        for version in (4, 99, 32767, -1):
            connection = self.connect()
            self.last_case = f"ApiVersions v{version}"
            try:
                body = connection.call(API_VERSIONS, version, b"", flexible=version >= 3)
                error, apis, remaining = parse_api_versions_v0(body)
                self.checks.ok(f"ApiVersions v{version}: error 35 with the api list in the v0 "
                               "layout", error == UNSUPPORTED_VERSION and API_VERSIONS in apis
                               and remaining == 0,
                               f"error {error}, apis {sorted(apis)}, {remaining} bytes left over")
                self.valid_api_versions(connection, f"after ApiVersions v{version}")
                self.checks.ok(f"the connection stays usable after ApiVersions v{version}", True)
            except (Closed, socket.timeout, AssertionError, ValueError) as error:
                self.checks.fail(f"ApiVersions v{version}: error 35 with the api list in the v0 "
                                 "layout, connection kept", f"{type(error).__name__}: {error}")
            finally:
                connection.close()
        self.healthy("unsupported ApiVersions versions")

    def produce_semantics(self):
        topic = "bad-input-crc"
        connection = self.connect()
        try:
            body = connection.call(API_CREATE_TOPICS, 0, create_topics_v0_body(topic, 1))
            reader = Reader(body)
            errors = reader.array(lambda r: (r.string(), r.i16()))
            self.checks.equal("CreateTopics v0 creates the topic", errors, [(topic, 0)])
            for _ in range(50):  # until the partition has a leader
                _, _, topics, _ = parse_metadata_v1(connection.call(
                    API_METADATA, 1, metadata_v1_body([topic])))
                if topics and topics[0]["error"] == 0 and topics[0]["partitions"] and \
                        topics[0]["partitions"][0]["leader"] >= 0:
                    break
                time.sleep(0.1)

            now = int(time.time() * 1000)
            good = [(b"k0", b"good 0"), (b"k1", b"good 1"), (None, b"good 2")]
            answer = parse_produce_v3(connection.call(
                API_PRODUCE, 3, produce_v3_body(topic, 0, record_batch(good, now))))
            self.checks.equal("a valid batch of 3 records is written at offset 0",
                              {k: (v["error"], v["base_offset"]) for k, v in answer.items()},
                              {(topic, 0): (0, 0)})

            def end_offset():
                offsets = parse_list_offsets_v1(connection.call(
                    API_LIST_OFFSETS, 1, list_offsets_v1_body(topic, 0)))
                entry = offsets.get((topic, 0), {})
                return entry.get("error"), entry.get("offset")
            self.checks.equal("ListOffsets latest is 3", end_offset(), (0, 3))

            bad = [(b"bad", b"this batch must not be written")]
            bad_batches = [
                ("a RecordBatch with a bad CRC", record_batch(bad, now, crc_xor=1),
                 {CORRUPT_MESSAGE}),
                ("a RecordBatch whose record count says 5 but holds 1",
                 record_batch(bad, now, count=5), None),
                ("a RecordBatch whose batchLength runs past the data",
                 record_batch(bad, now, length_extra=40), None),
                ("a RecordBatch with compression codec 7", record_batch(bad, now, attributes=7),
                 None),
                ("a gzip RecordBatch whose payload is not gzip",
                 record_batch(bad, now, attributes=1, raw_records=b"\x1f\x8b garbage" * 4), None),
                ("a RecordBatch with magic 3", record_batch(bad, now, magic=3), None),
                ("an empty records field", b"", None),
            ]
            for description, batch, wanted_errors in bad_batches:
                try:
                    answer = parse_produce_v3(connection.call(
                        API_PRODUCE, 3, produce_v3_body(topic, 0, batch)))
                    error = answer.get((topic, 0), {}).get("error")
                    if wanted_errors:
                        self.checks.ok(f"{description}: partition error CORRUPT_MESSAGE (2)",
                                       error in wanted_errors, f"error {error}")
                    else:
                        self.checks.ok(f"{description}: a partition error", error not in (0, None),
                                       f"error {error}")
                except Closed:
                    # Closing is a defensible answer to a malformed request, but not to a bad CRC.
                    self.checks.ok(f"{description}: refused (connection closed)",
                                   wanted_errors is None, "the broker closed the connection")
                    connection.close()
                    connection = self.connect()
                self.checks.equal(f"{description}: nothing written (ListOffsets latest still 3)",
                                  end_offset(), (0, 3))

            fetched = parse_fetch_v4(connection.call(API_FETCH, 4, fetch_v4_body(topic, 0, 0)))
            entry = fetched.get((topic, 0), {})
            self.checks.equal("Fetch: no error, high watermark 3",
                              (entry.get("error"), entry.get("high_watermark")), (0, 3))
            batches = parse_batches(entry.get("records"))
            self.checks.equal("Fetch returns exactly the good batch: base offset 0, magic 2, "
                              "valid CRC, its 3 records",
                              [(b[0], b[1], b[2], b[3]) for b in batches], [(0, 2, True, good)])
        finally:
            connection.close()
        self.healthy("bad record batches")

    def random_input(self, cases=60):
        """Random bytes, and random bodies behind valid headers."""
        for _ in range(cases):
            connection = self.connect()
            self.last_case = "random bytes"
            try:
                connection.send(self.random.randbytes(self.random.randint(1, 4096)))
                connection.outcome(None, 0.05)
            except Closed:
                pass
            finally:
                connection.close()
        self.healthy(f"{cases} connections of random bytes")

        silent = []
        bad_answers = []
        keys = sorted(self.apis)
        deadline = time.monotonic() + 60
        count = 0
        while count < 400 and time.monotonic() < deadline:
            count += 1
            key = self.random.choice(keys)
            low, high = self.apis[key]
            version = self.random.randint(low, high)
            flexible = self.random.random() < 0.5
            body = self.random.randbytes(self.random.choice([0, 1, 2, 4, 7, 16, 64, 300]))
            if self.random.random() < 0.3:  # plausible counts and lengths, then garbage
                body = (i32(self.random.choice([0, 1, 2, -1, 0x7FFFFFFF]))
                        + string("bad-input-random") + body)
            correlation_id = self.random.randint(1, 1 << 30)
            connection = self.connect()
            try:
                connection.send(request(key, version, correlation_id, body, flexible))
                result = connection.outcome(correlation_id, ANSWER_SECONDS)
                if result == "silent":
                    silent.append((key, version, flexible, body[:32].hex()))
            except Closed:
                pass
            except AssertionError as error:
                bad_answers.append((key, version, str(error)))
            finally:
                connection.close()
            self.check_alive(f"a random body for api {key} v{version} "
                             f"({'flexible' if flexible else 'v1'} header): {body.hex()}")
        self.checks.ok(f"{count} random request bodies: each one answered or its connection "
                       "closed", not silent, f"no answer to {harness.short(silent[:5])}")
        self.checks.ok("random request bodies: every answer carries its correlation id",
                       not bad_answers, harness.short(bad_answers[:5]))
        self.healthy("random request bodies")


def test(broker, checks):
    seed = int(os.environ.get("EVENTIOZ_TEST_SEED", random.randrange(1 << 30)))
    harness.say(f"seed {seed} (EVENTIOZ_TEST_SEED={seed} repeats the random cases)")
    cases = BadInput(broker, checks, seed)
    try:
        for name in ("sanity", "frames", "counts", "versions", "produce_semantics",
                     "random_input"):
            with checks.step(name):
                getattr(cases, name)()
    except SystemExit:
        pass
    finally:
        if cases.observer is not None:
            cases.observer.close()


if __name__ == "__main__":
    harness.run_test(test)
