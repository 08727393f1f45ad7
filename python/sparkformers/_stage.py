"""The base of every generated stage class: a pyspark.ml JavaTransformer that reads and writes as its Java class, in a
classic session (through Py4J) and over Spark Connect (PySpark 4's remote pyspark.ml: the server creates the Java stage
by its class name, which the jar registers as a ``org.apache.spark.ml.Transformer`` service)."""
import os

from pyspark.ml.util import DefaultParamsReader, JavaMLReadable, JavaMLReader, JavaMLWritable, MLReader
from pyspark.ml.wrapper import JavaParams, JavaTransformer


class _Reader(JavaMLReader):
    """Loads with the stage's Java class (PySpark derives it from the module path, which is not ours)."""

    @classmethod
    def _java_loader_class(cls, clazz):
        return clazz._java_class


class SparkformersError(RuntimeError):
    """A stage refused to run: the message is the library's own (the Java exception's), without the JVM frames."""


def _remote():
    """Whether pyspark.ml runs over Spark Connect here (PySpark's own test, as its wrappers make it)."""
    try:
        from pyspark.sql.utils import is_remote
    except ImportError:
        return False
    return is_remote() and "PYSPARK_NO_NAMESPACE_SHARE" not in os.environ


def _check_remote_ml():
    """PySpark 3.5's Connect has no ML: its pyspark.ml classes would fail on a missing JVM, so say what works there."""
    import pyspark

    if pyspark.__version__.startswith("3."):
        raise SparkformersError(
            "the sparkformers.ml stages over Spark Connect need PySpark 4.0 or newer (Spark 3.5's Connect server runs "
            "no ML stages); on PySpark %s use the SQL functions (hf_classify_image, ...) or a classic session"
            % pyspark.__version__)
    _install_connect_error_translation()


class _RemoteReader(MLReader):
    """Reads a saved stage over Spark Connect by its Java class (PySpark's remote reader derives the class name from
    the Python module, which for ``sparkformers.ml`` is not the Java one)."""

    def __init__(self, clazz):
        super().__init__()
        self._clazz = clazz

    def load(self, path):
        import pyspark.sql.connect.proto as pb2
        from pyspark.ml.connect.serialize import deserialize, deserialize_param
        from pyspark.sql.connect.session import SparkSession

        session = SparkSession.getActiveSession()
        if session is None:
            raise SparkformersError("reading %s over Spark Connect needs an active session: "
                                    "SparkSession.builder.remote(...).getOrCreate() first" % self._clazz.__name__)
        command = pb2.Command()
        command.ml_command.read.CopyFrom(pb2.MlCommand.Read(
            operator=pb2.MlOperator(name=self._clazz._java_class, type=pb2.MlOperator.OPERATOR_TYPE_TRANSFORMER),
            path=path))
        (_, properties, _) = session.client.execute_command(command)
        result = deserialize(properties)
        stage = self._clazz()
        stage._resetUid(result.uid)
        stage._set(**{k: deserialize_param(v) for k, v in result.params.params.items()})
        return stage


class SparkformersStage(JavaTransformer, JavaMLReadable, JavaMLWritable):
    """A sparkformers stage: the Java stage of ``_java_class`` with its Params."""

    _java_class = None

    @staticmethod
    def _new_java_obj(java_class, *args):
        if _remote():
            _check_remote_ml()
        return JavaTransformer._new_java_obj(java_class, *args)

    @classmethod
    def read(cls):
        return _RemoteReader(cls) if _remote() else _Reader(cls)

    def metrics(self):
        """What the last ``transform`` did so far, summed over its tasks (the Spark UI shows the same accumulators,
        ``sparkformers <Stage(uid)>: <metric>``): rows, invalid rows, ONNX Runtime calls, model rows run, rows retried
        alone, padded and batched elements, and microseconds preparing, in ONNX Runtime and in the head."""
        if _remote():
            raise SparkformersError(
                "metrics() reads the stage's accumulators in the driver's JVM, which a Spark Connect client cannot "
                "reach: the Spark UI shows them per stage as 'sparkformers %s(%s): <metric>'"
                % (type(self).__name__, self.uid))
        return {str(k): int(v) for k, v in self._java_obj.metrics().items()}

    def _transform(self, dataset):
        # The stage checks its columns and opens the model on the driver when it is applied: say why it cannot run in
        # the library's words.
        if _remote():
            return self._transform_remote(dataset)
        from py4j.protocol import Py4JJavaError
        from pyspark.errors.exceptions.captured import CapturedException

        try:
            return super()._transform(dataset)
        except Py4JJavaError as e:
            raise SparkformersError(str(e.java_exception.getMessage())) from None
        except CapturedException as e:
            raise SparkformersError(_without_frames(str(e))) from None

    def _transform_remote(self, dataset):
        # Over Connect, transform only builds a plan; the server applies the stage when the plan is analysed. Analysing
        # it now refuses a stage that cannot run here, as a classic session does, instead of at the first action.
        from pyspark.errors.exceptions.connect import SparkConnectGrpcException

        result = super()._transform(dataset)
        try:
            result.schema
        except SparkConnectGrpcException as e:
            raise SparkformersError(_connect_message(e)) from None
        return result


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


def _without_frames(message):
    """A JVM error's message without the stack frames a classic or a Connect error appends to it."""
    return message.split("\n\nJVM stacktrace:")[0].split("\n\tat ")[0].strip()


def _connect_message(e):
    """A Connect error's message without its error class prefix and server frames."""
    message = _without_frames(e.getMessage() if hasattr(e, "getMessage") else str(e))
    if message.startswith("[") and "] " in message:
        message = message.split("] ", 1)[1]
    return message


def _sparkformers_cause(resp):
    """The message of the first sparkformers exception in a Connect error's causes (the server sends them when
    spark.sql.connect.enrichError.enabled, its default), or None."""
    if resp is None or not resp.HasField("root_error_idx"):
        return None
    index, seen = resp.root_error_idx, 0
    while seen < 16:
        error = resp.errors[index]
        if error.error_type_hierarchy and error.error_type_hierarchy[0].startswith("io.sparkformers."):
            return error.message
        if not error.HasField("cause_idx"):
            return None
        index, seen = error.cause_idx, seen + 1
    return None


def _install_connect_error_translation():
    """The Connect client's counterpart of :func:`_install_error_translation`: a job failed by one of our exceptions is
    raised as SparkformersError with our message, not Spark's stage-failure text with the server's frames."""
    from pyspark.sql.connect.client import core

    original = core.convert_exception
    if getattr(original, "_sparkformers", False):
        return

    def convert(info, truncated_message, resp, *args, **kwargs):
        why = _sparkformers_cause(resp)
        return SparkformersError(why) if why is not None else original(info, truncated_message, resp, *args, **kwargs)

    convert._sparkformers = True
    core.convert_exception = convert
