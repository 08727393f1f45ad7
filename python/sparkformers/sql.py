"""The SQL functions (``hf_classify_image``, ``hf_embed_text``, ...) on a session that already runs."""


def register(spark):
    """Installs every ``hf_*`` function and the planning rule in ``spark`` (the jar of its Spark line must be on its
    classpath: :func:`sparkformers.jar`)."""
    from sparkformers import spark_line

    spark_line(spark.version)
    spark._jvm.io.sparkformers.sql.HfFunctions.register(spark._jsparkSession)
    return spark


def functions(spark):
    """One usage line per function, as the SQL help prints them."""
    return str(spark._jvm.io.sparkformers.sql.HfFunctions.describe())
