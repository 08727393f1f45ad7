"""sparkformers from PySpark: the stages (``sparkformers.ml``), the SQL functions and a session with the jar.

    import sparkformers
    from sparkformers.ml import ImageClassifier
    spark = sparkformers.session()
    images = spark.read.format("binaryFile").load("photos/")
    ImageClassifier(modelPath="models/convnext", inputCol="content", topK=3).transform(images).show()
"""
import glob
import os
import re

__version__ = "0.1.0"
from sparkformers._stage import SparkformersError

__all__ = ["session", "jar", "spark_line", "SparkformersError", "__version__", "ml", "sql"]


def __getattr__(name):
    """``sparkformers.ml`` and ``sparkformers.sql`` after a plain ``import sparkformers`` (imported when first used, so
    the package itself imports without PySpark)."""
    if name in ("ml", "sql"):
        import importlib

        return importlib.import_module("sparkformers." + name)
    raise AttributeError("module 'sparkformers' has no attribute %r" % name)

_HERE = os.path.dirname(os.path.abspath(__file__))
_CHECKOUT_JOBS = os.path.join(_HERE, "..", "..", "jobs", "target")

# The Spark lines there is a jar for: (what matches the running Spark's version, the jar's suffix, in words).
_LINES = (
    (re.compile(r"3\.5\."), "spark3.5_2.12", "Spark 3.5 (Scala 2.12)"),
    (re.compile(r"4\.\d+\."), "spark4_2.13", "Spark 4.0 to the newest 4.x (Scala 2.13)"),
)


def spark_line(version=None):
    """The jar suffix for a Spark version (default: this PySpark's), e.g. ``spark4_2.13``; an unsupported one is
    refused with one line naming what is supported."""
    if version is None:
        try:
            import pyspark
        except ImportError:
            raise SparkformersError(
                "sparkformers needs PySpark (3.5 or 4.x): pip install 'sparkformers[pyspark]', or run where a cluster "
                "provides it") from None
        version = pyspark.__version__
    for pattern, line, _ in _LINES:
        if pattern.match(version + "."):
            return line
    raise SparkformersError(
        "sparkformers %s does not support Spark %s: it runs on %s" % (__version__, version, " and ".join(
            words for _, _, words in _LINES)))


def jar(spark_version=None):
    """The shaded sparkformers jar for the running PySpark's Spark line (or ``spark_version``'s):
    ``$SPARKFORMERS_JAR``, else the one of that line the wheel carries, else a checkout's build of it."""
    if os.environ.get("SPARKFORMERS_JAR"):
        return os.environ["SPARKFORMERS_JAR"]
    line = spark_line(spark_version)
    name = "sparkformers-jobs-*-%s.jar" % line
    candidates = sorted(glob.glob(os.path.join(_HERE, "jars", name)))
    candidates += sorted(glob.glob(os.path.join(_CHECKOUT_JOBS, name)))
    candidates += sorted(glob.glob(os.path.join(_CHECKOUT_JOBS, line, name)))
    if not candidates:
        raise FileNotFoundError(
            "no sparkformers jar for %s: set SPARKFORMERS_JAR, install a wheel that carries it, or build a checkout "
            "(mvn -B package -DskipTests%s writes jobs/target/%s%s)" % (
                line, " -Pspark-3.5" if line.startswith("spark3") else "",
                line + "/" if line.startswith("spark3") else "", name))
    return os.path.abspath(candidates[0])


def session(master=None, conf=None, app_name="sparkformers"):
    """A SparkSession with the jar and the SQL extension (``hf_*`` functions); ``master`` defaults to local[*].

    ``conf`` is a dict of further Spark settings. On a cluster whose session already runs (a notebook's), use
    :func:`sparkformers.sql.register` instead. A PySpark of no supported Spark line is refused before anything starts.
    """
    spark_line()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).master(master or "local[*]")
    builder = builder.config("spark.jars", jar()).config(
        "spark.sql.extensions", "io.sparkformers.sql.SparkformersExtensions")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    from py4j.protocol import Py4JJavaError

    try:
        return builder.getOrCreate()
    except Py4JJavaError as e:
        # The SQL extension refuses a jar of another Spark line (SPARKFORMERS_JAR pointing at it): in one line.
        from sparkformers._stage import our_message

        why = our_message(e)
        if why is None:
            raise
        raise SparkformersError(why) from None
