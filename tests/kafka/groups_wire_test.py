#!/usr/bin/python3
"""The group APIs at the versions no client library here sends (v0, v1, v3 batches, flexible
v4/v6/v7), by hand on raw sockets, with the error codes clients react to:

FindCoordinator v0; JoinGroup v0 (INVALID_SESSION_TIMEOUT, a lone member leads generation 1),
v4 (MEMBER_ID_REQUIRED, then the rejoin waits for the rebalance), INCONSISTENT_GROUP_PROTOCOL;
Heartbeat v0 (REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID); SyncGroup v0/v1;
OffsetCommit v0 (a simple commit into a group with members: UNKNOWN_MEMBER_ID), v2
(OFFSET_METADATA_TOO_LARGE, UNKNOWN_TOPIC_OR_PARTITION), v7 (ILLEGAL_GENERATION); OffsetFetch v1, v2 (null topics = all),
v7 flexible with RequireStable; DescribeGroups v0; ListGroups v0 and v4 (state filter);
DeleteGroups (NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND); OffsetDelete (GROUP_SUBSCRIBED_TO_TOPIC);
LeaveGroup v0 and v3 (a batch with per-member errors).

    groups_wire_test.py <path to eventioz>
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402  pylint: disable=wrong-import-position
from kafka_wire import (  # noqa: E402  pylint: disable=wrong-import-position
    API_CREATE_TOPICS, Connection, Reader, array, create_topics_v0_body, i8, i16, i32, i64,
    nullable_bytes, request, string, uvarint)

FIND_COORDINATOR, JOIN, HEARTBEAT, LEAVE, SYNC = 10, 11, 12, 13, 14
COMMIT, FETCH, DESCRIBE, LIST, DELETE_GROUPS, OFFSET_DELETE = 8, 9, 15, 16, 42, 47
GROUP = "wire-group"
TOPIC = "wire-topic"

# Kafka error codes
NONE, UNKNOWN_TOPIC_OR_PARTITION, OFFSET_METADATA_TOO_LARGE, ILLEGAL_GENERATION = 0, 3, 12, 22
INCONSISTENT_GROUP_PROTOCOL, UNKNOWN_MEMBER_ID, INVALID_SESSION_TIMEOUT = 23, 25, 26
REBALANCE_IN_PROGRESS, NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND = 27, 68, 69
MEMBER_ID_REQUIRED, GROUP_SUBSCRIBED_TO_TOPIC = 79, 86


def compact_string(text):
    if text is None:
        return uvarint(0)
    data = text.encode()
    return uvarint(len(data) + 1) + data


def compact_array(items):
    return uvarint(len(items) + 1) + b"".join(items)


def compact_string_of(reader):
    size = reader.uvarint()
    return None if size == 0 else reader.take(size - 1).decode()


def subscription(topics):
    """The "consumer" protocol's metadata: version, topics, user data."""
    return i16(0) + array([string(t) for t in topics]) + nullable_bytes(None)


def join_body(version, member_id, session_ms=10000, protocols=(("range", (TOPIC,)),),
              instance=None):
    body = string(GROUP) + i32(session_ms)
    if version >= 1:
        body += i32(30000)  # rebalance timeout
    body += string(member_id)
    if version >= 5:
        body += string(instance)
    body += string("consumer")
    body += array([string(name) + nullable_bytes(subscription(topics))
                   for name, topics in protocols])
    return body


def parse_join(version, body):
    reader = Reader(body)
    if version >= 2:
        reader.i32()
    answer = {"error": reader.i16(), "generation": reader.i32(), "protocol": reader.string(),
              "leader": reader.string(), "member": reader.string()}

    def member(r):
        member_id = r.string()
        if version >= 5:
            r.string()
        return member_id, r.nullable_bytes()
    answer["members"] = reader.array(member)
    return answer


def send_join(connection, version, *args, **kwargs):
    correlation_id = connection.next_id()
    connection.send(request(JOIN, version, correlation_id, join_body(version, *args, **kwargs)))
    return correlation_id


def join(connection, version, *args, **kwargs):
    correlation_id = send_join(connection, version, *args, **kwargs)
    return parse_join(version, connection.read_response(correlation_id))


