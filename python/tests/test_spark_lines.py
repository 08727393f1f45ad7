"""Which Spark lines the package runs on: the jar it picks for the running PySpark, the one-line refusal of any
other, and the SQL functions registered into a session started without the extension (a notebook's)."""
import glob
import os
import subprocess
import sys

import pyspark
import pytest

import sparkformers
from conftest import FIXTURES, REPO, models

LINES = {"3.5": "spark3.5_2.12", "4": "spark4_2.13"}


def line_of(version):
    major, minor = version.split(".")[:2]
    return LINES.get(major + "." + minor) or LINES.get(major)


@pytest.mark.parametrize("version", ["3.5.0", "3.5.9", "4.0.0", "4.0.5", "4.1.4", "4.2.1", "4.3.0", "4.12.0"])
def test_every_supported_spark_has_its_line(version):
    assert sparkformers.spark_line(version) == line_of(version)


@pytest.mark.parametrize("version", ["3.4.4", "3.3.2", "2.4.8", "5.0.0", "35.0.1"])
def test_an_unsupported_spark_is_refused_in_one_line(version):
    with pytest.raises(sparkformers.SparkformersError) as e:
        sparkformers.spark_line(version)
    assert str(e.value) == (
        "sparkformers %s does not support Spark %s: it runs on Spark 3.5 (Scala 2.12) and Spark 4.0 to the newest "
        "4.x (Scala 2.13)" % (sparkformers.__version__, version))


def test_the_jar_picked_is_the_running_pysparks_line(monkeypatch):
    monkeypatch.delenv("SPARKFORMERS_JAR", raising=False)
    line = line_of(pyspark.__version__)
    assert sparkformers.spark_line() == line
    assert os.path.basename(sparkformers.jar()).endswith("-%s.jar" % line)


def other_line_jar():
    """The shaded jar of the line this PySpark is not (built when both lines were: CI builds both)."""
    other = [v for v in LINES.values() if v != line_of(pyspark.__version__)][0]
    found = glob.glob(os.path.join(REPO, "python", "sparkformers", "jars", "*-%s.jar" % other))
    found += glob.glob(os.path.join(REPO, "jobs", "target", "**", "sparkformers-jobs-*-%s.jar" % other), recursive=True)
    if not found:
        pytest.skip("no jar of the other Spark line (%s) was built here" % other)
    return other, found[0]


def test_a_jar_of_another_line_is_refused_in_one_line():
    other, jar = other_line_jar()
    submit = os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit")
    done = subprocess.run([submit, "--class", "io.sparkformers.jobs.Main", jar, "image-classification", "--model",
                           models("image-classification")[0], "--input", os.path.join(FIXTURES, "inputs", "images"),
                           "--output", "/nonexistent", "--master", "local[1]"],
                          capture_output=True, text=True, timeout=300, env=dict(os.environ, SPARK_LOCAL_IP="127.0.0.1"))
    assert done.returncode == 4, done.stdout + done.stderr
    why = [line for line in done.stderr.splitlines() if line.startswith("sparkformers: ")]
    assert len(why) == 1, done.stderr
    assert why[0].startswith("sparkformers: this sparkformers jar (%s) is for " % other), why
    assert ("but Spark %s (Scala " % pyspark.__version__) in why[0] and line_of(pyspark.__version__) in why[0], why


SESSION_WITHOUT_EXTENSION = """
import json, os, sys
from pyspark.sql import SparkSession
import sparkformers, sparkformers.sql
spark = (SparkSession.builder.master("local[1]").config("spark.jars", sparkformers.jar())
         .config("spark.ui.enabled", "false").getOrCreate())
sparkformers.sql.register(spark)
model, images = sys.argv[1], sys.argv[2]
spark.read.format("binaryFile").load(images).createOrReplaceTempView("photos")
rows = spark.sql("SELECT hf_classify_image('%s', content, map('handle_invalid', 'keep')).predictedLabel AS label "
                 "FROM photos" % model).collect()
table = spark.sql("SELECT * FROM hf_image_classification('%s', 'photos', 'content', map('handle_invalid', 'keep'))"
                  % model).count()
print(json.dumps({"labels": [r.label for r in rows], "table": table, "files": spark.table("photos").count()}))
"""


def test_sql_register_works_on_a_session_started_without_the_extension(tmp_path):
    import json

    model = models("image-classification")[0]
    images = os.path.join(FIXTURES, "inputs", "images")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), SPARK_LOCAL_IP="127.0.0.1")
    done = subprocess.run([sys.executable, "-c", SESSION_WITHOUT_EXTENSION, model, images], capture_output=True,
                          text=True, env=env, timeout=300, cwd=str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    labels = set(json.load(open(os.path.join(model, "config.json")))["id2label"].values())
    assert out["table"] == len(out["labels"]) == out["files"] > 0
    assert any(label in labels for label in out["labels"])


WITH_ANOTHER_LINES_JAR = """
import json
from pyspark.sql import SparkSession
import sparkformers, sparkformers.sql
from sparkformers import ml
said = {}
spark = SparkSession.builder.master("local[1]").config("spark.jars", sparkformers.jar()).getOrCreate()
for name, call in (("stage", lambda: ml.ImageClassifier(modelPath="/x", inputCol="content")),
                   ("register", lambda: sparkformers.sql.register(spark))):
    try:
        call()
    except sparkformers.SparkformersError as e:
        said[name] = str(e)
said["still works"] = spark.range(3).count()
spark.stop()
try:
    sparkformers.session(master="local[1]")
except sparkformers.SparkformersError as e:
    said["session"] = str(e)
print(json.dumps(said))
"""


def test_stages_sql_and_session_refuse_a_jar_of_another_line(tmp_path):
    import json

    other, jar = other_line_jar()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), SPARK_LOCAL_IP="127.0.0.1", SPARKFORMERS_JAR=jar)
    done = subprocess.run([sys.executable, "-c", WITH_ANOTHER_LINES_JAR], capture_output=True, text=True, env=env,
                          timeout=300, cwd=str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said.pop("still works") == 3, "the refusals leave the session usable"
    assert sorted(said) == ["register", "session", "stage"], said
    for where, why in said.items():
        assert why.startswith("this sparkformers jar (%s) is for " % other), (where, why)
        assert "\n" not in why and line_of(pyspark.__version__) in why, (where, why)


def test_the_submodules_are_reached_from_a_plain_import():
    code = "import sparkformers; print(sparkformers.sql.register.__module__, sparkformers.ml.ImageClassifier.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["sparkformers.sql", "ImageClassifier"]
    with pytest.raises(AttributeError):
        sparkformers.nothing_of_ours
