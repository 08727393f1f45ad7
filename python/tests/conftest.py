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


@pytest.fixture(scope="session")
def spark():
    session = sparkformers.session(
        master="local[2]",
        conf={"spark.ui.enabled": "false", "spark.driver.host": "127.0.0.1", "spark.sql.shuffle.partitions": "2"})
    yield session
    session.stop()