def heartbeat(connection, generation, member_id):
    return Reader(connection.call(HEARTBEAT, 0, string(GROUP) + i32(generation)
                                  + string(member_id))).i16()


def sync(connection, version, generation, member_id, assignments=()):
    body = string(GROUP) + i32(generation) + string(member_id)
    body += array([string(m) + nullable_bytes(a) for m, a in assignments])
    reader = Reader(connection.call(SYNC, version, body))
    if version >= 1:
        reader.i32()
    return reader.i16(), reader.nullable_bytes()


def commit(connection, version, offsets, generation=-1, member_id="", metadata=None):
    """offsets: [(partition, offset)] of TOPIC; returns [(partition, error)]."""
    body = string(GROUP)
    if version >= 1:
        body += i32(generation) + string(member_id)
    if version >= 7:
        body += string(None)  # group instance id
    if 2 <= version <= 4:
        body += i64(-1)  # retention
    partitions = []
    for partition, offset in offsets:
        entry = i32(partition) + i64(offset)
        if version >= 6:
            entry += i32(-1)  # leader epoch
        if version == 1:
            entry += i64(-1)
        partitions.append(entry + string(metadata))
    body += array([string(TOPIC) + array(partitions)])
    reader = Reader(connection.call(COMMIT, version, body))
    if version >= 3:
        reader.i32()
    topics = reader.array(lambda r: (r.string(), r.array(lambda p: (p.i32(), p.i16()))))
    return topics[0][1]


def fetch_v1(connection, partitions):
    body = string(GROUP) + array([string(TOPIC) + array([i32(p) for p in partitions])])
    reader = Reader(connection.call(FETCH, 1, body))
    topics = reader.array(lambda r: (r.string(), r.array(
        lambda p: (p.i32(), p.i64(), p.string(), p.i16()))))
    return {p[0]: (p[1], p[3]) for p in topics[0][1]}


def fetch_v2_all(connection):
    reader = Reader(connection.call(FETCH, 2, string(GROUP) + i32(-1)))
    topics = reader.array(lambda r: (r.string(), r.array(
        lambda p: (p.i32(), p.i64(), p.string(), p.i16()))))
    return {(t[0], p[0]): p[1] for t in topics for p in t[1]}, reader.i16()


def fetch_v7(connection, partitions, require_stable):
    body = compact_string(GROUP)
    body += compact_array([compact_string(TOPIC) + compact_array([i32(p) for p in partitions])
                           + uvarint(0)])
    body += i8(1 if require_stable else 0) + uvarint(0)
    correlation_id = connection.next_id()
    connection.send(request(FETCH, 7, correlation_id, body, flexible=True))
    reader = Reader(connection.read_response(correlation_id, flexible_header=True))
    reader.i32()

    def partition(r):
        index, offset, _epoch = r.i32(), r.i64(), r.i32()
        compact_string_of(r)
        error = r.i16()
        r.tagged_fields()
        return index, (offset, error)

    def topic(r):
        name = compact_string_of(r)
        partitions_read = r.compact_array(partition)
        r.tagged_fields()
        return name, partitions_read
    topics = reader.compact_array(topic)
    return dict(topics[0][1]), reader.i16()


def describe_v0(connection):
    reader = Reader(connection.call(DESCRIBE, 0, array([string(GROUP)])))

    def member(r):
        return {"id": r.string(), "client": r.string(), "host": r.string(),
                "metadata": r.nullable_bytes(), "assignment": r.nullable_bytes()}

    def group(r):
        return {"error": r.i16(), "id": r.string(), "state": r.string(), "type": r.string(),
                "protocol": r.string(), "members": r.array(member)}
    return reader.array(group)[0]


def list_v0(connection):
    reader = Reader(connection.call(LIST, 0, b""))
    error = reader.i16()
    return error, reader.array(lambda r: (r.string(), r.string()))


def list_v4(connection, states):
    body = compact_array([compact_string(s) for s in states]) + uvarint(0)
    correlation_id = connection.next_id()
    connection.send(request(LIST, 4, correlation_id, body, flexible=True))
    reader = Reader(connection.read_response(correlation_id, flexible_header=True))
    reader.i32()
    error = reader.i16()

    def group(r):
        entry = (compact_string_of(r), compact_string_of(r), compact_string_of(r))
        r.tagged_fields()
        return entry
    return error, reader.compact_array(group)


