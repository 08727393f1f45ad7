"""The SQL functions (``hf_classify_image``, ``hf_embed_text``, ...) on a session that already runs."""


def _is_connect(spark):
    return type(spark).__module__.startswith("pyspark.sql.connect")


def _server_functions(spark):
    return [r[0] for r in spark.sql("SHOW FUNCTIONS LIKE 'hf_*'").collect()]


def register(spark):
    """Installs every ``hf_*`` function and the planning rule in ``spark`` (the jar of its Spark line must be on its
    classpath: :func:`sparkformers.jar`). A Spark Connect client cannot install functions in its server, whose
    ``spark.sql.extensions`` brings them: there it checks that they are there."""
    from sparkformers import SparkformersError, spark_line

    spark_line(spark.version)
    if _is_connect(spark):
        if not _server_functions(spark):
            raise SparkformersError(
                "this Spark Connect server has no hf_* functions: start it with the sparkformers jar and "
                "spark.sql.extensions=io.sparkformers.sql.SparkformersExtensions (a Databricks cluster's Spark config)")
        return spark
    spark._jvm.io.sparkformers.sql.HfFunctions.register(spark._jsparkSession)
    return spark


def functions(spark):
    """One usage line per function, as the SQL help prints them (over Spark Connect, the functions' names)."""
    if _is_connect(spark):
        return "\n".join(_server_functions(spark))
    return str(spark._jvm.io.sparkformers.sql.HfFunctions.describe())
