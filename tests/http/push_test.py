#!/usr/bin/python3
"""Push delivery (GET /v1/topics/{topic}/events) end to end: records produced over Kafka
(confluent_kafka) arrive in order at Server-Sent Events and WebSocket subscribers; starts from an
offset, a timestamp, the beginning and the end; key and header filters; an SSE subscriber resumes
with Last-Event-ID exactly after its last event; refusals are problem+json; an idle stream gets
keep-alives; subscribers beyond the limit get 503; a subscriber that stops reading neither grows the broker's memory without bound nor
slows the others, and is disconnected after the stall timeout with the reason logged; deleting
the topic ends SSE (error event) and WebSocket (close 4404) subscriptions; a cursor or offset
past the end is refused with 416; subscriptions count in eventioz_http_requests_total; stalled
subscribers together hold no more than http.push_buffer_bytes_max; shutdown closes WebSocket
subscribers with 1001 (going away) and ends SSE streams with an error event.

The SSE and WebSocket clients are written here on raw sockets (the standard library has neither),
so the test sees exactly the bytes the broker sends.

    push_test.py <path to eventioz>
"""

import base64
import hashlib
import http.client
import json
import os
import re
import socket
import struct
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kafka"))
import harness  # noqa: E402  pylint: disable=wrong-import-position

from confluent_kafka import Producer  # noqa: E402  pylint: disable=wrong-import-position
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402  pylint: disable=C0413

STALL_TIMEOUT_MS = 5000
KEEP_ALIVE_MS = 500
SUBSCRIBERS_MAX = 6
TIMEOUT = 20


class SseClient:
    """One SSE subscription on a raw socket: the response head, then events parsed as the
    WHATWG format says (fields up to a blank line; comments start with ':')."""

    def __init__(self, http_port, path, headers=None, receive_buffer=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect(("127.0.0.1", http_port))
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          f"Accept: text/event-stream\r\n{extra}\r\n".encode())
        self.buffer = b""
        self.position = 0  # where the unparsed part of buffer starts
        self.comments = []
        self.closed = False
        self.status, self.headers = self._read_head()

    def _read_head(self):
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError(f"closed before the response head: {self.buffer!r}")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers

    def body(self):
        """The rest of a non-stream answer (problem+json)."""
        length = int(self.headers.get("content-length", "0"))
        while len(self.buffer) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            self.buffer += chunk
        return self.buffer[:length]

    def next_event(self, timeout=TIMEOUT):
        """The next event as a dict (id, event, data), or None when the stream ended."""
        deadline = time.monotonic() + timeout
        while True:
            end = self.buffer.find(b"\n\n", self.position)
            while end >= 0:
                block = self.buffer[self.position:end].decode()
                self.position = end + 2
                event = {}
                for line in block.split("\n"):
                    if line.startswith(":"):
                        self.comments.append(line)
                        continue
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if name == "data" and name in event:
                        value = event[name] + "\n" + value
                    event[name] = value
                if "data" in event:
                    return event
                end = self.buffer.find(b"\n\n", self.position)
            if self.closed:
                return None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no event in time")
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(1 << 20)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                self.closed = True
            self.buffer = self.buffer[self.position:] + chunk
            self.position = 0

    def records(self, count, timeout=TIMEOUT):
        """`count` record events: (id, record) pairs."""
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < count:
            event = self.next_event(max(0.01, deadline - time.monotonic()))
            if event is None:
                raise EOFError(f"the stream ended after {len(got)} of {count} records")
            if event.get("event") == "record":
                got.append((event.get("id"), json.loads(event["data"])))
        return got

    def nothing_more(self, seconds=0.7):
        """True when no record arrives within `seconds`."""
        try:
            event = self.next_event(seconds)
            return event is None
        except TimeoutError:
            return True

    def close(self):
        self.sock.close()


WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class WebSocketClient:
    """A minimal RFC 6455 client: the handshake (Sec-WebSocket-Accept checked), masked frames
    from the client, unmasked text/ping/close frames from the server."""

    def __init__(self, http_port, path, receive_buffer=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect(("127.0.0.1", http_port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\n\r\n".encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("closed during the handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        self.status = int(lines[0].split()[1])
        self.headers = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip()
                        for line in lines[1:]}
        expected = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest())
        self.accept_ok = self.headers.get("sec-websocket-accept", "").encode() == expected
        self.close_code = None
        self.close_reason = None
        self.pings = 0

    def _read_exactly(self, size, deadline):
        while len(self.buffer) < size:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError("the connection closed mid-frame")
            self.buffer += chunk
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def send_frame(self, opcode, payload=b""):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        else:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def next_message(self, timeout=TIMEOUT):
        """The next text message, or None after a close frame (close_code is then set)."""
        deadline = time.monotonic() + timeout
        while True:
            first, second = self._read_exactly(2, deadline)
            opcode, length = first & 0x0F, second & 0x7F
            if second & 0x80:
                raise ValueError("a server frame must not be masked")
            if length == 126:
                length = struct.unpack("!H", self._read_exactly(2, deadline))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read_exactly(8, deadline))[0]
            payload = self._read_exactly(length, deadline)
            if opcode == 0x1:
                if not first & 0x80:
                    raise ValueError("fragmented text message")
                return payload.decode()
            if opcode == 0x9:  # ping: answer
                self.pings += 1
                self.send_frame(0xA, payload)
            elif opcode == 0x8:
                self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 \
                    else None
                self.close_reason = payload[2:].decode()
                try:
                    self.send_frame(0x8, payload[:2])
                except OSError:
                    pass
                return None

    def records(self, count, timeout=TIMEOUT):
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < count:
            message = self.next_message(max(0.01, deadline - time.monotonic()))
            if message is None:
                raise EOFError(f"closed ({self.close_code}) after {len(got)} of {count}")
            got.append(json.loads(message))
        return got

    def close(self):
        self.sock.close()


def create_topic(broker, name, partitions):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    for future in admin.create_topics([NewTopic(name, partitions, 1)]).values():
        future.result(TIMEOUT)


def produce(broker, topic, records):
    """records: (key, value, headers, partition or None, timestamp or None); waits for all."""
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 5,
                         "enable.idempotence": True, "log.connection.close": False})
    failures = []
    for key, value, headers, partition, timestamp in records:
        arguments = {"key": key, "value": value, "headers": headers or None,
                     "on_delivery": lambda error, _m: error and failures.append(error)}
        if partition is not None:
            arguments["partition"] = partition
        if timestamp is not None:
            arguments["timestamp"] = timestamp
        while True:
            try:
                producer.produce(topic, **arguments)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
    left = producer.flush(TIMEOUT)
    if failures or left:
        raise RuntimeError(f"produce failed: {failures[:3]}, {left} undelivered")


def http_get(broker, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", broker.http_port, timeout=TIMEOUT)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type"), body


def in_partition_order(records):
    """True when each partition's offsets only increase."""
    last = {}
    for record in records:
        if record["offset"] <= last.get(record["partition"], -1):
            return False
        last[record["partition"]] = record["offset"]
    return True


def rss_kib(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))


