"""The SQL functions over Spark Connect: how Databricks shared clusters and serverless notebooks reach Spark.

A Spark Connect server starts with the sparkformers jar and its SQL extension; a pyspark Connect client runs the
``hf_*`` functions. The pyspark.ml classes need a classic session (they go through Py4J), which Connect does not have.
"""
import json
import os
import socket
import subprocess
import time

import pyspark
import pytest

import sparkformers
from conftest import FIXTURES, models


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
        deadline = time.time() + 180
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise AssertionError("Spark Connect server did not start:\n" + open(log).read()[-4000:])
                time.sleep(1)
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
    finally:
        spark.stop()
