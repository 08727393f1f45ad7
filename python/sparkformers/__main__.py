"""``python -m sparkformers <task> --model URI --input PATH --output PATH [options]``: the ``sparkformers`` command.

Runs the same main class as ``bin/sparkformers`` through PySpark's own ``spark-submit`` with the shaded jar, so its
options, output and exit codes are the command's (``--help`` lists them). ``s3a://`` paths work as in the command:
hadoop-aws and the AWS SDK modules it needs come with the package for Spark 4's PySpark; credentials come from the
standard provider chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, a profile, an instance role) or from
``spark.hadoop.fs.s3a.*`` settings (``SPARK_SUBMIT_OPTS="-Dspark.hadoop.fs.s3a.endpoint=..."`` or the
``spark-defaults.conf`` of ``SPARK_CONF_DIR``).
"""
import glob
import os
import subprocess
import sys

import pyspark

from sparkformers import jar, spark_line

_HERE = os.path.dirname(os.path.abspath(__file__))


def hadoop_version():
    """The Hadoop this PySpark bundles (its hadoop-client-api jar's version), or None."""
    bundled = glob.glob(os.path.join(os.path.dirname(pyspark.__file__), "jars", "hadoop-client-api-*.jar"))
    return os.path.basename(bundled[0])[len("hadoop-client-api-"):-len(".jar")] if bundled else None


def s3_jars(args=()):
    """The S3 filesystem's jars for this PySpark: the hadoop-aws of its Hadoop (it must match exactly) and the AWS SDK
    modules the package carries for the Spark 4 line, unless the PySpark has a hadoop-aws of its own. Where the package
    has none for this Hadoop, a command given an s3a:// path says what to add instead."""
    bundled = os.path.join(os.path.dirname(pyspark.__file__), "jars")
    if glob.glob(os.path.join(bundled, "hadoop-aws-*.jar")):
        return []
    hadoop = hadoop_version()
    aws = sorted(glob.glob(os.path.join(_HERE, "jars", "s3", "hadoop-%s" % hadoop, "*.jar")))
    if spark_line() != "spark4_2.13" or not aws:
        if any("s3a://" in a for a in args):
            print("sparkformers: this package carries no S3 filesystem for PySpark %s (Hadoop %s): add it with "
                  "spark-submit's --packages org.apache.hadoop:hadoop-aws:%s, or run bin/sparkformers"
                  % (pyspark.__version__, hadoop, hadoop), file=sys.stderr)
        return []
    return aws + sorted(glob.glob(os.path.join(_HERE, "jars", "s3", "*.jar")))


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    submit = os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit")
    cmd = [submit]
    # The command's own logging (Spark at WARN, failed tasks' traces to a file), not spark-submit's INFO chatter.
    logging = os.path.join(_HERE, "conf", "log4j2.properties")
    if os.path.isfile(logging):
        cmd += ["--driver-java-options", "-Dlog4j2.configurationFile=" + logging]
    extra = s3_jars(args)
    if extra:
        cmd += ["--jars", ",".join(extra)]
    cmd += ["--class", "io.sparkformers.jobs.Main", jar()] + args
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