def test_live_delivery(broker, checks):
    create_topic(broker, "orders", 3)
    sse = SseClient(broker.http_port, "/v1/topics/orders/events")
    checks.equal("SSE answers 200", sse.status, 200)
    checks.ok("SSE content type is text/event-stream",
              sse.headers.get("content-type", "").startswith("text/event-stream"))
    checks.equal("SSE is not cached", sse.headers.get("cache-control"), "no-cache")
    ws = WebSocketClient(broker.http_port, "/v1/topics/orders/events")
    checks.equal("WebSocket answers 101", ws.status, 101)
    checks.ok("Sec-WebSocket-Accept matches the key", ws.accept_ok)
    # Both subscribed at the end: only what is produced from now on arrives.
    records = [(f"k{i % 10}", json.dumps({"n": i}), [("ce_type", b"created")], None, None)
               for i in range(300)]
    produce(broker, "orders", records)
    sse_records = [record for _, record in sse.records(300)]
    ws_records = ws.records(300)
    for name, got in (("SSE", sse_records), ("WebSocket", ws_records)):
        checks.equal(f"{name}: every record arrived once",
                     sorted(r["value"]["n"] for r in got), list(range(300)))
        checks.ok(f"{name}: records arrive in partition order", in_partition_order(got))
        by_key = {}
        for record in got:
            by_key.setdefault(record["key"], []).append(record["value"]["n"])
        checks.ok(f"{name}: each key's records arrive in the order produced",
                  all(values == sorted(values) for values in by_key.values()))
        checks.equal(f"{name}: records carry topic, formats and headers",
                     {k: got[0][k] for k in ("topic", "key_format", "value_format", "headers")},
                     {"topic": "orders", "key_format": "text", "value_format": "json",
                      "headers": [{"key": "ce_type", "value": "created"}]})
    checks.ok("SSE: nothing more arrives", sse.nothing_more())
    sse.close()
    ws.close()


def test_start_positions_and_filters(broker, checks):
    # "orders" holds 300 records over 3 partitions from test_live_delivery.
    all_records = SseClient(broker.http_port, "/v1/topics/orders/events?offset=earliest")
    everything = all_records.records(300)
    checks.ok("offset=earliest: all 300 records, then nothing", all_records.nothing_more())
    all_records.close()

    sse = SseClient(broker.http_port, "/v1/topics/orders/events?partition=1&offset=5")
    first = sse.records(1)[0][1]
    checks.equal("partition=1&offset=5 starts there", (first["partition"], first["offset"]),
                 (1, 5))
    sse.close()

    ws = WebSocketClient(broker.http_port, "/v1/topics/orders/events?offset=earliest&key=k3")
    expected = [r for _, r in everything if r["key"] == "k3"]
    got = ws.records(len(expected))
    checks.equal("key=k3 keeps exactly the k3 records, in order",
                 [r["value"]["n"] for r in got], [r["value"]["n"] for r in expected])
    ws.close()

    create_topic(broker, "stamped", 1)
    produce(broker, "stamped",
            [(None, f"v{i}", [("ce_type", b"even" if i % 2 == 0 else b"odd")], 0,
              1_700_000_000_000 + i * 1000) for i in range(10)])
    sse = SseClient(broker.http_port, "/v1/topics/stamped/events?timestamp=1700000005500")
    got = [r for _, r in sse.records(4)]
    checks.equal("timestamp= starts at the first record at or after it",
                 [r["value"] for r in got], ["v6", "v7", "v8", "v9"])
    checks.ok("...and nothing follows", sse.nothing_more())
    sse.close()
    sse = SseClient(broker.http_port,
                    "/v1/topics/stamped/events?offset=earliest&header=ce_type:odd")
    got = [r for _, r in sse.records(5)]
    checks.equal("header=ce_type:odd keeps the records carrying it",
                 [r["value"] for r in got], ["v1", "v3", "v5", "v7", "v9"])
    sse.close()


def test_resume(broker, checks):
    full = SseClient(broker.http_port, "/v1/topics/orders/events?offset=earliest")
    everything = [(r["partition"], r["offset"]) for _, r in full.records(300)]
    full.close()
    first = SseClient(broker.http_port, "/v1/topics/orders/events?offset=earliest")
    head = first.records(117)
    first.close()
    last_id = head[-1][0]
    checks.ok("the event id is a cursor of every partition",
              re.fullmatch(r"0:\d+,1:\d+,2:\d+", last_id or ""), last_id)
    resumed = SseClient(broker.http_port, "/v1/topics/orders/events",
                        headers={"Last-Event-ID": last_id})
    tail = resumed.records(300 - 117)
    checks.ok("nothing after the resumed tail", resumed.nothing_more())
    resumed.close()
    delivered = [(r["partition"], r["offset"]) for _, r in head] + \
                [(r["partition"], r["offset"]) for _, r in tail]
    checks.equal("Last-Event-ID resumes with no gap and no duplicate", sorted(delivered),
                 sorted(everything))
    by_query = SseClient(broker.http_port, f"/v1/topics/orders/events?last_event_id={last_id}")
    checks.equal("last_event_id= resumes at the same event", by_query.records(1)[0][1],
                 tail[0][1])
    by_query.close()


