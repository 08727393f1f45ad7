import json
import os

import pytest

import sparkformers

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.environ.get("SPARKFORMERS_FIXTURES") or os.path.join(REPO, "..", "shared", "fixtures", "hf-tiny")


def manifest():
    path = os.path.join(FIXTURES, "manifest.json")
    if not os.path.exists(path):
        if os.environ.get("CI") == "true":
            raise AssertionError("CI=true but the fixtures are missing: " + path)
        pytest.skip("no fixtures at " + FIXTURES)
    with open(path) as f:
        return json.load(f)


def models(kind):
    """Model directories of one manifest kind; never empty (a renamed kind fails instead of testing nothing)."""
    found = [os.path.join(FIXTURES, m["dir"]) for m in manifest()["models"] if m["kind"] == kind]
    assert found, "no model of kind %r in the fixtures' manifest" % kind
    return found


def free_port():
    """A loopback port no one listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(port, process, log, what, seconds):
    """Waits for a child server to accept connections on ``port``; fails with the end of its ``log`` when it exits or
    does not listen within ``seconds``."""
    import socket
    import time

    deadline = time.time() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                raise AssertionError("%s did not start:\n%s" % (what, open(log).read()[-4000:]))
            time.sleep(0.5)


@pytest.fixture(scope="session")
def spark():
    session = sparkformers.session(
        master="local[2]",
        conf={"spark.ui.enabled": "false", "spark.driver.host": "127.0.0.1", "spark.sql.shuffle.partitions": "2"})
    yield session
    session.stop()
