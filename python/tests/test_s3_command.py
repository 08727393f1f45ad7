"""``python -m sparkformers`` on s3a:// as a user runs it: a child process, an S3 endpoint on loopback (S3Proxy, which
the integration-tests build fetches), keys from the standard provider chain (the environment), endpoint settings as
``spark.hadoop.fs.s3a.*`` properties. The model, the input and the output are all on S3."""
import glob
import json
import os
import shutil
import subprocess
import sys
import time

import pyspark
import pytest

from conftest import FIXTURES, REPO, free_port, models, wait_until_listening

S3PROXY = os.path.join(REPO, "integration-tests", "target", "s3proxy.jar")
KEY = "sparkformers-py"
SECRET = "py-secret-%x" % time.time_ns()


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """(endpoint, the bucket's directory): S3Proxy over a directory, so files put there are the bucket's objects."""
    if not os.path.isfile(S3PROXY):
        if os.environ.get("CI") == "true":
            raise AssertionError("CI=true but S3Proxy is missing: " + S3PROXY)
        pytest.skip("no S3Proxy at %s (mvn -pl integration-tests process-test-resources fetches it)" % S3PROXY)
    base = tmp_path_factory.mktemp("s3")
    port = free_port()
    props = base / "s3proxy.properties"
    props.write_text("\n".join([
        "s3proxy.endpoint=http://127.0.0.1:%d" % port, "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + KEY, "s3proxy.credential=" + SECRET, "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + str(base / "data"), "jclouds.identity=" + KEY,
        "jclouds.credential=" + SECRET]) + "\n")
    bucket = base / "data" / "lake"
    bucket.mkdir(parents=True)
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    with open(base / "s3proxy.log", "w") as log:
        proxy = subprocess.Popen([java, "-jar", S3PROXY, "--properties", str(props)], stdout=log,
                                 stderr=subprocess.STDOUT)
    try:
        wait_until_listening(port, proxy, base / "s3proxy.log", "S3Proxy", 60)
        yield "http://127.0.0.1:%d" % port, bucket
    finally:
        proxy.terminate()
        proxy.wait(timeout=60)


def command(endpoint, secret, *args):
    """``python -m sparkformers`` with the S3 endpoint's settings as Spark properties and the keys in the environment."""
    settings = {
        "endpoint": endpoint, "path.style.access": "true", "connection.ssl.enabled": "false",
        "endpoint.region": "us-east-1", "change.detection.version.required": "false", "attempts.maximum": "1",
        "retry.limit": "1",
        # S3Proxy's directory store answers HEAD without an ETag, which Hadoop 3.5's analytics stream requires.
        "input.stream.type": "classic"}
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=secret, AWS_REGION="us-east-1",
               SPARK_LOCAL_IP="127.0.0.1", PYTHONPATH=os.path.join(REPO, "python"),
               SPARK_SUBMIT_OPTS=" ".join("-Dspark.hadoop.fs.s3a.%s=%s" % kv for kv in settings.items()))
    env.pop("SPARK_HOME", None)
    return subprocess.run([sys.executable, "-m", "sparkformers", *args], env=env, capture_output=True, text=True,
                          timeout=600)


def classify(endpoint, secret, output, *more):
    return command(endpoint, secret, "image-classification", "--model", "s3a://lake/model", "--input",
                   "s3a://lake/photos", "--output", output, "--master", "local[1]", *more)


def upload(bucket):
    model = models("image-classification")[0]
    if not (bucket / "model").exists():
        shutil.copytree(model, bucket / "model")
        (bucket / "photos").mkdir()
        for f in sorted(f for f in os.listdir(os.path.join(FIXTURES, "inputs", "images")) if "." in f)[:2]:
            shutil.copy(os.path.join(FIXTURES, "inputs", "images", f), bucket / "photos" / f)
    return model


@pytest.mark.skipif(pyspark.__version__.startswith("3."), reason="PySpark 3.5's Hadoop 3.3 needs the AWS SDK v1")
def test_the_command_reads_and_writes_s3(s3):
    endpoint, bucket = s3
    model = upload(bucket)
    done = classify(endpoint, SECRET, "s3a://lake/out", "--format", "json", "--device", "cpu")
    assert done.returncode == 0, done.stderr[-4000:]
    assert "done: 2 rows" in done.stdout, done.stdout
    written = [json.loads(line) for part in glob.glob(str(bucket / "out" / "part-*.json"))
               for line in open(part) if line.strip()]
    labels = set(json.load(open(os.path.join(model, "config.json")))["id2label"].values())
    assert len(written) == 2 and all(r["predictedLabel"] in labels for r in written), written

    wrong = "wrong-%x" % time.time_ns()
    refused = classify(endpoint, wrong, "s3a://lake/out2", "--verbose")
    assert refused.returncode != 0, refused.stdout
    everything = refused.stdout + refused.stderr
    assert wrong not in everything and SECRET not in everything, "a key in the command's output"
    failed = [line for line in refused.stderr.splitlines() if line.startswith("sparkformers: failed")]
    assert len(failed) == 1, refused.stderr[-4000:]
    assert "s3a://lake/" in failed[0] and "check the credentials" in failed[0], failed[0]


@pytest.mark.skipif(not pyspark.__version__.startswith("3."), reason="the package carries S3 for Spark 4's PySpark")
def test_on_pyspark_3_the_command_says_how_to_add_s3(s3):
    endpoint, bucket = s3
    upload(bucket)
    refused = classify(endpoint, SECRET, "s3a://lake/out")
    assert refused.returncode != 0
    hint = [line for line in refused.stderr.splitlines() if "carries no S3 filesystem" in line]
    assert hint and "--packages org.apache.hadoop:hadoop-aws:" in hint[0], refused.stderr[-4000:]