def test_refusals(broker, checks):
    for path, status, slug in (
            ("/v1/topics/missing/events", 404, "unknown-topic"),
            ("/v1/topics/orders/events?partition=9", 404, "unknown-partition"),
            ("/v1/topics/orders/events?offset=soon", 400, "invalid-request"),
            ("/v1/topics/orders/events?last_event_id=0:1,0:2", 400, "invalid-request"),
            ("/v1/topics/orders/events?last_event_id=7:1", 400, "invalid-request"),
            ("/v1/topics/orders/events?header=nocolon", 400, "invalid-request")):
        code, content_type, body = http_get(broker, path)
        problem = json.loads(body) if content_type == "application/problem+json" else {}
        checks.ok(f"GET {path}: {status} problem+json {slug}",
                  code == status and problem.get("type", "").endswith("/" + slug)
                  and problem.get("detail"), f"{code} {content_type} {body[:300]!r}")
    code, _, body = http_get(broker, "/v1/topics/orders/events",
                             headers={"Last-Event-ID": "garbage"})
    checks.equal("a bad Last-Event-ID header: 400", code, 400)
    ws = WebSocketClient(broker.http_port, "/v1/topics/missing/events")
    checks.equal("a WebSocket upgrade to an unknown topic: 404 before upgrading", ws.status, 404)
    ws.close()


def test_keep_alive(broker, checks):
    sse = SseClient(broker.http_port, "/v1/topics/stamped/events")
    sse.nothing_more(KEEP_ALIVE_MS * 3 / 1000)
    checks.ok("an idle SSE stream gets ': keep-alive' comments",
              ": keep-alive" in sse.comments, sse.comments)
    sse.close()
    ws = WebSocketClient(broker.http_port, "/v1/topics/stamped/events")
    try:
        ws.next_message(KEEP_ALIVE_MS * 3 / 1000)
    except (TimeoutError, socket.timeout):
        pass
    checks.ok("an idle WebSocket gets pings", ws.pings > 0)
    ws.close()


