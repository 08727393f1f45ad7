import json
import os

import numpy as np
import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.sql import DataFrame

import sparkformers
import sparkformers.sql
from sparkformers import ml
from conftest import FIXTURES, manifest, models


def java_value(v):
    """A Java Param value as Python sees it (Py4J arrays become lists)."""
    return list(v) if hasattr(v, "__len__") and not isinstance(v, str) else v


def test_every_stage_has_the_java_stage_params_and_defaults(spark):
    assert ml.__all__, "no stage classes"
    for name in ml.__all__:
        stage = getattr(ml, name)()
        java = stage._java_obj
        assert java.getClass().getName() == "io.sparkformers.ml." + name
        assert sorted(p.name for p in stage.params) == sorted(p.name() for p in java.params()), name
        for p in stage.params:
            jp = java.getParam(p.name)
            assert stage.hasDefault(p) == java.hasDefault(jp), (name, p.name)
            if java.hasDefault(jp):
                assert stage.getOrDefault(p) == java_value(java.getDefault(jp).get()), (name, p.name)


def test_keyword_constructor_setters_and_getters(spark):
    clf = ml.ImageClassifier(modelPath="m", inputCol="content", topK=3, handleInvalid="keep", errorCol="error")
    assert (clf.getModelPath(), clf.getInputCol(), clf.getTopK()) == ("m", "content", 3)
    assert clf.setTopK(4).getTopK() == 4
    seg = ml.ImageSegmenter(labelIdsToFuse=[0, 2], threshold=0.25)
    assert seg.getLabelIdsToFuse() == [0, 2] and seg.getThreshold() == 0.25
    with pytest.raises(TypeError):
        ml.ImageClassifier("positional")


def images(spark):
    return spark.read.format("binaryFile").load(os.path.join(FIXTURES, "inputs", "images"))


def test_a_choice_names_the_values_it_takes(spark):
    with pytest.raises(TypeError, match="'drop' is not one of: error, skip, keep"):
        ml.ImageClassifier(handleInvalid="drop")
    with pytest.raises(TypeError, match="is not one of: cpu, cuda, auto"):
        ml.TextEmbedder().setDevice("gpu")
    assert ml.TextEmbedder(pooling="cls").getPooling() == "cls"


def test_image_classifier_gives_the_java_stage_rows_and_the_fixture_logits(spark):
    for model in models("image-classification"):
        df = images(spark)
        py = ml.ImageClassifier(modelPath=model, inputCol="content", errorCol="error", handleInvalid="keep",
                                device="cpu", topK=2).transform(df)
        jstage = spark._jvm.io.sparkformers.ml.ImageClassifier()
        jstage.setModelPath(model).setInputCol("content").setErrorCol("error").setHandleInvalid("keep")
        jstage.setDevice("cpu").setTopK(2)
        java = DataFrame(jstage.transform(df._jdf), spark)
        cols = ["path", "rawPrediction", "predictedLabel", "topK", "error"]
        got = sorted(py.select(*cols).collect(), key=lambda r: r.path)
        want = sorted(java.select(*cols).collect(), key=lambda r: r.path)
        assert len(got) == df.count() == len(want)
        assert got == want
        # An oracle outside the library: the fixture's logits (transformers' processor, ONNX Runtime) per image.
        by_file = {os.path.basename(r.path): r for r in got}
        cases = os.path.join(model, "cases")
        checked = 0
        for case in sorted(os.listdir(cases)):
            with open(os.path.join(cases, case, "inputs.json")) as f:
                inputs = json.load(f)["images"]
            if len(inputs) != 1:
                continue
            with open(os.path.join(cases, case, "expected.json")) as f:
                expected = json.load(f)
            want_logits = np.load(os.path.join(cases, case, expected["tensors"]["logits"]["file"]))[0]
            row = by_file[os.path.basename(inputs[0])]
            assert row.error is None
            # The fixtures' logits are PyTorch's: ONNX Runtime's recorded distance from them widens the 1e-4 budget,
            # as the Java parity suite does (Fixtures.outputTolerance).
            gap = expected.get("onnxruntime_check", {}).get("max_abs_diff", {}).get("logits", 0)
            np.testing.assert_allclose(row.rawPrediction.toArray(), want_logits, atol=max(1e-4, 4 * gap), rtol=1e-4,
                                       err_msg="%s %s" % (os.path.basename(model), case))
            checked += 1
        assert checked > 0, model


