#!/usr/bin/python3
"""Event-store subscriptions end to end (GET /v1/stores/{store}/events and
GET /v1/stores/{store}/streams/{stream}/events) over Server-Sent Events and WebSocket: a stream's
events from a version (catch-up), then its new events (live), with their versions; the whole
store from the start or the end, filtered by type; resuming with Last-Event-ID (a version for a
stream, the cursor for a store) with no gap and no duplicate; deleting a stream ends its
subscriptions (SSE error event, WebSocket close 4410) and later ones are refused (410);
refusals are problem+json before the answer starts.

Events are appended with HTTP produce to the store's topic (every append to a store passes its
stream guard, which gives versions), deleted with a tombstone; the SSE and WebSocket clients are
push_test.py's (raw sockets: the test sees exactly the bytes the broker sends).

    store_push_test.py <path to eventioz>
"""

import http.client
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kafka"))
import harness  # noqa: E402  pylint: disable=wrong-import-position
from push_test import (  # noqa: E402  pylint: disable=wrong-import-position
    SseClient, WebSocketClient, http_get, in_partition_order)

TIMEOUT = 20
STORE = "bank"
PARTITIONS = 3


def http_call(broker, method, path, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", broker.http_port, timeout=TIMEOUT)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    connection.request(method, path, body=json.dumps(body) if body is not None else None,
                       headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, json.loads(data) if data else None


class Store:
    """The store's events as appended: (stream, version, partition, offset, type, data)."""

    def __init__(self, broker):
        self.broker = broker
        self.appended = []
        self.versions = {}  # stream -> next version
        self.next_id = 0

    def append(self, stream, events):
        """events: (type, data) pairs, appended as one produce request (one batch)."""
        records = []
        for event_type, data in events:
            self.next_id += 1
            records.append({"key": stream, "value": data,
                            "headers": {"ce_id": f"e-{self.next_id}", "ce_type": event_type,
                                        "content-type": "application/json"}})
        status, answer = http_call(self.broker, "POST", f"/v1/topics/{STORE}/records",
                                   {"records": records})
        if status != 200 or any("error" in result for result in answer["results"]):
            raise RuntimeError(f"appending to {stream} failed: {status} {answer}")
        for (event_type, data), result in zip(events, answer["results"]):
            version = self.versions.get(stream, 0)
            self.versions[stream] = version + 1
            self.appended.append({"stream": stream, "version": version,
                                  "partition": result["partition"], "offset": result["offset"],
                                  "type": event_type, "data": data})

    def delete(self, stream):
        status, answer = http_call(self.broker, "POST", f"/v1/topics/{STORE}/records",
                                   {"records": [{"key": stream, "value": None}]})
        if status != 200 or "error" in answer["results"][0]:
            raise RuntimeError(f"deleting {stream} failed: {status} {answer}")

    def of(self, stream, from_version=0):
        return [e for e in self.appended if e["stream"] == stream and e["version"] >= from_version]


def essentials(event):
    return {key: event.get(key) for key in
            ("stream", "version", "partition", "offset", "type", "data")}


def sse_events(client, count, timeout=TIMEOUT):
    """`count` store events from an SSE client: (id, event JSON) pairs."""
    got = []
    while len(got) < count:
        event = client.next_event(timeout)
        if event is None:
            raise EOFError(f"the stream ended after {len(got)} of {count} events")
        if event.get("event") == "event":
            got.append((event.get("id"), json.loads(event["data"])))
        elif event.get("event") == "error":
            raise EOFError(f"the stream ended with {event['data']} after {len(got)} events")
    return got


def ws_events(client, count):
    return client.records(count)


def nothing_more(client):
    """True when no event arrives for a while (SSE or WebSocket)."""
    if isinstance(client, SseClient):
        return client.nothing_more()
    try:
        return client.next_message(0.7) is None
    except (TimeoutError, OSError):
        return True


def test_stream_catch_up_then_live(broker, checks, store):
    store.append("acct-1", [("opened", {"owner": "ada"}), ("deposited", {"amount": 5})])
    store.append("acct-2", [("opened", {"owner": "bob"})])
    store.append("acct-1", [("deposited", {"amount": 7})])
    path = f"/v1/stores/{STORE}/streams/acct-1/events"
    sse = SseClient(broker.http_port, path)
    checks.equal("SSE answers 200 text/event-stream",
                 (sse.status, sse.headers.get("content-type", "").split(";")[0]),
                 (200, "text/event-stream"))
    ws = WebSocketClient(broker.http_port, path)
    checks.equal("WebSocket answers 101", ws.status, 101)
    expected = [essentials(e) for e in store.of("acct-1")]
    got = sse_events(sse, 3)
    checks.equal("SSE catch-up: the stream's events in version order",
                 [essentials(e) for _, e in got], expected)
    checks.equal("SSE ids are the versions", [i for i, _ in got], ["0", "1", "2"])
    checks.ok("each event carries its id and content type",
              all(e.get("id") and e.get("content_type") == "application/json"
                  and isinstance(e.get("timestamp"), int) for _, e in got), got[0][1])
    checks.equal("WebSocket catch-up: the same events",
                 [essentials(e) for e in ws_events(ws, 3)], expected)
    store.append("acct-2", [("deposited", {"amount": 1})])
    store.append("acct-1", [("withdrawn", {"amount": 2}), ("deposited", {"amount": 3})])
    live = [essentials(e) for e in store.of("acct-1", 3)]
    got = sse_events(sse, 2)
    checks.equal("SSE live: the new events with the next versions",
                 [essentials(e) for _, e in got], live)
    checks.equal("...and ids", [i for i, _ in got], ["3", "4"])
    checks.equal("WebSocket live: the same", [essentials(e) for e in ws_events(ws, 2)], live)
    checks.ok("SSE: other streams' events are not delivered", nothing_more(sse))
    checks.ok("WebSocket: nor there", nothing_more(ws))
    sse.close()
    ws.close()

    # A stream with no events yet: its first event is version 0.
    sse = SseClient(broker.http_port, f"/v1/stores/{STORE}/streams/acct-new/events")
    ws = WebSocketClient(broker.http_port, f"/v1/stores/{STORE}/streams/acct-new/events")
    checks.ok("a stream without events: nothing yet", nothing_more(sse))
    store.append("acct-new", [("opened", {"owner": "cy"})])
    expected = [essentials(e) for e in store.of("acct-new")]
    checks.equal("...its first event arrives live as version 0",
                 [essentials(e) for _, e in sse_events(sse, 1)], expected)
    checks.equal("...over WebSocket too", [essentials(e) for e in ws_events(ws, 1)], expected)
    sse.close()
    ws.close()


def test_stream_from_version_and_resume(broker, checks, store):
    path = f"/v1/stores/{STORE}/streams/acct-1/events"
    sse = SseClient(broker.http_port, path + "?from_version=2")
    checks.equal("from_version=2 starts at version 2",
                 [e["version"] for _, e in sse_events(sse, 3)], [2, 3, 4])
    checks.ok("...then nothing", nothing_more(sse))
    sse.close()

    first = SseClient(broker.http_port, path)
    head = sse_events(first, 2)
    first.close()
    resumed = SseClient(broker.http_port, path, headers={"Last-Event-ID": head[-1][0]})
    tail = sse_events(resumed, 3)
    store.append("acct-1", [("deposited", {"amount": 11})])
    tail += sse_events(resumed, 1)
    checks.equal("Last-Event-ID resumes at the next version: no gap, no duplicate, then live",
                 [e["version"] for _, e in head + tail], list(range(6)))
    checks.ok("...then nothing", nothing_more(resumed))
    resumed.close()
    by_query = WebSocketClient(broker.http_port, path + "?last_event_id=4")
    checks.equal("last_event_id= resumes a WebSocket the same way",
                 [e["version"] for e in ws_events(by_query, 1)], [5])
    by_query.close()

    # A from_version past the stream's end: delivery starts when that version is appended.
    ahead = SseClient(broker.http_port, path + "?from_version=7")
    checks.ok("from_version past the end: nothing yet", nothing_more(ahead))
    store.append("acct-1", [("deposited", {"amount": 1}), ("deposited", {"amount": 2})])
    got = sse_events(ahead, 1)
    checks.equal("...then exactly from that version", [(i, e["version"]) for i, e in got],
                 [("7", 7)])
    ahead.close()


def test_store_catch_up_then_live(broker, checks, store):
    path = f"/v1/stores/{STORE}/events"
    everything = sorted((essentials(e) for e in store.appended),
                        key=lambda e: (e["partition"], e["offset"]))
    sse = SseClient(broker.http_port, path + "?from=earliest")
    ws = WebSocketClient(broker.http_port, path + "?from=earliest")
    got = sse_events(sse, len(everything))
    checks.equal("SSE from=earliest: every event of the store, with its version",
                 sorted((essentials(e) for _, e in got),
                        key=lambda e: (e["partition"], e["offset"])), everything)
    checks.ok("...each partition in offset order", in_partition_order([e for _, e in got]))
    checks.ok("SSE ids are cursors of every partition",
              all(re.fullmatch(r"0:\d+,1:\d+,2:\d+", i or "") for i, _ in got), got[-1][0])
    ws_got = ws_events(ws, len(everything))
    checks.equal("WebSocket from=earliest: the same events",
                 sorted((essentials(e) for e in ws_got),
                        key=lambda e: (e["partition"], e["offset"])), everything)
    live_only = SseClient(broker.http_port, path)  # from=end by default
    checks.ok("the default (from=end): nothing old", nothing_more(live_only))
    store.append("acct-3", [("opened", {"owner": "di"}), ("deposited", {"amount": 9})])
    live = [essentials(e) for e in store.of("acct-3")]
    for name, client in (("SSE", sse), ("SSE from=end", live_only)):
        checks.equal(f"{name} live: the new events",
                     [essentials(e) for _, e in sse_events(client, 2)], live)
    checks.equal("WebSocket live: the new events", [essentials(e) for e in ws_events(ws, 2)],
                 live)
    for client in (sse, ws, live_only):
        client.close()


def test_store_types_and_resume(broker, checks, store):
    path = f"/v1/stores/{STORE}/events"
    deposits = sorted((essentials(e) for e in store.appended if e["type"] == "deposited"),
                      key=lambda e: (e["partition"], e["offset"]))
    sse = SseClient(broker.http_port, path + "?from=earliest&types=deposited")
    got = sse_events(sse, len(deposits))
    checks.equal("types=deposited keeps exactly the deposits",
                 sorted((essentials(e) for _, e in got),
                        key=lambda e: (e["partition"], e["offset"])), deposits)
    checks.ok("...and nothing else", nothing_more(sse))
    sse.close()
    sse = SseClient(broker.http_port, path + "?from=earliest&types=opened,withdrawn")
    expected = sum(1 for e in store.appended if e["type"] in ("opened", "withdrawn"))
    got = sse_events(sse, expected)
    checks.ok("types=opened,withdrawn keeps both types",
              {e["type"] for _, e in got} == {"opened", "withdrawn"}, got)
    checks.ok("...and nothing else", nothing_more(sse))
    sse.close()

    total = len(store.appended)
    first = SseClient(broker.http_port, path + "?from=earliest")
    head = sse_events(first, total // 2)
    first.close()
    resumed = SseClient(broker.http_port, path, headers={"Last-Event-ID": head[-1][0]})
    tail = sse_events(resumed, total - len(head))
    checks.ok("nothing after the resumed tail", nothing_more(resumed))
    delivered = [(e["partition"], e["offset"]) for _, e in head + tail]
    checks.equal("Last-Event-ID resumes the store with no gap and no duplicate",
                 sorted(delivered), sorted((e["partition"], e["offset"]) for e in store.appended))
    store.append("acct-4", [("opened", {"owner": "ed"})])
    checks.equal("...then live", [essentials(e) for _, e in sse_events(resumed, 1)],
                 [essentials(e) for e in store.of("acct-4")])
    resumed.close()
    offsets = ",".join(f"{p}:0" for p in range(PARTITIONS))
    by_offsets = SseClient(broker.http_port, path + f"?offsets={offsets}")
    checks.equal("offsets=P:0,... starts every partition at its start",
                 len(sse_events(by_offsets, len(store.appended))), len(store.appended))
    by_offsets.close()


def test_deleting_a_stream_ends_its_subscriptions(broker, checks, store):
    store.append("acct-gone", [("opened", {"owner": "fay"})])
    path = f"/v1/stores/{STORE}/streams/acct-gone/events"
    sse = SseClient(broker.http_port, path)
    ws = WebSocketClient(broker.http_port, path)
    sse_events(sse, 1)
    ws_events(ws, 1)
    whole = SseClient(broker.http_port, f"/v1/stores/{STORE}/events")
    store.delete("acct-gone")
    farewell = sse.next_event(TIMEOUT)
    checks.equal("SSE: the deletion ends the stream with an error event",
                 (farewell or {}).get("event"), "error")
    checks.equal("...saying why", json.loads((farewell or {}).get("data", "{}")),
                 {"reason": f"stream 'acct-gone' of store '{STORE}' was deleted"})
    checks.equal("...then the stream ends", sse.next_event(TIMEOUT), None)
    checks.equal("WebSocket: closed with 4410", (ws.next_message(TIMEOUT), ws.close_code),
                 (None, 4410))
    checks.ok("...and the reason", "was deleted" in (ws.close_reason or ""), ws.close_reason)
    checks.ok("a store subscription does not deliver the tombstone", nothing_more(whole))
    store.append("acct-5", [("opened", {"owner": "gus"})])
    checks.equal("...and goes on", [e["stream"] for _, e in sse_events(whole, 1)], ["acct-5"])
    for client in (sse, ws, whole):
        client.close()
    code, content_type, body = http_get(broker, path)
    problem = json.loads(body) if content_type == "application/problem+json" else {}
    checks.ok("subscribing to a deleted stream: 410 stream-deleted",
              code == 410 and problem.get("type", "").endswith("/stream-deleted"),
              f"{code} {body[:300]!r}")


def test_refusals(broker, checks, _store):
    status, _ = http_call(broker, "POST", "/v1/topics", {"name": "plain", "partitions": 1})
    checks.equal("a plain topic is created", status, 201)
    stream = f"/v1/stores/{STORE}/streams/acct-1/events"
    for path, headers, status, slug in (
            ("/v1/stores/missing/events", {}, 404, "store-not-found"),
            ("/v1/stores/missing/streams/a/events", {}, 404, "store-not-found"),
            ("/v1/stores/plain/events", {}, 404, "not-a-store"),
            ("/v1/stores/plain/streams/a/events", {}, 404, "not-a-store"),
            (stream + "?from_version=-1", {}, 400, "invalid-request"),
            (stream + "?from_version=soon", {}, 400, "invalid-request"),
            (stream, {"Last-Event-ID": "0:3"}, 400, "invalid-request"),
            (stream + "?offsets=0:1", {}, 400, "invalid-request"),
            (f"/v1/stores/{STORE}/events?from=latest", {}, 400, "invalid-request"),
            (f"/v1/stores/{STORE}/events?types=a,,b", {}, 400, "invalid-request"),
            (f"/v1/stores/{STORE}/events", {"Last-Event-ID": "7"}, 400, "invalid-request"),
            (f"/v1/stores/{STORE}/events?offsets=9:0", {}, 400, "invalid-request"),
            (f"/v1/stores/{STORE}/events?offsets=0:99999", {}, 416, "offset-out-of-range")):
        code, content_type, body = http_get(broker, path, headers)
        problem = json.loads(body) if content_type == "application/problem+json" else {}
        checks.ok(f"GET {path} {headers or ''}: {status} problem+json {slug}",
                  code == status and problem.get("type", "").endswith("/" + slug)
                  and problem.get("detail"), f"{code} {content_type} {body[:300]!r}")
    ws = WebSocketClient(broker.http_port, "/v1/stores/missing/streams/a/events")
    checks.equal("a WebSocket upgrade to an unknown store: 404 before upgrading", ws.status, 404)
    ws.close()


def test(broker, checks):
    if broker.external:
        harness.say("store_push_test needs its own broker: skipped")
        return
    status, answer = http_call(broker, "POST", "/v1/topics",
                               {"name": STORE, "partitions": PARTITIONS,
                                "configs": {"eventioz.store": "true"}})
    if not checks.equal("the store is created", status, 201):
        harness.say(f"{answer}")
        return
    store = Store(broker)
    for part in (test_stream_catch_up_then_live, test_stream_from_version_and_resume,
                 test_store_catch_up_then_live, test_store_types_and_resume,
                 test_deleting_a_stream_ends_its_subscriptions, test_refusals):
        with checks.step(part.__name__):
            part(broker, checks, store)


if __name__ == "__main__":
    harness.run_test(test)