def test_slow_subscriber(broker, checks):
    """A subscriber that stops reading is paused with bounded memory, then disconnected after the
    stall timeout; a normal subscriber of the same topic keeps receiving meanwhile."""
    create_topic(broker, "bulk", 1)
    value = b"x" * 1024
    produce(broker, "bulk", [(None, value, None, 0, None) for _ in range(4000)])  # warm-up
    slow = SseClient(broker.http_port, "/v1/topics/bulk/events?offset=earliest",
                     receive_buffer=4096)
    slow_ws = WebSocketClient(broker.http_port, "/v1/topics/bulk/events?offset=earliest",
                              receive_buffer=4096)
    normal = SseClient(broker.http_port, "/v1/topics/bulk/events?offset=earliest")
    received = []
    reader = threading.Thread(target=lambda: received.extend(normal.records(4000 + 40000, 60)))
    reader.start()
    time.sleep(0.3)  # the slow subscriber's first chunk is in flight
    rss_before = rss_kib(broker.pid)
    produce(broker, "bulk", [(None, value, None, 0, None) for _ in range(40000)])  # ~40 MB
    reader.join(60)
    rss_after = rss_kib(broker.pid)
    still_connected = "read nothing of what it was sent" not in open(
        broker.log_path, encoding="utf-8", errors="replace").read()
    harness.say(f"RSS {rss_before} KiB -> {rss_after} KiB; the slow subscriber was "
                f"{'still' if still_connected else 'no longer'} connected when measured")
    checks.equal("the normal subscriber got every record meanwhile", len(received), 44000)
    growth_mib = (rss_after - rss_before) / 1024
    checks.ok(f"the broker's memory did not follow the unread 40 MB (RSS grew {growth_mib:.1f} "
              "MiB)", growth_mib < 24)
    # Disconnected after the stall timeout, the reason in the log.
    logged = harness.wait_for(lambda: "read nothing of what it was sent" in open(
        broker.log_path, encoding="utf-8", errors="replace").read(),
        STALL_TIMEOUT_MS / 1000 + 10)
    checks.ok("the stalled subscriber's disconnection is logged with its reason", logged)
    ws_logged = harness.wait_for(lambda: "disconnected a WebSocket subscriber of 'bulk'" in open(
        broker.log_path, encoding="utf-8", errors="replace").read(), 10)
    checks.ok("so is the stalled WebSocket subscriber's", ws_logged)
    slow_ws.close()
    ended = False
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            slow.sock.settimeout(2)
            if not slow.sock.recv(1 << 20):
                ended = True
                break
    except ConnectionResetError:
        ended = True
    except OSError:
        pass
    checks.ok("the stalled subscriber's connection was closed", ended)
    slow.close()
    normal.close()


def open_when_admitted(broker, path, seconds=5):
    """An SSE subscription, retried while the broker still counts subscribers that just left
    (it notices a closed socket asynchronously); None if never admitted."""
    def attempt():
        client = SseClient(broker.http_port, path)
        if client.status == 200:
            return client
        client.close()
        return None
    return harness.wait_for(attempt, seconds)


def test_subscriber_limit(broker, checks):
    path = "/v1/topics/orders/events"
    held = [open_when_admitted(broker, path) for _ in range(SUBSCRIBERS_MAX)]
    checks.ok(f"{SUBSCRIBERS_MAX} subscribers are admitted", all(held))
    refused = SseClient(broker.http_port, path)
    problem = json.loads(refused.body() or b"{}")
    checks.ok("one more is refused: 503 too-many-subscribers",
              refused.status == 503 and problem.get("type", "").endswith("/too-many-subscribers"),
              f"{refused.status} {problem}")
    refused.close()
    held.pop().close()
    again = open_when_admitted(broker, path)
    checks.ok("a subscriber that leaves frees its place", again is not None)
    for client in held + [again]:
        if client:
            client.close()


def delete_topic(broker, name):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    for future in admin.delete_topics([name]).values():
        future.result(TIMEOUT)


def test_deleting_the_topic_ends_subscriptions(broker, checks):
    """A subscription held a deleted topic's closed log and sent keep-alives forever."""
    create_topic(broker, "doomed", 1)
    sse = SseClient(broker.http_port, "/v1/topics/doomed/events")
    ws = WebSocketClient(broker.http_port, "/v1/topics/doomed/events")
    produce(broker, "doomed", [(b"k", b"v", None, None, None)])
    checks.equal("the SSE subscriber gets the record", len(sse.records(1)), 1)
    checks.equal("the WebSocket subscriber gets the record", len(ws.records(1)), 1)
    delete_topic(broker, "doomed")
    # The keep-alive tick (KEEP_ALIVE_MS) notices; a few seconds is generous.
    farewell = sse.next_event(5)
    checks.equal("deleting the topic ends an SSE subscription with an error event",
                 (farewell or {}).get("event"), "error")
    checks.equal("...saying the topic was deleted",
                 json.loads((farewell or {}).get("data", "{}")),
                 {"reason": "topic 'doomed' was deleted"})
    checks.equal("...then the stream ends", sse.next_event(5), None)
    checks.equal("deleting the topic sends the WebSocket subscriber a close frame",
                 ws.next_message(5), None)
    checks.equal("...with code 4404", ws.close_code, 4404)
    checks.equal("...and the reason", ws.close_reason, "topic 'doomed' was deleted")
    sse.close()
    ws.close()
    # A cursor of the deleted topic does not fit the topic created again under its name.
    create_topic(broker, "doomed", 1)
    code, content_type, body = http_get(broker, "/v1/topics/doomed/events",
                                        headers={"Last-Event-ID": "0:1"})
    problem = json.loads(body) if content_type == "application/problem+json" else {}
    checks.ok("a cursor from the deleted topic, past the new one's end: 416 offset-out-of-range",
              code == 416 and problem.get("type", "").endswith("/offset-out-of-range")
              and problem.get("high_watermark") == 0, f"{code} {body[:300]!r}")


