"""sparkformers from PySpark: the stages (``sparkformers.ml``), the SQL functions and a session with the jar.

    import sparkformers
    from sparkformers.ml import ImageClassifier
    spark = sparkformers.session()
    images = spark.read.format("binaryFile").load("photos/")
    ImageClassifier(modelPath="models/convnext", inputCol="content", topK=3).transform(images).show()
"""
import glob
import os

__version__ = "0.1.0"
from sparkformers._stage import SparkformersError

__all__ = ["session", "jar", "SparkformersError", "__version__"]

_HERE = os.path.dirname(os.path.abspath(__file__))


def jar():
    """The shaded sparkformers jar: ``$SPARKFORMERS_JAR``, the one the wheel carries, or a checkout's build."""
    if os.environ.get("SPARKFORMERS_JAR"):
        return os.environ["SPARKFORMERS_JAR"]
    candidates = sorted(glob.glob(os.path.join(_HERE, "jars", "*.jar")))
    candidates += sorted(glob.glob(os.path.join(_HERE, "..", "..", "jobs", "target", "sparkformers-jobs-*-all.jar")))
    if not candidates:
        raise FileNotFoundError(
            "no sparkformers jar: set SPARKFORMERS_JAR, install the wheel that carries it, or build a checkout "
            "(mvn -B package -DskipTests writes jobs/target/sparkformers-jobs-*-all.jar)")
    return os.path.abspath(candidates[0])


def session(master=None, conf=None, app_name="sparkformers"):
    """A SparkSession with the jar and the SQL extension (``hf_*`` functions); ``master`` defaults to local[*].

    ``conf`` is a dict of further Spark settings. On a cluster whose session already runs (a notebook's), use
    :func:`sparkformers.sql.register` instead.
    """
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).master(master or "local[*]")
    builder = builder.config("spark.jars", jar()).config(
        "spark.sql.extensions", "io.sparkformers.sql.SparkformersExtensions")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()
