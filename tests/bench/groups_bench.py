#!/usr/bin/python3
"""Benchmarks of issue 4 (consumer groups, offsets, transactions), run by scripts/bench-groups.

Debian's /usr/bin/python3 with python3-confluent-kafka (librdkafka 2.0.2). Each scenario starts
its own `eventioz serve` (tests/kafka/harness.py: free loopback port, temporary data directory
on /tmp, stopped by PID) and prints one tab-separated line per result, in the format of
scripts/bench-kafka and ../shared/peers:

    RUN eventioz <test> <size> <durability> <client> <per_s> <MB_s> <p50_ms> <p99_ms>

Scenarios (--only, default all):
  rebalance  two consumers of a 6-partition topic are stable; a third subscribes. Time from the
             third's subscribe() to the moment all three hold their new assignment (each
             consumer process timestamps its on_assign; same machine clock). The existing
             members learn of the rebalance from their next heartbeat, so the figure includes up
             to one heartbeat.interval.ms (set to 100 ms here; librdkafka's default is 3 s).
             Reported in the p50/p99 columns over --rebalances repetitions (join, then leave).
  txn        --producers processes each producing 1 KiB records for --seconds: first plain
             (acks=all, idempotent off), then transactional with --per-txn records per
             transaction (begin, produce, commit_transaction). Throughput = records acknowledged
             (committed) per second over all processes. Same broker, same run.
  commits    8 processes (--committers) each commit offsets of their own partition in a loop,
             as simple (non-member) commits of one group: first synchronously
             (Consumer.commit(offsets=[...], asynchronous=False): one OffsetCommit round trip at
             a time, durable before the answer), then asynchronously (pipelined, what
             auto-commit does; counted when the broker's answer arrives).

    groups_bench.py --binary build/release/eventioz [--only "rebalance txn commits"] [--runs 1]
"""
import argparse
import multiprocessing as mp
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kafka"))

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition, libversion, version  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

import harness  # noqa: E402

CLIENT = "confluent-kafka %s (librdkafka %s)" % (version()[0], libversion()[0])
DURABLE = "fdatasync before ack"


def log(msg):
    print("[groups_bench] " + msg, file=sys.stderr, flush=True)


def emit(test, size, per_s, mb_s=None, p50=None, p99=None, client=CLIENT):
    fm = lambda x, f: "-" if x is None else f % x
    print("RUN\teventioz\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s" % (
        test, size, DURABLE, client, fm(per_s, "%.0f"), fm(mb_s, "%.1f"), fm(p50, "%.3f"),
        fm(p99, "%.3f")), flush=True)


def create_topic(bootstrap, topic, partitions):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for _, f in admin.create_topics([NewTopic(topic, num_partitions=partitions,
                                              replication_factor=1)]).items():
        f.result(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        tm = admin.list_topics(topic=topic, timeout=10).topics.get(topic)
        if tm and not tm.error and len(tm.partitions) == partitions:
            return
        time.sleep(0.05)
    raise SystemExit("topic %s not ready" % topic)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * (len(values) - 1) + 0.5))] if values else None


# --- rebalance -----------------------------------------------------------------------------