def test_cursor_past_the_end_is_refused(broker, checks):
    """A cursor or offset past the high watermark used to wait silently (forever)."""
    for path, headers in (("/v1/topics/orders/events", {"Last-Event-ID": "0:999999999"}),
                          ("/v1/topics/orders/events?offset=999999999", {}),
                          ("/v1/topics/orders/events?partition=1&offset=999999999", {})):
        code, content_type, body = http_get(broker, path, headers)
        problem = json.loads(body) if content_type == "application/problem+json" else {}
        checks.ok(f"GET {path} {headers}: 416 problem+json offset-out-of-range",
                  code == 416 and problem.get("type", "").endswith("/offset-out-of-range")
                  and "offset=latest" in problem.get("detail", ""),
                  f"{code} {content_type} {body[:300]!r}")
    ws = WebSocketClient(broker.http_port, "/v1/topics/orders/events?offset=999999999")
    checks.equal("a WebSocket upgrade past the end: 416 before upgrading", ws.status, 416)
    ws.close()
    # The high watermark itself is valid: the subscription waits for the next record.
    at_end = SseClient(broker.http_port, "/v1/topics/doomed/events?partition=0&offset=0")
    checks.equal("an offset equal to the high watermark is accepted", at_end.status, 200)
    produce(broker, "doomed", [(b"k", b"first", None, 0, None)])
    checks.equal("...and gets the next record", at_end.records(1)[0][1]["offset"], 0)
    at_end.close()


def http_request_count(broker, code):
    _, _, body = http_get(broker, "/metrics")
    total = 0.0
    for line in body.decode().splitlines():
        if line.startswith("eventioz_http_requests_total{") and \
                'route="/v1/topics/{topic}/events"' in line and f'code="{code}"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_push_requests_are_counted(broker, checks):
    """Push subscriptions never reached eventioz_http_requests_total."""
    before = {code: http_request_count(broker, code) for code in (200, 101, 404)}
    sse = SseClient(broker.http_port, "/v1/topics/orders/events")
    ws = WebSocketClient(broker.http_port, "/v1/topics/orders/events")
    http_get(broker, "/v1/topics/missing/events")
    after = {code: http_request_count(broker, code) for code in (200, 101, 404)}
    checks.equal("an SSE subscription counts once with 200", after[200] - before[200], 1)
    checks.equal("a WebSocket subscription counts once with 101", after[101] - before[101], 1)
    checks.equal("a refused subscription counts with its status", after[404] - before[404], 1)
    _, _, body = http_get(broker, "/metrics")
    checks.ok("and its duration under the route template",
              'eventioz_http_request_duration_seconds_count{route="/v1/topics/{topic}/events"}'
              in body.decode())
    sse.close()
    ws.close()


