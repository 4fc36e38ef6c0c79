#!/usr/bin/python3
"""Crash safety of the event store: kill -9 under concurrent expected-version appends.

Eight writers append over HTTP to 40 streams of a 3-partition store, each with the expected
version it last saw (a 409 tells it the current one) and a unique event id per event. The
broker is killed with SIGKILL at random moments (4 rounds), between which the store's index
(RocksDB) is behind the log whenever an append was durable but not yet indexed; in one round the
index directory is deleted too, so the restart rebuilds it from the logs. After every restart:
  - every acknowledged append is in its stream at the version its answer gave, with its id (no
    acknowledged event lost);
  - every stream's versions are 0..n-1 with no gap, and every event in it was sent by a writer
    (nothing invented), and no event id appears twice;
  - the index agrees with the log: each partition's records read through the Kafka-style
    consume route, grouped by key, are exactly the streams' events in version order;
  - the store goes on: an append with the current version as expected succeeds.

    store_kill9_test.py <path to eventioz>      (EVENTIOZ_TEST_SEED=N repeats a run's timings)
"""

import http.client
import json
import os
import random
import shutil
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kafka"))
import harness  # noqa: E402  pylint: disable=wrong-import-position

STORE = "ledger"
PARTITIONS = 3
STREAMS = 40
WRITERS = 8
ROUNDS = 4


class Writer(threading.Thread):
    """Appends until stopped; remembers what was acknowledged and everything it sent."""

    def __init__(self, index, port, rng, log):
        super().__init__(daemon=True)
        self.index = index
        self.port = port
        self.rng = rng
        self.log = log
        self.stop = threading.Event()
        self.known = {}
        self.sequence = 0

    def run(self):
        connection = None
        while not self.stop.is_set():
            stream = f"acct-{self.rng.randrange(STREAMS)}"
            expected = self.known.get(stream, -1)
            event_id = f"w{self.index}-{self.sequence}"
            self.sequence += 1
            body = json.dumps({
                "expected_version": expected if expected >= 0 else "no_stream",
                "events": [{"type": "Deposited", "id": event_id, "data": {"amount": 1}}]})
            self.log.sent.add(event_id)
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                connection.request("POST", f"/v1/stores/{STORE}/streams/{stream}", body,
                                   {"Content-Type": "application/json"})
                answer = connection.getresponse()
                text = answer.read()
            except (OSError, http.client.HTTPException):
                connection = None
                time.sleep(0.05)  # the broker is down: try again once it is back
                continue
            if answer.status in (200, 201):
                outcome = json.loads(text)
                self.known[stream] = outcome["last_version"]
                with self.log.lock:
                    self.log.acked[event_id] = (stream, outcome["first_version"])
            elif answer.status == 409:
                self.known[stream] = json.loads(text).get("current_version", -1)
            elif answer.status == 503:
                time.sleep(0.05)
            else:
                self.log.unexpected.append((answer.status, text[:300]))


class Log:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = set()
        self.acked = {}
        self.unexpected = []


