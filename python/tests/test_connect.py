"""Spark Connect, how Databricks shared clusters and serverless notebooks reach Spark: the SQL functions and the
``sparkformers.ml`` classes.

A Spark Connect server starts with the sparkformers jar and its SQL extension; a pyspark Connect client runs the
``hf_*`` functions, and (PySpark 4) the stage classes, which the server creates from the jar's registered stages.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pyspark
import pytest
from pyspark.ml import Pipeline
from pyspark.ml.clustering import KMeans

import sparkformers
import sparkformers.sql
from conftest import FIXTURES, REPO, free_port, models, wait_until_listening
from sparkformers import ml


@pytest.fixture(scope="module")
def connect_url(tmp_path_factory):
    import glob

    if pyspark.__version__.startswith("3.") and not glob.glob(
            os.path.join(os.path.dirname(pyspark.__file__), "jars", "spark-connect_*.jar")):
        # PySpark 3.5 ships the Connect client only; its server (spark-connect_2.12) comes with a cluster.
        pytest.skip("PySpark %s bundles no Spark Connect server" % pyspark.__version__)
    port = free_port()
    log = tmp_path_factory.mktemp("connect") / "server.log"
    submit = os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit")
    cmd = [submit, "--class", "org.apache.spark.sql.connect.service.SparkConnectServer", "--master", "local[2]",
           "--jars", sparkformers.jar(),
           "--conf", "spark.sql.extensions=io.sparkformers.sql.SparkformersExtensions",
           "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
           "--conf", "spark.connect.grpc.binding.port=%d" % port,
           "--conf", "spark.ui.enabled=false", "spark-internal"]
    with open(log, "w") as out:
        server = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(port, server, log, "Spark Connect server", 180)
        yield "sc://127.0.0.1:%d" % port
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_sql_functions_over_spark_connect(connect_url):
    from pyspark.sql.connect.session import SparkSession as ConnectSession

    spark = ConnectSession.builder.remote(connect_url).getOrCreate()
    try:
        model = models("image-classification")[0]
        labels = set(json.load(open(os.path.join(model, "config.json")))["id2label"].values())
        spark.read.format("binaryFile").load(os.path.join(FIXTURES, "inputs", "images", "*.*")) \
            .createOrReplaceTempView("photos")
        rows = spark.sql("SELECT path, hf_classify_image('%s', content, map('top_k', '2', 'handle_invalid', 'keep'))"
                         " AS c FROM photos" % model).collect()
        files = [f for f in os.listdir(os.path.join(FIXTURES, "inputs", "images")) if "." in f]
        assert len(rows) == len(files)
        assert all(r.c.error is None and r.c.predictedLabel in labels for r in rows), rows
        table = spark.sql("SELECT * FROM hf_image_classification('%s', 'photos', 'content')" % model)
        assert "predictedLabel" in table.columns and table.count() == len(files)
        # A notebook's register line works on a Connect session too: the server's extension brought the functions.
        assert sparkformers.sql.register(spark) is spark
        assert "hf_classify_image" in sparkformers.sql.functions(spark).split("\n")
    finally:
        spark.stop()


def classic_rows(df, columns):
    """The rows as the Connect client script prints them (its ``rows``), from a classic session."""
    sys.path.insert(0, os.path.dirname(__file__))
    from connect_ml_client import rows

    return rows(df, columns)


def classic_refusal(stage, run):
    from connect_ml_client import refusal

    return refusal(stage, run)


def assert_same_rows(got, want):
    assert [r["path"] for r in got] == [r["path"] for r in want]
    for g, w in zip(got, want):
        for column, value in w.items():
            if isinstance(value, list) and value and isinstance(value[0], float):
                np.testing.assert_allclose(g[column], value, rtol=1e-6, atol=1e-6, err_msg=column)
            else:
                assert g[column] == value, (column, g, w)


def test_the_stage_classes_over_spark_connect_give_the_classic_rows(connect_url, spark, tmp_path):
    import shutil

    images = os.path.join(FIXTURES, "inputs", "images")
    photos = tmp_path / "photos"
    photos.mkdir()
    first = sorted(f for f in os.listdir(images) if "." in f)[0]
    shutil.copy(os.path.join(images, first), photos / first)
    (photos / "broken.jpg").write_bytes(b"not an image")
    spec = {"url": connect_url, "classifier": models("image-classification")[0],
            "embedder": models("image-features")[0], "images": images, "broken": str(photos),
            "saved": str(tmp_path / "pipeline"), "missing_model": str(tmp_path / "no-model"),
            "classifier_columns": ["path", "rawPrediction", "probability", "predictedLabel", "topK", "error"]}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [os.path.join(REPO, "python")] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    client = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "connect_ml_client.py"),
                             json.dumps(spec)], env=env, capture_output=True, text=True, timeout=600)
    assert client.returncode == 0, client.stderr[-4000:]
    remote = json.loads(client.stdout.strip().splitlines()[-1])
    assert remote["remote"].startswith("pyspark.sql.connect"), remote["remote"]

    df = spark.read.format("binaryFile").load(images)
    classifier = ml.ImageClassifier(modelPath=spec["classifier"], inputCol="content", errorCol="error",
                                    handleInvalid="keep", topK=2, device="cpu")
    want = classic_rows(classifier.transform(df), spec["classifier_columns"])
    assert len(want) == len([f for f in os.listdir(images) if os.path.isfile(os.path.join(images, f))])
    assert_same_rows(remote["classified"], want)

    embedder = ml.ImageEmbedder(modelPath=spec["embedder"], inputCol="content", errorCol="error", handleInvalid="skip")
    fitted = Pipeline(stages=[embedder, KMeans(k=2, seed=7, featuresCol="embedding")]).fit(df)
    clustered = classic_rows(fitted.transform(df), ["path", "embedding", "prediction"])
    assert clustered and all(r["embedding"] for r in clustered)
    assert_same_rows(remote["clustered"], clustered)
    assert remote["loaded_stages"] == ["sparkformers.ml.ImageEmbedder", "pyspark.ml.clustering.KMeansModel"]
    assert remote["loaded_model_path"] == spec["embedder"]
    assert_same_rows(remote["reloaded"], clustered)

    # The same refusals, in the same words, as a classic session.
    missing_column = ml.ImageClassifier(modelPath=spec["classifier"], inputCol="nope")
    assert remote["missing_column"] == classic_refusal(missing_column, lambda: missing_column.transform(df))
    assert "input column 'nope' does not exist" in remote["missing_column"]
    missing_model = ml.ImageClassifier(modelPath=spec["missing_model"], inputCol="content")
    assert remote["missing_model"] == classic_refusal(missing_model, lambda: missing_model.transform(df))
    strict = ml.ImageClassifier(modelPath=spec["classifier"], inputCol="content")
    broken = spark.read.format("binaryFile").load(spec["broken"])
    assert remote["invalid_row"] == classic_refusal(strict, lambda: strict.transform(broken).collect())
    assert "invalid row [path=" in remote["invalid_row"] and "broken.jpg" in remote["invalid_row"]
    assert "\tat " not in remote["invalid_row"] and "JVM stacktrace" not in remote["invalid_row"]
    assert "Spark UI" in remote["metrics"]


@pytest.mark.skipif(not pyspark.__version__.startswith("3."), reason="PySpark 4 runs the stage classes over Connect")
def test_the_stage_classes_over_a_pyspark_3_connect_session_say_what_works_there():
    env = dict(os.environ, SPARK_CONNECT_MODE_ENABLED="1", PYTHONPATH=os.path.join(REPO, "python"))
    made = subprocess.run([sys.executable, "-c", "from sparkformers import ml; ml.ImageClassifier()"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode != 0
    last = made.stderr.strip().splitlines()[-1]
    assert last.startswith("sparkformers._stage.SparkformersError: the sparkformers.ml stages over Spark Connect "
                           "need PySpark 4.0 or newer") and "hf_classify_image" in last, last
