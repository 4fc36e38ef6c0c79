#!/usr/bin/python3
"""Consumer-group benchmarks with Debian's python3-confluent-kafka (librdkafka), in the RUN line
format of scripts/bench-kafka and ../shared/peers:

    RUN <system> <test> <size> <durability> <client> <per_s> <MB_s> <p50_ms> <p99_ms>

    groups_bench_client.py commits --bootstrap H:P [--clients 8] [--count 20000]
        --clients processes, each in its own group, commit --count offsets asynchronously (at
        most --in-flight unacknowledged each) to a 4-partition topic; the rate is all commits
        acknowledged over the time from the first commit to the last acknowledgement. Each
        commit is acknowledged by the broker only once durable (fsynced).
    groups_bench_client.py rebalance --bootstrap H:P [--rounds 5]
        two consumers form a stable group over 6 partitions; a third joins. The time from the
        third one's subscribe() to the moment all three hold their new assignment (p50/p99 over
        the rounds, each in a fresh group). heartbeat.interval.ms is 100: existing members learn
        of a rebalance from their next heartbeat, so librdkafka's default (3000) alone would
        dominate the figure.
"""
import argparse
import multiprocessing
import statistics
import sys
import threading
import time

from confluent_kafka import Consumer, TopicPartition, libversion, version
from confluent_kafka.admin import AdminClient, NewTopic

CLIENT = "confluent-kafka %s (librdkafka %s)" % (version()[0], libversion()[0])


def log(message):
    print("[groups_bench_client] " + message, file=sys.stderr, flush=True)


def emit(args, test, rate, p50=None, p99=None):
    shown = lambda x: "-" if x is None else "%.3f" % x  # noqa: E731
    print("RUN\t%s\t%s\t-\t%s\t%s\t%.0f\t-\t%s\t%s" % (args.system, test, args.durability, CLIENT,
                                                    rate, shown(p50), shown(p99)), flush=True)


def ensure_topic(bootstrap, topic, partitions):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for future in admin.create_topics([NewTopic(topic, partitions, 1)]).values():
        try:
            future.result(30)
        except Exception as error:  # pylint: disable=broad-except
            if "TOPIC_ALREADY_EXISTS" not in str(error):
                raise


def commit_worker(bootstrap, topic, group, count, in_flight, start, results):
    acknowledged = [0]
    failures = [0]

    def on_commit(error, _partitions):
        acknowledged[0] += 1
        if error is not None:
            failures[0] += 1

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                         "enable.auto.commit": False, "on_commit": on_commit})
    consumer.commit(offsets=[TopicPartition(topic, 0, 0)], asynchronous=False)  # coordinator
    acknowledged[0] = 0
    start.wait()
    began = time.monotonic()
    for index in range(count):
        consumer.commit(offsets=[TopicPartition(topic, index % 4, index)], asynchronous=True)
        while index + 1 - acknowledged[0] > in_flight:
            consumer.poll(0.001)
    while acknowledged[0] < count:
        consumer.poll(0.01)
    results.put((began, time.monotonic(), count, failures[0]))
    consumer.close()


def commits(args):
    topic = "groups-bench-commits"
    ensure_topic(args.bootstrap, topic, 4)
    start = multiprocessing.Event()
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=commit_worker, args=(
        args.bootstrap, topic, f"groups-bench-{index}-{time.time_ns()}", args.count,
        args.in_flight, start, results)) for index in range(args.clients)]
    for worker in workers:
        worker.start()
    time.sleep(2)  # every worker connected and found its coordinator
    start.set()
    outcomes = [results.get(timeout=args.deadline) for _ in workers]
    for worker in workers:
        worker.join()
    began = min(o[0] for o in outcomes)
    ended = max(o[1] for o in outcomes)
    total = sum(o[2] for o in outcomes)
    failed = sum(o[3] for o in outcomes)
    if failed:
        log(f"{failed} commits failed")
    emit(args, f"offset commits, {args.clients} clients, {args.in_flight} in flight each",
         total / (ended - began))


def rebalance_round(bootstrap, topic, group):
    assigned = {}
    lock = threading.Lock()
    stop = threading.Event()

    def member(name, ready):
        def on_assign(_consumer, partitions):
            with lock:
                assigned.setdefault(name, []).append((time.monotonic(), len(partitions)))

        consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                             "session.timeout.ms": 6000, "heartbeat.interval.ms": 100})
        ready.append(time.monotonic())
        consumer.subscribe([topic], on_assign=on_assign)
        while not stop.is_set():
            consumer.poll(0.02)
        consumer.close()

    threads = []
    for name in ("a", "b"):
        thread = threading.Thread(target=member, args=(name, []))
        thread.start()
        threads.append(thread)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with lock:
            if sum(entries[-1][1] for entries in assigned.values()) == 6 and len(assigned) == 2:
                break
        time.sleep(0.02)
    time.sleep(0.5)
    joined = []
    third = threading.Thread(target=member, args=("c", joined))
    third.start()
    threads.append(third)
    finished = None
    while time.monotonic() < deadline + 20:
        with lock:
            latest = {name: entries[-1] for name, entries in assigned.items()}
            if len(latest) == 3 and sum(n for _t, n in latest.values()) == 6 and all(
                    t > joined[0] for t, _n in latest.values()):
                finished = max(t for t, _n in latest.values())
                break
        time.sleep(0.005)
    stop.set()
    for thread in threads:
        thread.join()
    if finished is None:
        raise SystemExit("the third member's rebalance did not complete")
    return (finished - joined[0]) * 1000


def rebalance(args):
    topic = "groups-bench-rebalance"
    ensure_topic(args.bootstrap, topic, 6)
    times = sorted(rebalance_round(args.bootstrap, topic, f"groups-bench-rb-{round_}-"
                                   f"{time.time_ns()}") for round_ in range(args.rounds))
    log("rebalance ms: " + " ".join("%.0f" % t for t in times))
    emit(args, "rebalance of 3 members after a join (heartbeat 100 ms)", 1000 / statistics.median(
        times), statistics.median(times), times[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["commits", "rebalance"])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--count", type=int, default=20000, help="commits per client")
    parser.add_argument("--in-flight", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--deadline", type=float, default=120.0)
    parser.add_argument("--system", default="eventioz")
    parser.add_argument("--durability", default="fdatasync before ack")
    args = parser.parse_args()
    {"commits": commits, "rebalance": rebalance}[args.mode](args)


if __name__ == "__main__":
    main()
