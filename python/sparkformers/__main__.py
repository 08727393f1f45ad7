"""``python -m sparkformers <task> --model URI --input PATH --output PATH [options]``: the ``sparkformers`` command.

Runs the same main class as ``bin/sparkformers`` through PySpark's own ``spark-submit`` with the shaded jar, so its
options, output and exit codes are the command's (``--help`` lists them).
"""
import os
import subprocess
import sys

import pyspark

from sparkformers import jar


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    submit = os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit")
    cmd = [submit, "--class", "io.sparkformers.jobs.Main", jar()] + args
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