def gauge(http_port, name):
    connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=TIMEOUT)
    connection.request("GET", "/metrics")
    body = connection.getresponse().read().decode()
    connection.close()
    for line in body.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def test_stalled_subscribers_share_a_bounded_buffer_budget(broker, checks):
    """Each stalled subscriber held up to ~2 MiB until its stall timeout, however many there
    were; now all together hold about http.push_buffer_bytes_max, and the others pause."""
    budget = 1 << 20
    os.environ["EVENTIOZ_HTTP_PUSH_BUFFER_BYTES_MAX"] = str(budget)
    small = harness.Broker(sys.argv[1], ["--http-push-stall-timeout-ms", "3000"])
    try:
        small.start()  # it inherits the environment
    finally:
        del os.environ["EVENTIOZ_HTTP_PUSH_BUFFER_BYTES_MAX"]
    clients = []
    try:
        create_topic(small, "bulk", 1)
        value = b"y" * 1024
        produce(small, "bulk", [(None, value, None, 0, None) for _ in range(8000)])
        path = "/v1/topics/bulk/events?offset=earliest"
        clients = [SseClient(small.http_port, path, receive_buffer=4096)
                   for _ in range(SUBSCRIBERS_MAX - 1)]
        peak = 0.0
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            peak = max(peak, gauge(small.http_port, "eventioz_push_buffer_bytes") or 0)
            time.sleep(0.05)
        harness.say(f"push buffers held by {len(clients)} stalled subscribers: {peak:.0f} bytes "
                    f"(budget {budget})")
        checks.ok("stalled subscribers hold some buffer", peak > 0)
        # Each subscriber's chunk may go past its reservation by one record (~1.2 KiB here).
        checks.ok("...but together no more than the budget (and a record each)",
                  peak <= budget + len(clients) * 4096, peak)
        normal = SseClient(small.http_port, path)
        clients.append(normal)
        got = normal.records(8000, 30)
        checks.equal("a subscriber paused by the spent budget gets every record once the stalled "
                     "ones are disconnected", len(got), 8000)
        for client in clients:
            client.close()
        released = harness.wait_for(
            lambda: gauge(small.http_port, "eventioz_push_buffer_bytes") == 0, 10)
        checks.ok("every buffer byte is given back when the subscribers are gone", released)
    finally:
        for client in clients:
            client.close()
        checks.equal("the small-budget broker exits 0", small.stop(), 0)


def test_shutdown_closes_websockets(broker, checks):
    ws = WebSocketClient(broker.http_port, "/v1/topics/orders/events")
    sse = SseClient(broker.http_port, "/v1/topics/orders/events")
    stopper = threading.Thread(target=lambda: checks.equal("the broker exits 0 on SIGTERM",
                                                           broker.stop(), 0))
    stopper.start()
    checks.equal("shutdown: the WebSocket gets a close frame", ws.next_message(10), None)
    checks.equal("...with 1001 going away", ws.close_code, 1001)
    farewell = sse.next_event(10)
    checks.equal("shutdown: the SSE stream's last event says why",
                 (farewell or {}).get("event"), "error")
    checks.equal("...with the reason", json.loads((farewell or {}).get("data", "{}")),
                 {"reason": "the broker is shutting down"})
    checks.equal("...then it ends", sse.next_event(10), None)
    stopper.join()
    ws.close()
    sse.close()


def test(broker, checks):
    if broker.external:
        harness.say("push_test needs its own broker (HTTP, log, pid): skipped")
        return
    for part in (test_live_delivery, test_start_positions_and_filters, test_resume,
                 test_refusals, test_keep_alive, test_slow_subscriber, test_subscriber_limit,
                 test_deleting_the_topic_ends_subscriptions, test_cursor_past_the_end_is_refused,
                 test_push_requests_are_counted,
                 test_stalled_subscribers_share_a_bounded_buffer_budget,
                 test_shutdown_closes_websockets):
        with checks.step(part.__name__):
            part(broker, checks)


if __name__ == "__main__":
    os.environ["EVENTIOZ_HTTP_PUSH_KEEP_ALIVE_MS"] = str(KEEP_ALIVE_MS)
    os.environ["EVENTIOZ_HTTP_PUSH_SUBSCRIBERS_MAX"] = str(SUBSCRIBERS_MAX)
    harness.run_test(test, ["--http-push-stall-timeout-ms", str(STALL_TIMEOUT_MS)])