def delete_groups(connection):
    reader = Reader(connection.call(DELETE_GROUPS, 0, array([string(GROUP)])))
    reader.i32()
    return reader.array(lambda r: (r.string(), r.i16()))[0][1]


def offset_delete(connection, topics):
    body = string(GROUP) + array([string(t) + array([i32(0)]) for t in topics])
    reader = Reader(connection.call(OFFSET_DELETE, 0, body))
    error = reader.i16()
    reader.i32()
    answers = reader.array(lambda r: (r.string(), r.array(lambda p: (p.i32(), p.i16()))))
    return error, {name: partitions[0][1] for name, partitions in answers}


def leave_v3(connection, members):
    body = string(GROUP) + array([string(m) + string(None) for m in members])
    reader = Reader(connection.call(LEAVE, 3, body))
    reader.i32()
    error = reader.i16()
    return error, reader.array(lambda r: (r.string(), r.string(), r.i16()))


def test(broker, checks):
    first = Connection(broker.port)
    second = Connection(broker.port)
    first.call(API_CREATE_TOPICS, 0, create_topics_v0_body(TOPIC, 4))

    reader = Reader(first.call(FIND_COORDINATOR, 0, string(GROUP)))
    checks.equal("FindCoordinator v0: this broker", (reader.i16(), reader.i32(), reader.string(),
                                                     reader.i32()),
                 (NONE, 0, "127.0.0.1", broker.port))

    checks.equal("JoinGroup v0 with a 1 s session: INVALID_SESSION_TIMEOUT",
                 join(first, 0, "", session_ms=1000)["error"], INVALID_SESSION_TIMEOUT)
    leader = join(first, 0, "")
    checks.equal("JoinGroup v0: a lone member leads generation 1 with protocol range",
                 (leader["error"], leader["generation"], leader["leader"] == leader["member"],
                  leader["protocol"], len(leader["members"])), (NONE, 1, True, "range", 1))
    leader_id = leader["member"]
    checks.equal("SyncGroup v0: the leader gets its assignment",
                 sync(first, 0, 1, leader_id, [(leader_id, b"all")]), (NONE, b"all"))

    required = join(second, 4, "")
    checks.equal("JoinGroup v4 from a new member: MEMBER_ID_REQUIRED with its id",
                 (required["error"], bool(required["member"])), (MEMBER_ID_REQUIRED, True))
    follower_id = required["member"]
    waiting = send_join(second, 4, follower_id)
    # The join travels on another connection: heartbeat until the group has seen it.
    checks.ok("Heartbeat v0 of the leader during the rebalance: REBALANCE_IN_PROGRESS",
              harness.wait_for(lambda: heartbeat(first, 1, leader_id) == REBALANCE_IN_PROGRESS, 5))
    rejoined = join(first, 0, leader_id)
    joined = parse_join(4, second.read_response(waiting))
    checks.equal("both members are in generation 2, the leader stays, only it gets the members",
                 (rejoined["generation"], joined["generation"], joined["leader"],
                  len(rejoined["members"]), len(joined["members"])), (2, 2, leader_id, 2, 0))
    checks.equal("JoinGroup with a protocol no member lists: INCONSISTENT_GROUP_PROTOCOL",
                 join(Connection(broker.port), 0, "", protocols=(("sticky", (TOPIC,)),))["error"],
                 INCONSISTENT_GROUP_PROTOCOL)
    checks.equal("SyncGroup v0 of the leader", sync(first, 0, 2, leader_id,
                                                    [(leader_id, b"p0"), (follower_id, b"p1")]),
                 (NONE, b"p0"))
    checks.equal("SyncGroup v1 of the follower gets its part", sync(second, 1, 2, follower_id),
                 (NONE, b"p1"))
    checks.equal("Heartbeat: ok, then ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID",
                 [heartbeat(first, 2, leader_id), heartbeat(first, 1, leader_id),
                  heartbeat(first, 2, "stranger")], [NONE, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID])

    checks.equal("OffsetCommit v2 by a member", commit(first, 2, [(0, 42), (1, 7)], 2, leader_id),
                 [(0, NONE), (1, NONE)])
    checks.equal("OffsetCommit v7 from an old generation: ILLEGAL_GENERATION",
                 commit(first, 7, [(0, 1)], 1, leader_id), [(0, ILLEGAL_GENERATION)])
    checks.equal("OffsetCommit v0 (no generation) into a group with members: UNKNOWN_MEMBER_ID",
                 commit(first, 0, [(0, 1)]), [(0, UNKNOWN_MEMBER_ID)])
    checks.equal("OffsetCommit with 5000 bytes of metadata: OFFSET_METADATA_TOO_LARGE",
                 commit(first, 2, [(2, 1)], 2, leader_id, metadata="x" * 5000),
                 [(2, OFFSET_METADATA_TOO_LARGE)])
    checks.equal("OffsetCommit for a partition that does not exist: UNKNOWN_TOPIC_OR_PARTITION",
                 commit(first, 2, [(9, 1)], 2, leader_id), [(9, UNKNOWN_TOPIC_OR_PARTITION)])
    checks.equal("OffsetFetch v1: committed offsets, -1 where none",
                 fetch_v1(first, [0, 1, 2]), {0: (42, NONE), 1: (7, NONE), 2: (-1, NONE)})
    checks.equal("OffsetFetch v2 with null topics: every committed offset",
                 fetch_v2_all(first), ({(TOPIC, 0): 42, (TOPIC, 1): 7}, NONE))
    checks.equal("OffsetFetch v7 (flexible) with RequireStable and nothing pending",
                 fetch_v7(first, [0, 3], True), ({0: (42, NONE), 3: (-1, NONE)}, NONE))

    described = describe_v0(first)
    checks.equal("DescribeGroups v0: Stable, consumer, range, both members with assignments",
                 (described["error"], described["state"], described["type"],
                  described["protocol"],
                  sorted((m["id"], m["assignment"]) for m in described["members"])),
                 (NONE, "Stable", "consumer", "range",
                  sorted([(leader_id, b"p0"), (follower_id, b"p1")])))
    listed = list_v0(first)
    checks.ok("ListGroups v0 lists the group", listed[0] == NONE and (GROUP, "consumer") in listed[1],
              f"{listed}")
    checks.equal("ListGroups v4 with states Stable / Empty",
                 (list_v4(first, ["Stable"]), list_v4(first, ["Empty"])),
                 ((NONE, [(GROUP, "consumer", "Stable")]), (NONE, [])))
    checks.equal("DeleteGroups of a group with members: NON_EMPTY_GROUP", delete_groups(first),
                 NON_EMPTY_GROUP)
    checks.equal("OffsetDelete: GROUP_SUBSCRIBED_TO_TOPIC for the members' topic only",
                 offset_delete(first, [TOPIC, "other-topic"]),
                 (NONE, {TOPIC: GROUP_SUBSCRIBED_TO_TOPIC, "other-topic": NONE}))

    checks.equal("LeaveGroup v3: a batch with an error for the unknown member",
                 leave_v3(first, [leader_id, follower_id, "ghost"]),
                 (NONE, [(leader_id, None, NONE), (follower_id, None, NONE),
                         ("ghost", None, UNKNOWN_MEMBER_ID)]))
    checks.equal("the group is Empty afterwards",
                 (describe_v0(first)["state"], describe_v0(first)["members"]), ("Empty", []))
    checks.equal("LeaveGroup v0 from a member that already left: UNKNOWN_MEMBER_ID",
                 Reader(first.call(LEAVE, 0, string(GROUP) + string(leader_id))).i16(),
                 UNKNOWN_MEMBER_ID)
    checks.equal("OffsetCommit v0 into the empty group (a simple commit)",
                 commit(first, 0, [(0, 50)]), [(0, NONE)])
    checks.equal("DeleteGroups of the empty group", delete_groups(first), NONE)
    checks.equal("its offsets are gone", fetch_v1(first, [0]), {0: (-1, NONE)})
    checks.equal("DeleteGroups again: GROUP_ID_NOT_FOUND", delete_groups(first),
                 GROUP_ID_NOT_FOUND)


if __name__ == "__main__":
    harness.run_test(test)