def test_pipelines_persist_both_ways(spark, tmp_path):
    model = models("image-classification")[0]
    stage = ml.ImageClassifier(modelPath=model, inputCol="content", topK=3, errorCol="err")
    py_saved = str(tmp_path / "from-python")
    Pipeline(stages=[stage]).fit(images(spark)).write().overwrite().save(py_saved)
    java_loaded = spark._jvm.org.apache.spark.ml.PipelineModel.load(py_saved).stages()[0]
    assert java_loaded.getClass().getName() == "io.sparkformers.ml.ImageClassifier"
    assert java_loaded.getOrDefault(java_loaded.topK()) == 3
    assert java_loaded.getOrDefault(java_loaded.errorCol()) == "err"

    java_saved = str(tmp_path / "from-java")
    jstage = spark._jvm.io.sparkformers.ml.TextEmbedder().setModelPath("m").setPooling("cls").setMaxLength(16)
    jstages = spark._jvm.java.util.ArrayList()
    jstages.add(jstage)
    spark._jvm.org.apache.spark.ml.PipelineModel("p", jstages).write().overwrite().save(java_saved)
    loaded = PipelineModel.load(java_saved).stages[0]
    assert isinstance(loaded, ml.TextEmbedder)
    assert (loaded.getPooling(), loaded.getMaxLength(), loaded.uid) == ("cls", 16, jstage.uid())
    alone = str(tmp_path / "alone")
    ml.ImageSegmenter(modelPath=model, labelIdsToFuse=[1]).save(alone)
    back = ml.ImageSegmenter.load(alone)
    assert back.getLabelIdsToFuse() == [1] and back.getModelPath() == model


def test_sql_functions_from_python(spark):
    sparkformers.sql.register(spark)
    model = models("image-classification")[0]
    images(spark).createOrReplaceTempView("photos")
    rows = spark.sql(
        "SELECT path, hf_classify_image('%s', content, map('top_k', '1', 'handle_invalid', 'keep')) AS c FROM photos" % model).collect()
    assert len(rows) == images(spark).count()
    labels = json.load(open(os.path.join(model, "config.json")))["id2label"].values()
    ok = [r for r in rows if r.c.error is None]
    assert ok and all(r.c.predictedLabel in labels for r in ok)
    assert "hf_classify_image" in sparkformers.sql.functions(spark)


def test_stage_errors_are_python_errors_in_our_words(spark, tmp_path):
    with pytest.raises(sparkformers.SparkformersError) as e:
        ml.ImageClassifier(modelPath=models("image-classification")[0], inputCol="nope").transform(images(spark))
    assert "input column 'nope' does not exist" in str(e.value)
    assert "\tat " not in str(e.value), "no JVM frames"
    missing = str(tmp_path / "no-model")
    with pytest.raises(sparkformers.SparkformersError) as e:
        ml.ImageClassifier(modelPath=missing, inputCol="content").transform(images(spark))
    assert str(e.value).startswith("model directory " + missing) and "does not exist" in str(e.value)


