import os
import shutil
import subprocess
import sys
import zipfile

import pytest

PACKAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _source_without_jars(tmp_path):
    src = tmp_path / "src"
    (src / "sparkformers").mkdir(parents=True)
    for f in ("pyproject.toml", "setup.py"):
        shutil.copy(os.path.join(PACKAGE, f), src / f)
    for f in os.listdir(os.path.join(PACKAGE, "sparkformers")):
        if f.endswith(".py"):
            shutil.copy(os.path.join(PACKAGE, "sparkformers", f), src / "sparkformers" / f)
    return src


def _wheel(src, out):
    return subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-q", "-w",
                           str(out), str(src)], capture_output=True, text=True, timeout=300)


def test_the_package_is_not_built_without_its_jar(tmp_path):
    pytest.importorskip("setuptools", minversion="70.1")
    src = _source_without_jars(tmp_path)
    refused = _wheel(src, tmp_path / "dist")
    assert refused.returncode != 0
    assert "no jar in" in refused.stderr + refused.stdout and "mvn -B package -DskipTests" in refused.stderr + refused.stdout
    # With a jar in place (the Maven build copies the real ones), the wheel carries it and the command's logging.
    (src / "sparkformers" / "jars").mkdir()
    (src / "sparkformers" / "jars" / "sparkformers-jobs-0.1.0-spark4_2.13.jar").write_bytes(b"PK\x05\x06" + bytes(18))
    (src / "sparkformers" / "conf").mkdir()
    (src / "sparkformers" / "conf" / "log4j2.properties").write_text("rootLogger.level = warn\n")
    built = _wheel(src, tmp_path / "dist")
    assert built.returncode == 0, built.stderr
    (wheel,) = os.listdir(tmp_path / "dist")
    names = zipfile.ZipFile(tmp_path / "dist" / wheel).namelist()
    assert "sparkformers/jars/sparkformers-jobs-0.1.0-spark4_2.13.jar" in names
    assert "sparkformers/conf/log4j2.properties" in names
