#!/usr/bin/python3
"""Runs `eventioz serve` for the Kafka end-to-end tests (standard library only).

As a module (the Python tests):
    harness.run_test(test)   where test(broker, checks) drives real clients against
                             broker.bootstrap ("127.0.0.1:PORT"); the broker binary is sys.argv[1].
As a program (the shell and node tests):
    harness.py run <eventioz> -- <command...>
        starts the broker, runs the command with EVENTIOZ_KAFKA_BOOTSTRAP=127.0.0.1:PORT in its
        environment, stops the broker, and exits with the command's status.

The broker gets a free loopback port and a temporary data directory; the harness waits (bounded)
until it accepts TCP connections, and always stops it by PID at the end: SIGTERM, then SIGKILL
after a bound. A broker that does not exit 0 on SIGTERM fails the test, and the broker's log is
printed whenever anything failed. The broker also dies with the harness (parent-death signal), so
a killed test leaves no broker behind.

Environment:
    EVENTIOZ_KAFKA_BOOTSTRAP     already set: use that broker (a real Kafka, say) and start none
    EVENTIOZ_TEST_LOG_LEVEL      the broker's --log-level (default info)
    EVENTIOZ_TEST_START_TIMEOUT  seconds to wait for the listener (default 10; more under ASan)
    EVENTIOZ_TEST_STOP_TIMEOUT   seconds between SIGTERM and SIGKILL (default 15)
    EVENTIOZ_TEST_KEEP           set: keep the temporary directory (data and broker.log)
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

START_TIMEOUT = float(os.environ.get("EVENTIOZ_TEST_START_TIMEOUT", "10"))
STOP_TIMEOUT = float(os.environ.get("EVENTIOZ_TEST_STOP_TIMEOUT", "15"))
LOG_LEVEL = os.environ.get("EVENTIOZ_TEST_LOG_LEVEL", "info")
BOOTSTRAP_VARIABLE = "EVENTIOZ_KAFKA_BOOTSTRAP"
LOG_TAIL_LINES = 300


class BrokerError(Exception):
    """The broker did not start, or died."""


def free_port():
    """A loopback TCP port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def say(text):
    print(text, flush=True)


class Broker:
    """One `eventioz serve` process; start() again after kill9() or stop() restarts it on the same
    data directory and port."""

    external = False

    def __init__(self, binary, extra_args=()):
        self.binary = os.path.abspath(binary)
        if not os.access(self.binary, os.X_OK):
            raise BrokerError(f"not an executable: {self.binary}")
        self.work_dir = tempfile.mkdtemp(prefix="eventioz-kafka-test-")
        self.data_dir = os.path.join(self.work_dir, "data")
        self.log_path = os.path.join(self.work_dir, "broker.log")
        self.port = free_port()
        self.http_port = free_port()
        self.extra_args = list(extra_args)
        self.process = None
        self.starts = 0

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.port}"

    @property
    def http_url(self):
        """The HTTP API's base URL: http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def command(self):
        command = [self.binary, "--log-level", LOG_LEVEL, "serve", "--data-dir", self.data_dir,
                   "--kafka-listen", self.bootstrap,
                   "--http-listen", f"127.0.0.1:{self.http_port}", *self.extra_args]
        # The broker gets SIGKILL if the harness dies, even by SIGKILL (a ctest timeout).
        if shutil.which("setpriv"):
            command = ["setpriv", "--pdeathsig", "KILL", *command]
        return command

    def _note(self, text):
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(f"--- harness: {text}\n")

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def start(self, timeout=START_TIMEOUT):
        """Starts the broker and waits until it accepts TCP connections on its Kafka and HTTP
        ports (the HTTP listener starts last)."""
        if self.alive():
            raise BrokerError("the broker is already running")
        self.starts += 1
        command = self.command()
        self._note(f"start #{self.starts}: {' '.join(command)}")
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            code = self.process.poll()
            if code is not None:
                self._note(f"exited with status {code} while starting")
                self.process = None
                raise BrokerError(f"the broker exited with status {code} before accepting "
                                  f"connections on {self.bootstrap}")
            try:
                for port in (self.port, self.http_port):
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        pass
                return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.kill9()
                raise BrokerError(f"the broker did not accept connections on {self.bootstrap} "
                                  f"within {timeout:g} s")
            time.sleep(0.05)

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, then SIGKILL after `timeout` seconds. Returns the exit status (negative for a
        signal, as subprocess reports it), or None when the broker was not running."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._note(f"no exit within {timeout:g} s of SIGTERM: SIGKILL")
                self.process.kill()
                self.process.wait()
                self.process.returncode = "killed after SIGTERM timeout"
        code = self.process.returncode
        self._note(f"stopped: status {code}")
        self.process = None
        return code

    def kill9(self):
        """SIGKILL, as a crash or a power cut of the process would."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._note("killed with SIGKILL")
        self.process = None

    def log_tail(self, lines=LOG_TAIL_LINES):
        """The log, or its first and last lines when it is long."""
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                content = log.readlines()
        except OSError:
            return "(no broker log)"
        if len(content) <= lines:
            return "".join(content)
        head, tail = lines // 3, lines - lines // 3
        return ("".join(content[:head]) + f"[{len(content) - lines} lines left out]\n"
                + "".join(content[-tail:]))

    def print_log(self):
        say(f"=== broker log ({self.log_path}) ===")
        say(self.log_tail().rstrip("\n"))
        say("=== end of broker log ===")

    def cleanup(self):
        if self.alive():
            self.kill9()
        if os.environ.get("EVENTIOZ_TEST_KEEP"):
            say(f"kept {self.work_dir}")
        else:
            shutil.rmtree(self.work_dir, ignore_errors=True)


