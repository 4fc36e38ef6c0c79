"""Kafka's wire format by hand, for tests that must send what no client library would: the
primitive types, request framing and headers (v1/v2), RecordBatch v2 with CRC-32C, a few request
bodies and response parsers, and a raw connection that checks correlation ids.

Written from the Kafka protocol guide; nothing else is used.
"""

import socket
import struct

API_PRODUCE, API_FETCH, API_LIST_OFFSETS, API_METADATA = 0, 1, 2, 3
API_VERSIONS, API_CREATE_TOPICS = 18, 19
UNSUPPORTED_VERSION, CORRUPT_MESSAGE = 35, 2
ANSWER_SECONDS = 5  # a complete request is answered or its connection closed within this
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
