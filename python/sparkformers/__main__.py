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
    cmd = [submit]
    # The command's own logging (Spark at WARN, failed tasks' traces to a file), not spark-submit's INFO chatter.
    logging = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conf", "log4j2.properties")
    if os.path.isfile(logging):
        cmd += ["--driver-java-options", "-Dlog4j2.configurationFile=" + logging]
    cmd += ["--class", "io.sparkformers.jobs.Main", jar()] + args
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