class ExternalBroker:
    """A broker someone else runs (EVENTIOZ_KAFKA_BOOTSTRAP): nothing to start or stop."""

    external = True
    pid = None

    def __init__(self, bootstrap):
        self.bootstrap = bootstrap
        self.port = int(bootstrap.rsplit(":", 1)[1])

    def alive(self):
        return True

    def start(self, timeout=START_TIMEOUT):
        pass

    def stop(self, timeout=STOP_TIMEOUT):
        return 0

    def kill9(self):
        raise BrokerError("an external broker cannot be killed by this test")

    def print_log(self):
        say(f"(external broker {self.bootstrap}: no log)")

    def cleanup(self):
        pass


def make_broker(binary, extra_args=()):
    bootstrap = os.environ.get(BOOTSTRAP_VARIABLE)
    if bootstrap:
        return ExternalBroker(bootstrap)
    return Broker(binary, extra_args)


class Checks:
    """Counts checks and ends with the 'N passed, N failed' line."""

    def __init__(self):
        self.passed = 0
        self.failures = []

    def ok(self, description, condition, detail=""):
        if condition:
            self.passed += 1
            say(f"ok: {description}")
        else:
            self.failures.append(description)
            say(f"FAILED: {description}" + (f"\n    {detail}" if detail else ""))
        return bool(condition)

    def equal(self, description, actual, expected):
        return self.ok(description, actual == expected,
                       f"expected {short(expected)}\n    got      {short(actual)}")

    def fail(self, description, detail=""):
        return self.ok(description, False, detail)

    @contextlib.contextmanager
    def step(self, description):
        """A block whose exception is one failed check; the test goes on after it."""
        try:
            yield
        except Exception as error:  # pylint: disable=broad-except
            self.fail(f"{description}: {type(error).__name__}: {error}",
                      traceback.format_exc().rstrip().replace("\n", "\n    "))

    def summary(self):
        if self.failures:
            say("failed checks:\n  " + "\n  ".join(self.failures))
        say(f"{self.passed} passed, {len(self.failures)} failed")
        return 0 if not self.failures else 1


def wait_for(predicate, seconds=10):
    """The first truthy value of predicate() within `seconds` (polled every 0.2 s), else the
    last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def short(value, limit=600):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def _terminate_on_signals():
    """SIGTERM/SIGINT to the test unwind it, so the broker is still stopped."""
    def handler(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def run_test(test, extra_args=()):
    """The main of a Python test: test(broker, checks) with a started broker; exits 0 or 1."""
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} <path to eventioz>")
    _terminate_on_signals()
    checks = Checks()
    broker = None
    try:
        broker = make_broker(sys.argv[1], extra_args)
        broker.start()
        say(f"broker: {broker.bootstrap} (pid {broker.pid})")
        test(broker, checks)
    except Exception as error:  # pylint: disable=broad-except
        checks.fail(f"the test stopped early: {type(error).__name__}: {error}",
                    traceback.format_exc().rstrip().replace("\n", "\n    "))
    finally:
        if broker is not None:
            stop_broker(broker, checks)
    sys.exit(checks.summary())


def stop_broker(broker, checks):
    """Stops the broker (checking it exits 0 on SIGTERM), prints its log on any failure, and
    removes its directory."""
    try:
        if not broker.external:
            was_running = broker.process is not None
            alive = broker.alive()
            code = broker.stop()
            if was_running:
                checks.ok("the broker was still running at the end", alive)
                if alive:
                    checks.equal("the broker exits 0 on SIGTERM", code, 0)
        if checks.failures:
            broker.print_log()
    finally:
        broker.cleanup()


def run_command(binary, command):
    """`harness.py run`: the broker around one command; returns the exit status."""
    _terminate_on_signals()
    checks = Checks()
    status = 1
    broker = None
    try:
        broker = make_broker(binary)
        broker.start()
        say(f"broker: {broker.bootstrap} (pid {broker.pid})")
        environment = dict(os.environ, **{BOOTSTRAP_VARIABLE: broker.bootstrap})
        if broker.pid:
            environment["EVENTIOZ_BROKER_PID"] = str(broker.pid)
            environment["EVENTIOZ_HTTP_URL"] = broker.http_url
        shown = " ".join(command)
        if shutil.which("setpriv"):  # the command, too, ends with the harness
            command = ["setpriv", "--pdeathsig", "TERM", *command]
        child = subprocess.Popen(command, env=environment)
        try:
            status = child.wait()
        finally:
            if child.poll() is None:  # the harness was interrupted
                child.terminate()
                try:
                    child.wait(5)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
        if status != 0:
            checks.fail(f"{shown} exited with status {status}")
    except Exception as error:  # pylint: disable=broad-except
        checks.fail(f"{type(error).__name__}: {error}")
    finally:
        if broker is not None:
            stop_broker(broker, checks)
    if checks.failures:
        say("harness: " + "; ".join(checks.failures))
    return status if status != 0 else (1 if checks.failures else 0)


def main(argv):
    if len(argv) >= 4 and argv[1] == "run" and argv[3] == "--" and len(argv) > 4:
        return run_command(argv[2], argv[4:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