def test_the_command_runs_from_python(tmp_path):
    import subprocess
    import sys

    model = models("image-classification")[0]
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, "-m", "sparkformers", "image-classification", "--model", model, "--input",
                           os.path.join(FIXTURES, "inputs", "images"), "--output", str(out), "--master", "local[1]",
                           "--format", "json"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    import re

    rows = int(re.search(r"done: (\d+) rows", done.stdout).group(1))
    # Quiet as bin/sparkformers: the command's own lines, no spark-submit INFO chatter.
    spark_info = r" INFO (SparkContext|DAGScheduler|Executor|TaskSetManager|BlockManager\w*|SparkUI|Utils): "
    chatter = [line for line in done.stderr.splitlines() if re.search(spark_info, line)]
    assert not chatter and len(done.stderr.splitlines()) < 40, done.stderr
    written = sum(len(open(os.path.join(out, f)).read().splitlines()) for f in os.listdir(out) if f.endswith(".json"))
    assert rows > 0 and written == rows, done.stdout
    bad = subprocess.run([sys.executable, "-m", "sparkformers", "translation"], capture_output=True, text=True,
                         env=env, timeout=300)
    assert bad.returncode == 2 and "unknown task 'translation'" in bad.stderr, bad.stderr


def test_the_readme_example_runs_as_written(spark, capsys):
    import re

    from conftest import REPO

    with open(os.path.join(REPO, "README.md")) as f:
        block = re.search(r"### Python.*?```python\n(.*?)```", f.read(), re.S).group(1)
    assert len(block.strip().splitlines()) == 5, block
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    shown = capsys.readouterr().out
    assert "embedding" in shown and "A man is playing" in shown, shown


def test_vector_format_array_reaches_pandas_through_arrow(spark):
    import warnings

    model = models("image-classification")[0]
    spark.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
    spark.conf.set("spark.sql.execution.arrow.pyspark.fallback.enabled", "false")
    try:
        out = ml.ImageClassifier(modelPath=model, inputCol="content", vectorFormat="array").transform(images(spark))
        with warnings.catch_warnings():
            # An Arrow fallback is a UserWarning (an older PySpark's own DeprecationWarnings are not ours).
            warnings.simplefilter("error", UserWarning)
            pdf = out.select("path", "rawPrediction", "probability").toPandas()
        vectors = ml.ImageClassifier(modelPath=model, inputCol="content").transform(images(spark))
        want = {r.path: r.rawPrediction.toArray() for r in vectors.select("path", "rawPrediction").collect()}
        assert len(pdf) == len(want)
        for path, logits in zip(pdf["path"], pdf["rawPrediction"]):
            np.testing.assert_array_equal(np.asarray(logits, dtype=np.float32), want[path].astype(np.float32))
    finally:
        spark.conf.set("spark.sql.execution.arrow.pyspark.enabled", "false")
        spark.conf.unset("spark.sql.execution.arrow.pyspark.fallback.enabled")


def texts(spark):
    with open(os.path.join(FIXTURES, manifest()["inputs"]["texts"])) as f:
        items = sorted(json.load(f)["texts"].items())
    return spark.createDataFrame(items, "id string, text string")


def audio(spark):
    return spark.read.format("binaryFile").load(os.path.join(FIXTURES, "inputs", "audio", "*.wav"))


@pytest.mark.parametrize("kind, name, data, key, columns", [
    ("text-classification", "TextClassifier", texts, "id", ["rawPrediction", "predictedLabel", "topK"]),
    ("token-classification", "TokenClassifier", texts, "id", ["entities"]),
    ("text-features", "TextEmbedder", texts, "id", ["embedding"]),
    ("image-features", "ImageEmbedder", images, "path", ["embedding"]),
    ("audio-classification", "AudioClassifier", audio, "path", ["rawPrediction", "predictedLabel"]),
    ("ctc", "SpeechRecognizer", audio, "path", ["transcription"]),
    ("xvector", "SpeakerEmbedder", audio, "path", ["embedding"]),
])
def test_every_modality_gives_the_java_stage_rows(spark, kind, name, data, key, columns):
    df = data(spark)
    input_col = "text" if data is texts else "content"
    params = {"inputCol": input_col, "errorCol": "error", "handleInvalid": "keep", "device": "cpu", "batchSize": 2}
    for model in models(kind):
        py = getattr(ml, name)(modelPath=model, **params).transform(df)
        java_stage = getattr(spark._jvm.io.sparkformers.ml, name)()
        java_stage.setModelPath(model)
        for param, value in params.items():
            java_stage.set(java_stage.getParam(param), value)
        java = DataFrame(java_stage.transform(df._jdf), spark)
        cols = [key] + columns + ["error"]
        got = sorted(py.select(*cols).collect(), key=lambda r: r[key])
        want = sorted(java.select(*cols).collect(), key=lambda r: r[key])
        assert len(got) == df.count() == len(want), model
        assert got == want, model
        assert any(r.error is None for r in got), model