def get_json(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    answer = connection.getresponse()
    return answer.status, json.loads(answer.read() or b"null")


def read_streams(port):
    streams = {}
    for s in range(STREAMS):
        stream = f"acct-{s}"
        status, page = get_json(port, f"/v1/stores/{STORE}/streams/{stream}?limit=10000")
        if status == 404:
            continue
        assert status == 200, (status, page)
        streams[stream] = page["events"]
    return streams


def read_log(port):
    """Per stream, the event ids in log order, from the partitions' records."""
    by_key = {}
    for p in range(PARTITIONS):
        offset = 0
        while True:
            status, page = get_json(
                port, f"/v1/topics/{STORE}/records?partition={p}&offset={offset}&limit=1000")
            assert status == 200, (status, page)
            records = page["records"]
            if not records:
                break
            for record in records:
                headers = {h["key"]: h.get("value") for h in record.get("headers", [])}
                by_key.setdefault(record["key"], []).append(headers.get("ce_id"))
                offset = record["offset"] + 1
    return by_key


def verify(checks, broker, log, round_name):
    port = broker.http_port
    streams = read_streams(port)
    positions = {}
    gaps, strangers, repeated = [], [], []
    for stream, events in streams.items():
        if [e["version"] for e in events] != list(range(len(events))):
            gaps.append(stream)
        for event in events:
            if event["id"] not in log.sent:
                strangers.append(event["id"])
            if event["id"] in positions:
                repeated.append(event["id"])
            positions[event["id"]] = (stream, event["version"])
    checks.equal(f"{round_name}: streams with a gap in their versions", gaps, [])
    checks.equal(f"{round_name}: events no writer sent", strangers[:5], [])
    checks.equal(f"{round_name}: event ids found twice", repeated[:5], [])
    lost = [i for i, where in log.acked.items() if positions.get(i) != where]
    checks.equal(f"{round_name}: acknowledged appends lost or moved", lost[:5], [])
    checks.ok(f"{round_name}: some appends were acknowledged", len(log.acked) > 0)
    logged = read_log(port)
    index_view = {s: [e["id"] for e in events] for s, events in streams.items()}
    checks.equal(f"{round_name}: the index holds exactly the log's events, in order",
                 {k: v for k, v in logged.items() if v}, index_view)
    stream = next(iter(streams))
    current = streams[stream][-1]["version"]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", f"/v1/stores/{STORE}/streams/{stream}", json.dumps(
        {"expected_version": current, "events": [{"type": "Check", "id": f"check-{round_name}",
                                                   "data": {}}]}),
        {"Content-Type": "application/json"})
    answer = connection.getresponse()
    outcome = json.loads(answer.read())
    checks.equal(f"{round_name}: an append at the current version goes on", answer.status, 201)
    log.sent.add(f"check-{round_name}")
    if answer.status == 201:
        log.acked[f"check-{round_name}"] = (stream, outcome["first_version"])


def main():
    binary = sys.argv[1]
    seed = int(os.environ.get("EVENTIOZ_TEST_SEED", random.randrange(1 << 30)))
    print(f"seed {seed} (EVENTIOZ_TEST_SEED={seed} repeats the timings)")
    rng = random.Random(seed)
    checks = harness.Checks()
    broker = harness.Broker(binary)
    log = Log()
    try:
        broker.start()
        connection = http.client.HTTPConnection("127.0.0.1", broker.http_port, timeout=10)
        connection.request("POST", "/v1/stores", json.dumps(
            {"name": STORE, "partitions": PARTITIONS}), {"Content-Type": "application/json"})
        answer = connection.getresponse()
        answer.read()
        checks.equal("store created", answer.status, 201)
        writers = [Writer(i, broker.http_port, random.Random(rng.random()), log)
                   for i in range(WRITERS)]
        for writer in writers:
            writer.start()
        for round_number in range(1, ROUNDS + 1):
            time.sleep(rng.uniform(1.0, 2.5))
            broker.kill9()
            if round_number == 2:
                shutil.rmtree(os.path.join(broker.data_dir, "eventstore", "index"))
                print("round 2: deleted the index; the restart rebuilds it from the logs")
            broker.start()
            time.sleep(0.5)
        for writer in writers:
            writer.stop.set()
        for writer in writers:
            writer.join(timeout=15)
        verify(checks, broker, log, "after the kills")
        broker.kill9()
        broker.start()
        verify(checks, broker, log, "after one more restart")
        checks.equal("no unexpected answers", log.unexpected[:3], [])
        print(f"{len(log.acked)} appends acknowledged, {len(log.sent)} sent, {ROUNDS} kills")
    except Exception:
        broker.print_log()
        raise
    finally:
        broker.stop()
        broker.cleanup()
    sys.exit(checks.summary())


if __name__ == "__main__":
    main()
