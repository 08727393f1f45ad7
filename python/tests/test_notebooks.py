"""The Python notebooks of examples/notebooks, executed on the fixture models: the Jupyter one cell by cell as a kernel
would run it, the Databricks source with the ``spark`` and ``display`` a Databricks notebook has."""
import json
import os

import pytest

from conftest import FIXTURES, REPO, models

NOTEBOOKS = os.path.join(REPO, "examples", "notebooks")


@pytest.fixture()
def fixture_env(monkeypatch):
    monkeypatch.setenv("SPARKFORMERS_REPO", REPO)
    monkeypatch.setenv("SPARKFORMERS_FIXTURES", FIXTURES)
    monkeypatch.setenv("SPARKFORMERS_CLASSIFIER", models("image-classification")[0])
    monkeypatch.setenv("SPARKFORMERS_TEXT_MODEL", models("text-features")[0])
    monkeypatch.setenv("SPARKFORMERS_EMBEDDER", models("image-features")[0])
    monkeypatch.setenv("SPARKFORMERS_PHOTOS", os.path.join(FIXTURES, "inputs", "images", "*.*"))
    monkeypatch.chdir(NOTEBOOKS)


def test_jupyter_notebook_runs(spark, fixture_env, capsys):
    with open(os.path.join(NOTEBOOKS, "sparkformers-quickstart.ipynb")) as f:
        notebook = json.load(f)
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(cells) >= 3
    namespace = {}
    for i, cell in enumerate(cells):
        exec(compile("".join(cell["source"]), "quickstart.ipynb cell %d" % i, "exec"), namespace)
    out = capsys.readouterr().out
    assert "predictedLabel" in out and "label" in out
    assert namespace["frame"].shape[0] == 2


def test_databricks_python_notebook_runs(spark, fixture_env):
    with open(os.path.join(NOTEBOOKS, "sparkformers-databricks.py")) as f:
        source = f.read()
    assert source.startswith("# Databricks notebook source")
    shown = []
    namespace = {"spark": spark, "display": lambda df: shown.append(df.collect())}
    cells = [c for c in source.split("# COMMAND ----------") if "# MAGIC" not in c.strip().splitlines()[0]]
    for i, cell in enumerate(cells):
        exec(compile(cell, "sparkformers-databricks.py cell %d" % i, "exec"), namespace)
    assert len(shown) == 2 and all(len(rows) > 0 for rows in shown)
    assert "predictedLabel" in namespace["results"].columns