def test_the_wheel_the_build_wrote_installs_with_its_jars(tmp_path):
    """The README installs python/dist's wheel, which the Maven build writes: it carries the shaded jar of this Spark
    line (the same bytes) and, for Spark 4, the S3 filesystem's jars for this PySpark's Hadoop."""
    import glob
    import subprocess
    import sys

    from conftest import REPO

    line = sparkformers.spark_line()
    built = glob.glob(os.path.join(REPO, "python", "sparkformers", "jars", "*-%s.jar" % line))
    assert built, "the Maven build copies the shaded jar of its Spark line into python/sparkformers/jars"
    wheels = glob.glob(os.path.join(REPO, "python", "dist", "sparkformers-%s-*.whl" % sparkformers.__version__))
    assert len(wheels) == 1, "the Maven build (jobs, package) writes one wheel into python/dist: %s" % wheels
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), wheels[0]],
                   check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "SPARKFORMERS_JAR"}
    env["PYTHONPATH"] = str(site)
    found = subprocess.run(
        [sys.executable, "-c", "import sparkformers, sparkformers.__main__ as m; print(sparkformers.jar()); "
                               "print('\\n'.join(m.s3_jars()))"],
        env=env, capture_output=True, text=True, check=True, cwd=str(tmp_path)).stdout.split()
    assert found[0].startswith(str(site)) and found[0].endswith("-%s.jar" % line), found
    assert os.path.getsize(found[0]) == os.path.getsize(built[0]), found
    if line == "spark4_2.13":
        from sparkformers.__main__ import hadoop_version

        names = [os.path.basename(f) for f in found[1:]]
        assert "hadoop-aws-%s.jar" % hadoop_version() in names, names
        assert all(f.startswith(str(site)) for f in found[1:]) and any(n.startswith("s3-") for n in names), names


def test_an_invalid_row_under_error_is_our_message_first(spark, tmp_path):
    import shutil

    photos = tmp_path / "photos"
    photos.mkdir()
    first = sorted(f for f in os.listdir(os.path.join(FIXTURES, "inputs", "images")) if "." in f)[0]
    shutil.copy(os.path.join(FIXTURES, "inputs", "images", first), photos / first)
    (photos / "broken.jpg").write_bytes(b"not an image")
    df = spark.read.format("binaryFile").load(str(photos))
    stage = ml.ImageClassifier(modelPath=models("image-classification")[0], inputCol="content")
    with pytest.raises(sparkformers.SparkformersError) as e:
        stage.transform(df).collect()
    first_line = str(e.value).splitlines()[0]
    assert first_line.startswith("ImageClassifier(") and "invalid row [path=" in first_line, first_line
    assert "broken.jpg" in first_line and "handleInvalid=error" in first_line, first_line


def test_metrics_count_the_rows_of_the_last_transform(spark):
    model = models("image-classification")[0]
    stage = ml.ImageClassifier(modelPath=model, inputCol="content", handleInvalid="keep", errorCol="error")
    assert stage.metrics() == {}
    out = stage.transform(images(spark)).collect()
    m = stage.metrics()
    assert m["rows"] == len(out) and m["invalid rows"] == sum(1 for r in out if r.error is not None), m
    assert m["ONNX Runtime calls"] >= 1 and m["inference µs"] > 0, m
