# Databricks notebook source
# MAGIC %md
# MAGIC # sparkformers on Databricks (Python)
# MAGIC Attach the jar of the cluster's Spark line to the cluster (`sparkformers-jobs-<version>-spark3.5_2.12.jar` on
# MAGIC Databricks 15.4/16.4 LTS, `-spark4_2.13.jar` on 17.x; `sparkformers.jar()` names it), set
# MAGIC `spark.sql.extensions io.sparkformers.sql.SparkformersExtensions` in its Spark config and `%pip install` the
# MAGIC `sparkformers` Python package. The paths below are the cluster's; `SPARKFORMERS_*` environment variables
# MAGIC override them (CI runs this notebook on the tiny test models).

# COMMAND ----------

import os

from pyspark.ml import Pipeline
from sparkformers.ml import ImageClassifier, ImageEmbedder

photos_path = os.environ.get("SPARKFORMERS_PHOTOS", "s3a://my-bucket/photos/")
classifier_model = os.environ.get("SPARKFORMERS_CLASSIFIER", "s3a://my-bucket/models/convnext-tiny-224")
embedder_model = os.environ.get("SPARKFORMERS_EMBEDDER", "s3a://my-bucket/models/dinov2-small")
photos = spark.read.format("binaryFile").load(photos_path)

# COMMAND ----------

# Two stages in one Pipeline: labels and embeddings from two exports, bad files kept with a reason. Embeddings as
# array<float>, so toPandas() and pandas UDFs get numpy arrays through Arrow.
labels = ImageClassifier(modelPath=classifier_model, inputCol="content", topK=3, handleInvalid="keep",
                         errorCol="label_error")
vectors = ImageEmbedder(modelPath=embedder_model, inputCol="content", normalize=True, vectorFormat="array",
                        handleInvalid="keep", errorCol="embed_error")
results = Pipeline(stages=[labels, vectors]).fit(photos).transform(photos).drop("content")
display(results.select("path", "predictedLabel", "topK", "embedding", "label_error"))

# COMMAND ----------

table = results.select("path", "predictedLabel", "embedding").toPandas()
print(table.head())

# COMMAND ----------

photos.createOrReplaceTempView("photos")
display(spark.sql(
    "SELECT path, hf_classify_image('%s', content, map('top_k', '3')).topK AS topK FROM photos" % classifier_model))
