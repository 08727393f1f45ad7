"""The base of every generated stage class: a pyspark.ml JavaTransformer that reads and writes as its Java class."""
from pyspark.ml.util import DefaultParamsReader, JavaMLReadable, JavaMLReader, JavaMLWritable
from pyspark.ml.wrapper import JavaParams, JavaTransformer


class _Reader(JavaMLReader):
    """Loads with the stage's Java class (PySpark derives it from the module path, which is not ours)."""

    @classmethod
    def _java_loader_class(cls, clazz):
        return clazz._java_class


class SparkformersError(RuntimeError):
    """A stage refused to run: the message is the library's own (the Java exception's), without the JVM frames."""


class SparkformersStage(JavaTransformer, JavaMLReadable, JavaMLWritable):
    """A sparkformers stage: the Java stage of ``_java_class`` with its Params."""

    _java_class = None

    @classmethod
    def read(cls):
        return _Reader(cls)

    def metrics(self):
        """What the last ``transform`` did so far, summed over its tasks (the Spark UI shows the same accumulators,
        ``sparkformers <Stage(uid)>: <metric>``): rows, invalid rows, ONNX Runtime calls, model rows run, rows retried
        alone, padded and batched elements, and microseconds preparing, in ONNX Runtime and in the head."""
        return {str(k): int(v) for k, v in self._java_obj.metrics().items()}

    def _transform(self, dataset):
        # The stage checks its columns and opens the model on the driver when it is applied: say why it cannot run in
        # the library's words.
        from py4j.protocol import Py4JJavaError
        from pyspark.errors.exceptions.captured import CapturedException

        try:
            return super()._transform(dataset)
        except Py4JJavaError as e:
            raise SparkformersError(str(e.java_exception.getMessage())) from None
        except CapturedException as e:
            raise SparkformersError(str(e).split("\n\tat ")[0].strip()) from None


_from_java = JavaParams._from_java


def _sparkformers_from_java(java_stage):
    """PySpark maps a Java stage to ``pyspark.*`` by its class name; ours live in ``sparkformers.ml``."""
    name = java_stage.getClass().getName()
    if name.startswith("io.sparkformers.ml."):
        from sparkformers import ml

        py_stage = getattr(ml, name.rsplit(".", 1)[1])()
        py_stage._java_obj = java_stage
        py_stage._resetUid(java_stage.uid())
        py_stage._transfer_params_from_java()
        return py_stage
    return _from_java(java_stage)


# Pipelines saved from Java (or Python) load back as sparkformers classes.
JavaParams._from_java = staticmethod(_sparkformers_from_java)


_load_params_instance = DefaultParamsReader.loadParamsInstance


def _sparkformers_load_params_instance(path, sc):
    """PySpark's own Pipeline reader looks a saved stage's class up by name the same way: ours too."""
    name = DefaultParamsReader.loadMetadata(path, sc)["class"]
    if name.startswith("io.sparkformers.ml."):
        from sparkformers import ml

        return getattr(ml, name.rsplit(".", 1)[1]).load(path)
    return _load_params_instance(path, sc)


DefaultParamsReader.loadParamsInstance = staticmethod(_sparkformers_load_params_instance)


def one_of(*allowed):
    """A Param's type converter that takes one of ``allowed`` strings and names them when given another."""
    from pyspark.ml.param import TypeConverters

    def convert(value):
        value = TypeConverters.toString(value)
        if value not in allowed:
            raise TypeError("%r is not one of: %s" % (value, ", ".join(allowed)))
        return value

    return convert


def our_message(java_exception):
    """The message of the first sparkformers exception in a JVM exception's causes (a Py4JJavaError's too), or None."""
    from py4j.protocol import Py4JJavaError

    cause, seen = java_exception.java_exception if isinstance(java_exception, Py4JJavaError) else java_exception, 0
    while cause is not None and seen < 16:
        if str(cause.getClass().getName()).startswith("io.sparkformers."):
            return str(cause.getMessage())
        cause, seen = cause.getCause(), seen + 1
    return None


def _install_error_translation():
    """A job failed by one of our exceptions (an invalid row under handleInvalid=error, a model that cannot run) is
    raised as SparkformersError with our message first, instead of Spark's stage-failure text and the JVM frames."""
    from pyspark.errors.exceptions import captured

    original = captured.convert_exception
    if getattr(original, "_sparkformers", False):
        return

    def convert(e):
        why = our_message(e)
        return SparkformersError(why) if why is not None else original(e)

    convert._sparkformers = True
    captured.convert_exception = convert


_install_error_translation()