def group_member(bootstrap, topic, group, name, events, stop):
    """A consumer that reports (name, time, partitions) on every assignment."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                  "session.timeout.ms": 6000, "heartbeat.interval.ms": 100,
                  "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    events.put((name, "subscribe", time.time(), None))

    def on_assign(consumer, partitions):
        events.put((name, "assign", time.time(), sorted(p.partition for p in partitions)))

    c.subscribe([topic], on_assign=on_assign)
    while not stop.is_set():
        c.poll(0.01)
    c.close()


def bench_rebalance(broker, repetitions):
    topic, group = "rebalance-bench", "rebalance-bench-group"
    create_topic(broker.bootstrap, topic, 6)
    ctx = mp.get_context("fork")
    events = ctx.Queue()

    def start(name):
        stop = ctx.Event()
        p = ctx.Process(target=group_member, args=(broker.bootstrap, topic, group, name, events, stop))
        p.start()
        return p, stop

    def wait_assignments(names, since, timeout=30):
        """Time at which every member in `names` has an assignment made after `since`, with the
        partitions of all of them covering the topic once."""
        latest = {}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                name, kind, t, parts = events.get(timeout=0.5)
            except Exception:
                continue
            if kind == "assign" and t >= since:
                latest[name] = (t, parts)
            if set(latest) == set(names):
                covered = sorted(p for _, ps in latest.values() for p in ps)
                if covered == list(range(6)):
                    return max(t for t, _ in latest.values())
        raise SystemExit("rebalance did not complete within %d s: %r" % (timeout, latest))

    members = {n: start(n) for n in ("a", "b")}
    wait_assignments(["a", "b"], 0)
    joins, leaves = [], []
    for _ in range(repetitions):
        t0 = time.time()
        members["c"] = start("c")
        joins.append((wait_assignments(["a", "b", "c"], t0) - t0) * 1000)
        t0 = time.time()
        proc, stop = members.pop("c")
        stop.set()  # close(): a graceful LeaveGroup
        leaves.append((wait_assignments(["a", "b"], t0) - t0) * 1000)
        proc.join(30)
    for proc, stop in members.values():
        stop.set()
        proc.join(30)
    client = CLIENT + ", heartbeat.interval.ms=100"
    emit("group rebalance, 3rd member joins (2 -> 3 members, 6 partitions)", "-",
         None, None, statistics.median(joins), max(joins), client)
    emit("group rebalance, member leaves gracefully (3 -> 2 members)", "-",
         None, None, statistics.median(leaves), max(leaves), client)
    log("join rebalance ms: %s; leave rebalance ms: %s" % (
        ["%.0f" % x for x in joins], ["%.0f" % x for x in leaves]))


# --- transactional vs plain produce -------------------------------------------------------

def produce_worker(bootstrap, topic, index, transactional, per_txn, seconds, results):
    conf = {"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
            "queue.buffering.max.messages": 1000000}
    if transactional:
        conf["transactional.id"] = "bench-txn-%d" % index
    p = Producer(conf)
    payload = os.urandom(1024)
    acked = [0]

    def on_delivery(err, msg):
        if err is None:
            acked[0] += 1

    if transactional:
        p.init_transactions(30)
    done = 0
    t0 = time.monotonic()
    end = t0 + seconds
    while time.monotonic() < end:
        if transactional:
            p.begin_transaction()
            for _ in range(per_txn):
                p.produce(topic, payload, partition=index % 4, on_delivery=on_delivery)
            p.commit_transaction(30)  # flushes, then EndTxn: records count once committed
            done += per_txn
        else:
            for _ in range(per_txn):
                while True:
                    try:
                        p.produce(topic, payload, partition=index % 4, on_delivery=on_delivery)
                        break
                    except BufferError:
                        p.poll(0.01)
            p.poll(0)
    p.flush(60)
    elapsed = time.monotonic() - t0
    results.put((done if transactional else acked[0], elapsed))


def run_producers(bootstrap, topic, count, transactional, per_txn, seconds):
    ctx = mp.get_context("fork")
    results = ctx.Queue()
    procs = [ctx.Process(target=produce_worker,
                         args=(bootstrap, topic, i, transactional, per_txn, seconds, results))
             for i in range(count)]
    for p in procs:
        p.start()
    got = [results.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join(30)
    records = sum(n for n, _ in got)
    return records / max(s for _, s in got)


def bench_txn(broker, producers, per_txn, seconds):
    topic = "txn-bench"
    create_topic(broker.bootstrap, topic, 4)
    plain = run_producers(broker.bootstrap, topic, producers, False, per_txn, seconds)
    txn = run_producers(broker.bootstrap, topic, producers, True, per_txn, seconds)
    extra = ", %d producer processes, 4 partitions" % producers
    emit("produce acks=all, not transactional", "1024B", plain, plain * 1024 / 1e6,
         client=CLIENT + extra)
    emit("produce transactional, %d records per transaction" % per_txn, "1024B", txn,
         txn * 1024 / 1e6, client=CLIENT + extra)
    log("transactional / plain = %.2f" % (txn / plain))


# --- offset commits -----------------------------------------------------------------------

def commit_worker(bootstrap, topic, group, index, seconds, asynchronous, results):
    """Commits offsets 1, 2, 3... of one partition for `seconds`. Synchronous: one commit in
    flight, each waits for its answer. Asynchronous: commits are pipelined (at most 64 without an
    answer); only commits the broker answered without error are counted."""
    acked = [0]

    def on_commit(err, partitions):
        if err is None and all(p.error is None for p in partitions):
            acked[0] += 1

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
                  "on_commit": on_commit})
    tp = TopicPartition(topic, index % 8)  # committed without assign(): no fetching
    latencies = []
    n = 0
    t0 = time.monotonic()
    end = t0 + seconds
    while True:
        start = time.monotonic()
        if start >= end:
            break
        n += 1
        if asynchronous:
            while n - acked[0] > 64:
                c.poll(0.001)
            c.commit(offsets=[TopicPartition(topic, index % 8, n)], asynchronous=True)
            c.poll(0)
        else:
            c.commit(offsets=[TopicPartition(topic, index % 8, n)], asynchronous=False)
            latencies.append((time.monotonic() - start) * 1000)
    while asynchronous and acked[0] < n and time.monotonic() < end + 30:
        c.poll(0.01)
    elapsed = time.monotonic() - t0
    committed = c.committed([tp], timeout=10)[0].offset
    c.close()
    results.put((acked[0] if asynchronous else n, elapsed, committed == n, latencies))


def bench_commits(broker, committers, seconds):
    topic, group = "commit-bench", "commit-bench-group"
    create_topic(broker.bootstrap, topic, 8)
    ctx = mp.get_context("fork")
    for asynchronous in (False, True):
        results = ctx.Queue()
        procs = [ctx.Process(target=commit_worker, args=(broker.bootstrap, topic, group, i,
                                                         seconds, asynchronous, results))
                 for i in range(committers)]
        for p in procs:
            p.start()
        got = [results.get(timeout=seconds + 90) for _ in procs]
        for p in procs:
            p.join(30)
        if not all(last_is_committed for _, _, last_is_committed, _ in got):
            raise SystemExit("the broker does not return the last committed offset")
        total = sum(n for n, _, _, _ in got)
        lat = [x for *_, ls in got for x in ls]
        rate = total / max(s for _, s, _, _ in got)
        mode = "asynchronous (<= 64 in flight per client)" if asynchronous else "synchronous"
        emit("offset commits, %s, %d clients" % (mode, committers), "-", rate, None,
             pct(lat, 0.5), pct(lat, 0.99))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--only", default="rebalance txn commits")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--rebalances", type=int, default=5)
    ap.add_argument("--producers", type=int, default=4)
    ap.add_argument("--per-txn", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--committers", type=int, default=8)
    a = ap.parse_args()
    scenarios = a.only.split()
    for run in range(a.runs):
        for scenario in scenarios:
            broker = harness.Broker(a.binary, ["--group-initial-rebalance-delay-ms", "0"]
                                    if scenario == "rebalance" else [])
            log("run %d: %s on %s" % (run + 1, scenario, broker.bootstrap))
            try:
                broker.start()
                if scenario == "rebalance":
                    bench_rebalance(broker, a.rebalances)
                elif scenario == "txn":
                    bench_txn(broker, a.producers, a.per_txn, a.seconds)
                elif scenario == "commits":
                    bench_commits(broker, a.committers, a.seconds)
                else:
                    raise SystemExit("unknown scenario " + scenario)
            finally:
                broker.stop()
                broker.cleanup()


if __name__ == "__main__":
    main()
