// Databricks notebook source
// MAGIC %md
// MAGIC # sparkformers on Databricks
// MAGIC Attach the jar of the cluster's Spark line to the cluster (`sparkformers-jobs-<version>-spark3.5_2.12.jar` on
// MAGIC Databricks 15.4/16.4 LTS, `-spark4_2.13.jar` on 17.x) and set
// MAGIC `spark.sql.extensions io.sparkformers.sql.SparkformersExtensions` in its Spark config.

// COMMAND ----------

import io.sparkformers.ml.{ImageClassifier, ImageEmbedder}
import org.apache.spark.ml.{Pipeline, PipelineStage}

val photos = spark.read.format("binaryFile").load("s3a://my-bucket/photos/")

// COMMAND ----------

// Two stages in one Pipeline: labels and embeddings from two exports, bad files kept with a reason.
val labels = new ImageClassifier().setModelPath("s3a://my-bucket/models/convnext-tiny-224").setInputCol("content").setTopK(3).setHandleInvalid("keep").setErrorCol("label_error")
val vectors = new ImageEmbedder().setModelPath("s3a://my-bucket/models/dinov2-small").setInputCol("content").setNormalize(true).setHandleInvalid("keep").setErrorCol("embed_error")
val model = new Pipeline().setStages(Array[PipelineStage](labels, vectors)).fit(photos)
val results = model.transform(photos).drop("content")
display(results.select("path", "predictedLabel", "topK", "embedding", "label_error"))

// COMMAND ----------

photos.createOrReplaceTempView("photos")

// COMMAND ----------

// MAGIC %sql
// MAGIC -- scalar functions go anywhere an expression can and run in batches like the stages
// MAGIC SELECT path,
// MAGIC        hf_classify_image('s3a://my-bucket/models/convnext-tiny-224', content, map('top_k', '3')).topK AS topK,
// MAGIC        hf_embed_image('s3a://my-bucket/models/dinov2-small', content).embedding AS embedding
// MAGIC FROM photos

// COMMAND ----------

// MAGIC %sql
// MAGIC SELECT path, predictedLabel, topK
// MAGIC FROM hf_image_classification('s3a://my-bucket/models/convnext-tiny-224', 'photos', 'content', map('top_k', '3'))
