"""toPandas() of stage outputs with Arrow on: Vector columns vs vectorFormat="array" (array<float>).

    PYTHONPATH=python python/.venv/bin/python python/benchmarks/to_pandas.py [rows] [model-dir]

Embeds `rows` short texts with TextEmbedder (default: the fixtures' data2vec-text-feature-extraction export), caches
both forms, then times toPandas() of each (best of 3) and says whether Arrow was used or PySpark fell back.
"""
import os
import sys
import time
import warnings

import sparkformers
from sparkformers.ml import TextEmbedder

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    model = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        REPO, "..", "shared", "fixtures", "hf-tiny", "data2vec-text-feature-extraction")
    spark = sparkformers.session(master="local[2]", conf={
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.execution.arrow.pyspark.fallback.enabled": "true",
        "spark.ui.enabled": "false", "spark.driver.memory": "4g"})
    texts = spark.range(rows).selectExpr("concat('sentence number ', id, ' about cats') AS text")
    outputs = {}
    for fmt in ("vector", "array"):
        out = TextEmbedder(modelPath=os.path.abspath(model), vectorFormat=fmt, batchSize=64).transform(texts)
        outputs[fmt] = out.select("embedding").cache()
        outputs[fmt].count()
    dim = None
    for fmt, df in outputs.items():
        best = float("inf")
        fell_back = False
        for _ in range(3):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                t0 = time.perf_counter()
                pdf = df.toPandas()
                best = min(best, time.perf_counter() - t0)
            fell_back |= any("Arrow" in str(w.message) and "fall" in str(w.message).lower() for w in caught)
        first = pdf["embedding"].iloc[0]
        dim = len(first.toArray() if hasattr(first, "toArray") else first)
        print("%-6s %d rows x %d: toPandas best of 3 %.2f s (%s), %s per value" % (
            fmt, len(pdf), dim, best, "Arrow fell back" if fell_back else "Arrow", type(first).__name__))
    spark.stop()


if __name__ == "__main__":
    main()
