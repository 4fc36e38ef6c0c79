#!/usr/bin/python3
"""Hostile and broken Kafka requests over raw sockets against `eventioz serve`.

The requests are encoded by hand (kafka_wire.py, written from the Kafka protocol guide), so
they can be broken in ways no client library would allow.

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
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position
from kafka_wire import (  # noqa: E402  pylint: disable=wrong-import-position
    API_PRODUCE,
    API_FETCH,
    API_LIST_OFFSETS,
    API_METADATA,
    API_VERSIONS,
    API_CREATE_TOPICS,
    UNSUPPORTED_VERSION,
    CORRUPT_MESSAGE,
    ANSWER_SECONDS,
    CLIENT_ID,
    Closed,
    Connection,
    Reader,
    api_versions_v3_body,
    array,
    create_topics_v0_body,
    describe,
    fetch_v4_body,
    frame,
    i16,
    i32,
    list_offsets_v1_body,
    metadata_v1_body,
    parse_api_versions_v0,
    parse_api_versions_v3,
    parse_batches,
    parse_fetch_v4,
    parse_list_offsets_v1,
    parse_metadata_v1,
    parse_produce_v3,
    peak_memory,
    produce_v3_body,
    record_batch,
    request,
    string,
)

MEMORY_SPIKE_LIMIT = 64 << 20  # peak resident memory may not grow more than this per case


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
