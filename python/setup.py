"""Refuses to build the package without its jar: installed without one, every stage would fail later, far from here.

The Maven build copies the shaded jar of each Spark line it builds into ``sparkformers/jars`` (and the command's
logging into ``sparkformers/conf``); ``pyproject.toml`` holds everything else.
"""
import glob
import os

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithJar(build_py):
    def run(self):
        if not glob.glob(os.path.join(HERE, "sparkformers", "jars", "sparkformers-jobs-*.jar")):
            raise SystemExit(
                "sparkformers: no jar in " + os.path.join(HERE, "sparkformers", "jars") + ": build it first with "
                "`mvn -B package -DskipTests` at the repository root (add -Pspark-3.5 for Spark 3.5), which copies it "
                "there, then install again")
        super().run()


setup(cmdclass={"build_py": BuildWithJar})
