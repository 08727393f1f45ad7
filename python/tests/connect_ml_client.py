"""A notebook's work over Spark Connect, in a process of its own (as a Databricks shared cluster runs it): the
``sparkformers.ml`` classes on a remote session. ``test_connect.py`` runs it against a Connect server and compares what it
prints with a classic session's rows.

    python connect_ml_client.py '{"url": "sc://...", "classifier": ..., "embedder": ..., "images": ..., ...}'

Prints one JSON object on its last line.
"""
import json
import sys

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.clustering import KMeans
from pyspark.sql import SparkSession

import sparkformers
from sparkformers import ml


def rows(df, columns):
    out = []
    for r in df.select(*columns).orderBy("path").collect():
        out.append({c: (r[c].toArray().tolist() if hasattr(r[c], "toArray") else
                        [list(t) for t in r[c]] if c == "topK" and r[c] is not None else r[c]) for c in columns})
    return out


def refusal(stage, run):
    """The message a stage's refusal raises, with the stage's uid taken out (the two sessions' stages differ in it)."""
    try:
        run()
    except sparkformers.SparkformersError as e:
        return str(e).replace(stage.uid, "<uid>")
    raise AssertionError("%s ran where it should have refused" % stage)


def main(spec):
    spark = SparkSession.builder.remote(spec["url"]).getOrCreate()
    try:
        result = {"remote": type(spark).__module__}
        images = spark.read.format("binaryFile").load(spec["images"])
        classifier = ml.ImageClassifier(modelPath=spec["classifier"], inputCol="content", errorCol="error",
                                        handleInvalid="keep", topK=2, device="cpu")
        result["classified"] = rows(classifier.transform(images), spec["classifier_columns"])

        embedder = ml.ImageEmbedder(modelPath=spec["embedder"], inputCol="content", errorCol="error",
                                    handleInvalid="skip")
        pipeline = Pipeline(stages=[embedder, KMeans(k=2, seed=7, featuresCol="embedding")])
        fitted = pipeline.fit(images)
        result["clustered"] = rows(fitted.transform(images), ["path", "embedding", "prediction"])
        fitted.write().overwrite().save(spec["saved"])
        loaded = PipelineModel.load(spec["saved"])
        result["loaded_stages"] = [type(s).__module__ + "." + type(s).__name__ for s in loaded.stages]
        result["loaded_model_path"] = loaded.stages[0].getModelPath()
        result["reloaded"] = rows(loaded.transform(images), ["path", "embedding", "prediction"])

        missing_column = ml.ImageClassifier(modelPath=spec["classifier"], inputCol="nope")
        result["missing_column"] = refusal(missing_column, lambda: missing_column.transform(images))
        missing_model = ml.ImageClassifier(modelPath=spec["missing_model"], inputCol="content")
        result["missing_model"] = refusal(missing_model, lambda: missing_model.transform(images))
        strict = ml.ImageClassifier(modelPath=spec["classifier"], inputCol="content")
        broken = spark.read.format("binaryFile").load(spec["broken"])
        result["invalid_row"] = refusal(strict, lambda: strict.transform(broken).collect())
        result["metrics"] = refusal(strict, strict.metrics)
        print(json.dumps(result))
    finally:
        spark.stop()


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
