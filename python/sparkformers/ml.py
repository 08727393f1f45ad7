# Generated from the Java stages by io.sparkformers.task.PythonStages: do not edit.
# Regenerate with: mvn -pl jobs test -Dtest=PythonStagesTest -Dsparkformers.updatePython=true
"""The sparkformers stages as pyspark.ml transformers (keyword constructors, camelCase Params)."""
from typing import List, Optional

from pyspark import keyword_only
from pyspark.ml.param import Param, Params, TypeConverters

from sparkformers._stage import SparkformersStage, one_of

__all__ = ["ImageClassifier", "ImageEmbedder", "ImageSegmenter", "TextEmbedder", "TextClassifier", "TokenClassifier", "FillMask", "QuestionAnswerer", "MultipleChoice", "SpeechRecognizer", "AudioClassifier", "AudioFrameClassifier", "SpeakerEmbedder", "OnnxTransformer"]


class _StageParams(SparkformersStage):
    """The Params every sparkformers stage has (io.sparkformers.ml.ModelStage)."""

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)

    def setBatchSize(self, value: int) -> "SparkformersStage":
        """Sets ``batchSize``."""
        return self._set(batchSize=value)

    def getBatchSize(self) -> int:
        """Gets ``batchSize`` or its default."""
        return self.getOrDefault(self.batchSize)

    def setDevice(self, value: str) -> "SparkformersStage":
        """Sets ``device``."""
        return self._set(device=value)

    def getDevice(self) -> str:
        """Gets ``device`` or its default."""
        return self.getOrDefault(self.device)

    def setErrorCol(self, value: str) -> "SparkformersStage":
        """Sets ``errorCol``."""
        return self._set(errorCol=value)

    def getErrorCol(self) -> str:
        """Gets ``errorCol`` or its default."""
        return self.getOrDefault(self.errorCol)

    def setHandleInvalid(self, value: str) -> "SparkformersStage":
        """Sets ``handleInvalid``."""
        return self._set(handleInvalid=value)

    def getHandleInvalid(self) -> str:
        """Gets ``handleInvalid`` or its default."""
        return self.getOrDefault(self.handleInvalid)

    def setIntraOpThreads(self, value: int) -> "SparkformersStage":
        """Sets ``intraOpThreads``."""
        return self._set(intraOpThreads=value)

    def getIntraOpThreads(self) -> int:
        """Gets ``intraOpThreads`` or its default."""
        return self.getOrDefault(self.intraOpThreads)

    def setMaxInferenceMemory(self, value: int) -> "SparkformersStage":
        """Sets ``maxInferenceMemory``."""
        return self._set(maxInferenceMemory=value)

    def getMaxInferenceMemory(self) -> int:
        """Gets ``maxInferenceMemory`` or its default."""
        return self.getOrDefault(self.maxInferenceMemory)

    def setModelPath(self, value: str) -> "SparkformersStage":
        """Sets ``modelPath``."""
        return self._set(modelPath=value)

    def getModelPath(self) -> str:
        """Gets ``modelPath`` or its default."""
        return self.getOrDefault(self.modelPath)


class ImageClassifier(_StageParams):
    """ImageClassifier (io.sparkformers.ml.ImageClassifier).

    Task ``image-classification``: logits, probabilities, label and top-k of an image.

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"image"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxPixels`` (default ``89478485``): images with more pixels (width × height) are invalid rows, checked before decoding (default 89478485)
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``predictedLabelCol`` (default ``"predictedLabel"``): best class label from config.json id2label (default predictedLabel; empty: none)
    - ``predictionCol`` (default ``"prediction"``): best class index column, a double (default prediction; empty: none)
    - ``probabilityCol`` (default ``"probability"``): scores after the classifier's function (softmax, sigmoid or none), a Vector (default probability; empty: none)
    - ``rawPredictionCol`` (default ``"rawPrediction"``): logits column, a Vector (default rawPrediction; empty: none)
    - ``topK`` (default ``5``): number of classes in topKCol (default 5, >= 1)
    - ``topKCol`` (default ``"topK"``): array<struct<label, score>> of the k best classes (default topK; empty: none)
    - ``vectorFormat`` (default ``"vector"``): vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back
    """

    _java_class = "io.sparkformers.ml.ImageClassifier"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxPixels = Param(Params._dummy(), "maxPixels", "images with more pixels (width × height) are invalid rows, checked before decoding (default 89478485)", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    predictedLabelCol = Param(Params._dummy(), "predictedLabelCol", "best class label from config.json id2label (default predictedLabel; empty: none)", typeConverter=TypeConverters.toString)
    predictionCol = Param(Params._dummy(), "predictionCol", "best class index column, a double (default prediction; empty: none)", typeConverter=TypeConverters.toString)
    probabilityCol = Param(Params._dummy(), "probabilityCol", "scores after the classifier's function (softmax, sigmoid or none), a Vector (default probability; empty: none)", typeConverter=TypeConverters.toString)
    rawPredictionCol = Param(Params._dummy(), "rawPredictionCol", "logits column, a Vector (default rawPrediction; empty: none)", typeConverter=TypeConverters.toString)
    topK = Param(Params._dummy(), "topK", "number of classes in topKCol (default 5, >= 1)", typeConverter=TypeConverters.toInt)
    topKCol = Param(Params._dummy(), "topKCol", "array<struct<label, score>> of the k best classes (default topK; empty: none)", typeConverter=TypeConverters.toString)
    vectorFormat = Param(Params._dummy(), "vectorFormat", "vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back", typeConverter=one_of("vector", "array"))

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxPixels: Optional[int] = None, modelPath: Optional[str] = None, predictedLabelCol: Optional[str] = None, predictionCol: Optional[str] = None, probabilityCol: Optional[str] = None, rawPredictionCol: Optional[str] = None, topK: Optional[int] = None, topKCol: Optional[str] = None, vectorFormat: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, device="auto", errorCol="", handleInvalid="error", inputCol="image", intraOpThreads=0, maxInferenceMemory=0, maxPixels=89478485, predictedLabelCol="predictedLabel", predictionCol="prediction", probabilityCol="probability", rawPredictionCol="rawPrediction", topK=5, topKCol="topK", vectorFormat="vector")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxPixels: Optional[int] = None, modelPath: Optional[str] = None, predictedLabelCol: Optional[str] = None, predictionCol: Optional[str] = None, probabilityCol: Optional[str] = None, rawPredictionCol: Optional[str] = None, topK: Optional[int] = None, topKCol: Optional[str] = None, vectorFormat: Optional[str] = None) -> "ImageClassifier":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setInputCol(self, value: str) -> "ImageClassifier":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxPixels(self, value: int) -> "ImageClassifier":
        """Sets ``maxPixels``."""
        return self._set(maxPixels=value)

    def getMaxPixels(self) -> int:
        """Gets ``maxPixels`` or its default."""
        return self.getOrDefault(self.maxPixels)

    def setPredictedLabelCol(self, value: str) -> "ImageClassifier":
        """Sets ``predictedLabelCol``."""
        return self._set(predictedLabelCol=value)

    def getPredictedLabelCol(self) -> str:
        """Gets ``predictedLabelCol`` or its default."""
        return self.getOrDefault(self.predictedLabelCol)

    def setPredictionCol(self, value: str) -> "ImageClassifier":
        """Sets ``predictionCol``."""
        return self._set(predictionCol=value)

    def getPredictionCol(self) -> str:
        """Gets ``predictionCol`` or its default."""
        return self.getOrDefault(self.predictionCol)

    def setProbabilityCol(self, value: str) -> "ImageClassifier":
        """Sets ``probabilityCol``."""
        return self._set(probabilityCol=value)

    def getProbabilityCol(self) -> str:
        """Gets ``probabilityCol`` or its default."""
        return self.getOrDefault(self.probabilityCol)

    def setRawPredictionCol(self, value: str) -> "ImageClassifier":
        """Sets ``rawPredictionCol``."""
        return self._set(rawPredictionCol=value)

    def getRawPredictionCol(self) -> str:
        """Gets ``rawPredictionCol`` or its default."""
        return self.getOrDefault(self.rawPredictionCol)

    def setTopK(self, value: int) -> "ImageClassifier":
        """Sets ``topK``."""
        return self._set(topK=value)

    def getTopK(self) -> int:
        """Gets ``topK`` or its default."""
        return self.getOrDefault(self.topK)

    def setTopKCol(self, value: str) -> "ImageClassifier":
        """Sets ``topKCol``."""
        return self._set(topKCol=value)

    def getTopKCol(self) -> str:
        """Gets ``topKCol`` or its default."""
        return self.getOrDefault(self.topKCol)

    def setVectorFormat(self, value: str) -> "ImageClassifier":
        """Sets ``vectorFormat``."""
        return self._set(vectorFormat=value)

    def getVectorFormat(self) -> str:
        """Gets ``vectorFormat`` or its default."""
        return self.getOrDefault(self.vectorFormat)


class ImageEmbedder(_StageParams):
    """ImageEmbedder (io.sparkformers.ml.ImageEmbedder).

    Task ``image-feature-extraction``: image embedding (Vector).

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``hiddenStateCol`` (default ``""``): column for last_hidden_state as array<float>, flattened in the graph's layout (default empty: none)
    - ``inputCol`` (default ``"image"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxPixels`` (default ``89478485``): images with more pixels (width × height) are invalid rows, checked before decoding (default 89478485)
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``normalize`` (default ``False``): scale embeddings to unit L2 norm (default false; left unset on a sentence-transformers folder, its Normalize module decides)
    - ``outputCol`` (default ``"embedding"``): embedding column, a Vector (default embedding)
    - ``pooling`` (default ``"auto"``): auto | pooler | cls | mean (default auto: pooler_output when the graph has it, else mean). mean of a [batch, tokens, hidden] state is the token mean; of a CNN's [batch, channels, height, width] feature map (optimum's ResNet, ConvNeXt, RegNet exports have no pooler_output) it is the global average over height × width, what those models' own poolers compute (ConvNeXt's then applies a LayerNorm that only its pooler_output holds)
    - ``vectorFormat`` (default ``"vector"``): vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back
    """

    _java_class = "io.sparkformers.ml.ImageEmbedder"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    hiddenStateCol = Param(Params._dummy(), "hiddenStateCol", "column for last_hidden_state as array<float>, flattened in the graph's layout (default empty: none)", typeConverter=TypeConverters.toString)
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxPixels = Param(Params._dummy(), "maxPixels", "images with more pixels (width × height) are invalid rows, checked before decoding (default 89478485)", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    normalize = Param(Params._dummy(), "normalize", "scale embeddings to unit L2 norm (default false; left unset on a sentence-transformers folder, its Normalize module decides)", typeConverter=TypeConverters.toBoolean)
    outputCol = Param(Params._dummy(), "outputCol", "embedding column, a Vector (default embedding)", typeConverter=TypeConverters.toString)
    pooling = Param(Params._dummy(), "pooling", "auto | pooler | cls | mean (default auto: pooler_output when the graph has it, else mean). mean of a [batch, tokens, hidden] state is the token mean; of a CNN's [batch, channels, height, width] feature map (optimum's ResNet, ConvNeXt, RegNet exports have no pooler_output) it is the global average over height × width, what those models' own poolers compute (ConvNeXt's then applies a LayerNorm that only its pooler_output holds)", typeConverter=one_of("auto", "pooler", "cls", "mean"))
    vectorFormat = Param(Params._dummy(), "vectorFormat", "vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back", typeConverter=one_of("vector", "array"))

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, hiddenStateCol: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxPixels: Optional[int] = None, modelPath: Optional[str] = None, normalize: Optional[bool] = None, outputCol: Optional[str] = None, pooling: Optional[str] = None, vectorFormat: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, device="auto", errorCol="", handleInvalid="error", hiddenStateCol="", inputCol="image", intraOpThreads=0, maxInferenceMemory=0, maxPixels=89478485, normalize=False, outputCol="embedding", pooling="auto", vectorFormat="vector")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, hiddenStateCol: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxPixels: Optional[int] = None, modelPath: Optional[str] = None, normalize: Optional[bool] = None, outputCol: Optional[str] = None, pooling: Optional[str] = None, vectorFormat: Optional[str] = None) -> "ImageEmbedder":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setHiddenStateCol(self, value: str) -> "ImageEmbedder":
        """Sets ``hiddenStateCol``."""
        return self._set(hiddenStateCol=value)

    def getHiddenStateCol(self) -> str:
        """Gets ``hiddenStateCol`` or its default."""
        return self.getOrDefault(self.hiddenStateCol)

    def setInputCol(self, value: str) -> "ImageEmbedder":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxPixels(self, value: int) -> "ImageEmbedder":
        """Sets ``maxPixels``."""
        return self._set(maxPixels=value)

    def getMaxPixels(self) -> int:
        """Gets ``maxPixels`` or its default."""
        return self.getOrDefault(self.maxPixels)

    def setNormalize(self, value: bool) -> "ImageEmbedder":
        """Sets ``normalize``."""
        return self._set(normalize=value)

    def getNormalize(self) -> bool:
        """Gets ``normalize`` or its default."""
        return self.getOrDefault(self.normalize)

    def setOutputCol(self, value: str) -> "ImageEmbedder":
        """Sets ``outputCol``."""
        return self._set(outputCol=value)

    def getOutputCol(self) -> str:
        """Gets ``outputCol`` or its default."""
        return self.getOrDefault(self.outputCol)

    def setPooling(self, value: str) -> "ImageEmbedder":
        """Sets ``pooling``."""
        return self._set(pooling=value)

    def getPooling(self) -> str:
        """Gets ``pooling`` or its default."""
        return self.getOrDefault(self.pooling)

    def setVectorFormat(self, value: str) -> "ImageEmbedder":
        """Sets ``vectorFormat``."""
        return self._set(vectorFormat=value)

    def getVectorFormat(self) -> str:
        """Gets ``vectorFormat`` or its default."""
        return self.getOrDefault(self.vectorFormat)


class ImageSegmenter(_StageParams):
    """ImageSegmenter (io.sparkformers.ml.ImageSegmenter).

    Task ``image-segmentation``: segmentation map and COCO-RLE segments.

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"image"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``labelIdsToFuse`` (default ``[]``): panoptic: classes whose queries merge into one segment (default none)
    - ``maskThreshold`` (default ``0.5``): panoptic: probability from which a pixel belongs to a query's mask (default 0.5)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxPixels`` (default ``89478485``): images with more pixels (width × height) are invalid rows, checked before decoding (default 89478485)
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``overlapMaskAreaThreshold`` (default ``0.8``): panoptic: share of its mask a query must win to become a segment (default 0.8)
    - ``segmentationCol`` (default ``"segmentation"``): map column, struct<height, width, data: int16 LE> (default segmentation; empty: none)
    - ``segmentsCol`` (default ``"segments"``): segments column, array<struct<id, labelId, label, score, area, wasFused, mask: COCO RLE>> (default segments; empty: none)
    - ``subtask`` (default ``"auto"``): auto | semantic | instance | panoptic (default auto: panoptic for Mask2Former-style graphs, semantic for per-pixel logits)
    - ``threshold`` (default ``0.5``): instance/panoptic: minimum segment score (default 0.5)
    """

    _java_class = "io.sparkformers.ml.ImageSegmenter"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    labelIdsToFuse = Param(Params._dummy(), "labelIdsToFuse", "panoptic: classes whose queries merge into one segment (default none)", typeConverter=TypeConverters.toListInt)
    maskThreshold = Param(Params._dummy(), "maskThreshold", "panoptic: probability from which a pixel belongs to a query's mask (default 0.5)", typeConverter=TypeConverters.toFloat)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxPixels = Param(Params._dummy(), "maxPixels", "images with more pixels (width × height) are invalid rows, checked before decoding (default 89478485)", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    overlapMaskAreaThreshold = Param(Params._dummy(), "overlapMaskAreaThreshold", "panoptic: share of its mask a query must win to become a segment (default 0.8)", typeConverter=TypeConverters.toFloat)
    segmentationCol = Param(Params._dummy(), "segmentationCol", "map column, struct<height, width, data: int16 LE> (default segmentation; empty: none)", typeConverter=TypeConverters.toString)
    segmentsCol = Param(Params._dummy(), "segmentsCol", "segments column, array<struct<id, labelId, label, score, area, wasFused, mask: COCO RLE>> (default segments; empty: none)", typeConverter=TypeConverters.toString)
    subtask = Param(Params._dummy(), "subtask", "auto | semantic | instance | panoptic (default auto: panoptic for Mask2Former-style graphs, semantic for per-pixel logits)", typeConverter=one_of("auto", "semantic", "instance", "panoptic"))
    threshold = Param(Params._dummy(), "threshold", "instance/panoptic: minimum segment score (default 0.5)", typeConverter=TypeConverters.toFloat)

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, labelIdsToFuse: Optional[List[int]] = None, maskThreshold: Optional[float] = None, maxInferenceMemory: Optional[int] = None, maxPixels: Optional[int] = None, modelPath: Optional[str] = None, overlapMaskAreaThreshold: Optional[float] = None, segmentationCol: Optional[str] = None, segmentsCol: Optional[str] = None, subtask: Optional[str] = None, threshold: Optional[float] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, device="auto", errorCol="", handleInvalid="error", inputCol="image", intraOpThreads=0, labelIdsToFuse=[], maskThreshold=0.5, maxInferenceMemory=0, maxPixels=89478485, overlapMaskAreaThreshold=0.8, segmentationCol="segmentation", segmentsCol="segments", subtask="auto", threshold=0.5)
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, labelIdsToFuse: Optional[List[int]] = None, maskThreshold: Optional[float] = None, maxInferenceMemory: Optional[int] = None, maxPixels: Optional[int] = None, modelPath: Optional[str] = None, overlapMaskAreaThreshold: Optional[float] = None, segmentationCol: Optional[str] = None, segmentsCol: Optional[str] = None, subtask: Optional[str] = None, threshold: Optional[float] = None) -> "ImageSegmenter":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setInputCol(self, value: str) -> "ImageSegmenter":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setLabelIdsToFuse(self, value: List[int]) -> "ImageSegmenter":
        """Sets ``labelIdsToFuse``."""
        return self._set(labelIdsToFuse=value)

    def getLabelIdsToFuse(self) -> List[int]:
        """Gets ``labelIdsToFuse`` or its default."""
        return self.getOrDefault(self.labelIdsToFuse)

    def setMaskThreshold(self, value: float) -> "ImageSegmenter":
        """Sets ``maskThreshold``."""
        return self._set(maskThreshold=value)

    def getMaskThreshold(self) -> float:
        """Gets ``maskThreshold`` or its default."""
        return self.getOrDefault(self.maskThreshold)

    def setMaxPixels(self, value: int) -> "ImageSegmenter":
        """Sets ``maxPixels``."""
        return self._set(maxPixels=value)

    def getMaxPixels(self) -> int:
        """Gets ``maxPixels`` or its default."""
        return self.getOrDefault(self.maxPixels)

    def setOverlapMaskAreaThreshold(self, value: float) -> "ImageSegmenter":
        """Sets ``overlapMaskAreaThreshold``."""
        return self._set(overlapMaskAreaThreshold=value)

    def getOverlapMaskAreaThreshold(self) -> float:
        """Gets ``overlapMaskAreaThreshold`` or its default."""
        return self.getOrDefault(self.overlapMaskAreaThreshold)

    def setSegmentationCol(self, value: str) -> "ImageSegmenter":
        """Sets ``segmentationCol``."""
        return self._set(segmentationCol=value)

    def getSegmentationCol(self) -> str:
        """Gets ``segmentationCol`` or its default."""
        return self.getOrDefault(self.segmentationCol)

    def setSegmentsCol(self, value: str) -> "ImageSegmenter":
        """Sets ``segmentsCol``."""
        return self._set(segmentsCol=value)

    def getSegmentsCol(self) -> str:
        """Gets ``segmentsCol`` or its default."""
        return self.getOrDefault(self.segmentsCol)

    def setSubtask(self, value: str) -> "ImageSegmenter":
        """Sets ``subtask``."""
        return self._set(subtask=value)

    def getSubtask(self) -> str:
        """Gets ``subtask`` or its default."""
        return self.getOrDefault(self.subtask)

    def setThreshold(self, value: float) -> "ImageSegmenter":
        """Sets ``threshold``."""
        return self._set(threshold=value)

    def getThreshold(self) -> float:
        """Gets ``threshold`` or its default."""
        return self.getOrDefault(self.threshold)


class TextEmbedder(_StageParams):
    """TextEmbedder (io.sparkformers.ml.TextEmbedder).

    Task ``feature-extraction``: text embedding (Vector).

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``bucketing`` (default ``True``): sort each window of 8 batches by token count so batches pad little; output order is kept (default true)
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``hiddenStateCol`` (default ``""``): column for last_hidden_state as array<float> [tokens × hidden], flattened (default empty: none)
    - ``inputCol`` (default ``"text"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxLength`` (default ``0``): tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``normalize`` (default ``False``): scale embeddings to unit L2 norm (default false; left unset on a sentence-transformers folder, its Normalize module decides)
    - ``outputCol`` (default ``"embedding"``): embedding column, a Vector (default embedding)
    - ``pooling`` (default ``"auto"``): auto | cls | mean | max | mean_sqrt_len | weightedmean | lasttoken | pooler (default auto: the graph's sentence_embedding when it has one (optimum's sentence-transformers export), else the Pooling module of a sentence-transformers folder (modules.json, 1_Pooling/config.json) with its Normalize unless normalize is set, else mean). The token poolings are sentence-transformers': first token, mean, max, sum / sqrt(count), position-weighted mean, last token, over real tokens; pooler is the graph's pooler_output
    - ``truncatedCol`` (default ``""``): boolean column: true where the input was longer than maxLength and was cut (default empty: none)
    - ``vectorFormat`` (default ``"vector"``): vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back
    """

    _java_class = "io.sparkformers.ml.TextEmbedder"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    bucketing = Param(Params._dummy(), "bucketing", "sort each window of 8 batches by token count so batches pad little; output order is kept (default true)", typeConverter=TypeConverters.toBoolean)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    hiddenStateCol = Param(Params._dummy(), "hiddenStateCol", "column for last_hidden_state as array<float> [tokens × hidden], flattened (default empty: none)", typeConverter=TypeConverters.toString)
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxLength = Param(Params._dummy(), "maxLength", "tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    normalize = Param(Params._dummy(), "normalize", "scale embeddings to unit L2 norm (default false; left unset on a sentence-transformers folder, its Normalize module decides)", typeConverter=TypeConverters.toBoolean)
    outputCol = Param(Params._dummy(), "outputCol", "embedding column, a Vector (default embedding)", typeConverter=TypeConverters.toString)
    pooling = Param(Params._dummy(), "pooling", "auto | cls | mean | max | mean_sqrt_len | weightedmean | lasttoken | pooler (default auto: the graph's sentence_embedding when it has one (optimum's sentence-transformers export), else the Pooling module of a sentence-transformers folder (modules.json, 1_Pooling/config.json) with its Normalize unless normalize is set, else mean). The token poolings are sentence-transformers': first token, mean, max, sum / sqrt(count), position-weighted mean, last token, over real tokens; pooler is the graph's pooler_output", typeConverter=one_of("auto", "cls", "mean", "max", "mean_sqrt_len", "weightedmean", "lasttoken", "pooler"))
    truncatedCol = Param(Params._dummy(), "truncatedCol", "boolean column: true where the input was longer than maxLength and was cut (default empty: none)", typeConverter=TypeConverters.toString)
    vectorFormat = Param(Params._dummy(), "vectorFormat", "vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back", typeConverter=one_of("vector", "array"))

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, hiddenStateCol: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, normalize: Optional[bool] = None, outputCol: Optional[str] = None, pooling: Optional[str] = None, truncatedCol: Optional[str] = None, vectorFormat: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, bucketing=True, device="auto", errorCol="", handleInvalid="error", hiddenStateCol="", inputCol="text", intraOpThreads=0, maxInferenceMemory=0, maxLength=0, normalize=False, outputCol="embedding", pooling="auto", truncatedCol="", vectorFormat="vector")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, hiddenStateCol: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, normalize: Optional[bool] = None, outputCol: Optional[str] = None, pooling: Optional[str] = None, truncatedCol: Optional[str] = None, vectorFormat: Optional[str] = None) -> "TextEmbedder":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setBucketing(self, value: bool) -> "TextEmbedder":
        """Sets ``bucketing``."""
        return self._set(bucketing=value)

    def getBucketing(self) -> bool:
        """Gets ``bucketing`` or its default."""
        return self.getOrDefault(self.bucketing)

    def setHiddenStateCol(self, value: str) -> "TextEmbedder":
        """Sets ``hiddenStateCol``."""
        return self._set(hiddenStateCol=value)

    def getHiddenStateCol(self) -> str:
        """Gets ``hiddenStateCol`` or its default."""
        return self.getOrDefault(self.hiddenStateCol)

    def setInputCol(self, value: str) -> "TextEmbedder":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxLength(self, value: int) -> "TextEmbedder":
        """Sets ``maxLength``."""
        return self._set(maxLength=value)

    def getMaxLength(self) -> int:
        """Gets ``maxLength`` or its default."""
        return self.getOrDefault(self.maxLength)

    def setNormalize(self, value: bool) -> "TextEmbedder":
        """Sets ``normalize``."""
        return self._set(normalize=value)

    def getNormalize(self) -> bool:
        """Gets ``normalize`` or its default."""
        return self.getOrDefault(self.normalize)

    def setOutputCol(self, value: str) -> "TextEmbedder":
        """Sets ``outputCol``."""
        return self._set(outputCol=value)

    def getOutputCol(self) -> str:
        """Gets ``outputCol`` or its default."""
        return self.getOrDefault(self.outputCol)

    def setPooling(self, value: str) -> "TextEmbedder":
        """Sets ``pooling``."""
        return self._set(pooling=value)

    def getPooling(self) -> str:
        """Gets ``pooling`` or its default."""
        return self.getOrDefault(self.pooling)

    def setTruncatedCol(self, value: str) -> "TextEmbedder":
        """Sets ``truncatedCol``."""
        return self._set(truncatedCol=value)

    def getTruncatedCol(self) -> str:
        """Gets ``truncatedCol`` or its default."""
        return self.getOrDefault(self.truncatedCol)

    def setVectorFormat(self, value: str) -> "TextEmbedder":
        """Sets ``vectorFormat``."""
        return self._set(vectorFormat=value)

    def getVectorFormat(self) -> str:
        """Gets ``vectorFormat`` or its default."""
        return self.getOrDefault(self.vectorFormat)


class TextClassifier(_StageParams):
    """TextClassifier (io.sparkformers.ml.TextClassifier).

    Task ``text-classification``: classification of a text or a (text, pair).

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``bucketing`` (default ``True``): sort each window of 8 batches by token count so batches pad little; output order is kept (default true)
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``functionToApply`` (default ``"auto"``): auto | softmax | sigmoid | none (default auto: from config.json problem_type and the number of labels)
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"text"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxLength`` (default ``0``): tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``pairCol`` (default ``""``): second text of a pair (e.g. the hypothesis for NLI); empty (default) classifies single texts
    - ``predictedLabelCol`` (default ``"predictedLabel"``): best class label from config.json id2label (default predictedLabel; empty: none)
    - ``predictionCol`` (default ``"prediction"``): best class index column, a double (default prediction; empty: none)
    - ``probabilityCol`` (default ``"probability"``): scores after the classifier's function (softmax, sigmoid or none), a Vector (default probability; empty: none)
    - ``rawPredictionCol`` (default ``"rawPrediction"``): logits column, a Vector (default rawPrediction; empty: none)
    - ``topK`` (default ``5``): number of classes in topKCol (default 5, >= 1)
    - ``topKCol`` (default ``"topK"``): array<struct<label, score>> of the k best classes (default topK; empty: none)
    - ``truncatedCol`` (default ``""``): boolean column: true where the input was longer than maxLength and was cut (default empty: none)
    - ``vectorFormat`` (default ``"vector"``): vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back
    """

    _java_class = "io.sparkformers.ml.TextClassifier"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    bucketing = Param(Params._dummy(), "bucketing", "sort each window of 8 batches by token count so batches pad little; output order is kept (default true)", typeConverter=TypeConverters.toBoolean)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    functionToApply = Param(Params._dummy(), "functionToApply", "auto | softmax | sigmoid | none (default auto: from config.json problem_type and the number of labels)", typeConverter=one_of("auto", "softmax", "sigmoid", "none"))
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxLength = Param(Params._dummy(), "maxLength", "tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    pairCol = Param(Params._dummy(), "pairCol", "second text of a pair (e.g. the hypothesis for NLI); empty (default) classifies single texts", typeConverter=TypeConverters.toString)
    predictedLabelCol = Param(Params._dummy(), "predictedLabelCol", "best class label from config.json id2label (default predictedLabel; empty: none)", typeConverter=TypeConverters.toString)
    predictionCol = Param(Params._dummy(), "predictionCol", "best class index column, a double (default prediction; empty: none)", typeConverter=TypeConverters.toString)
    probabilityCol = Param(Params._dummy(), "probabilityCol", "scores after the classifier's function (softmax, sigmoid or none), a Vector (default probability; empty: none)", typeConverter=TypeConverters.toString)
    rawPredictionCol = Param(Params._dummy(), "rawPredictionCol", "logits column, a Vector (default rawPrediction; empty: none)", typeConverter=TypeConverters.toString)
    topK = Param(Params._dummy(), "topK", "number of classes in topKCol (default 5, >= 1)", typeConverter=TypeConverters.toInt)
    topKCol = Param(Params._dummy(), "topKCol", "array<struct<label, score>> of the k best classes (default topK; empty: none)", typeConverter=TypeConverters.toString)
    truncatedCol = Param(Params._dummy(), "truncatedCol", "boolean column: true where the input was longer than maxLength and was cut (default empty: none)", typeConverter=TypeConverters.toString)
    vectorFormat = Param(Params._dummy(), "vectorFormat", "vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back", typeConverter=one_of("vector", "array"))

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, device: Optional[str] = None, errorCol: Optional[str] = None, functionToApply: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, pairCol: Optional[str] = None, predictedLabelCol: Optional[str] = None, predictionCol: Optional[str] = None, probabilityCol: Optional[str] = None, rawPredictionCol: Optional[str] = None, topK: Optional[int] = None, topKCol: Optional[str] = None, truncatedCol: Optional[str] = None, vectorFormat: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, bucketing=True, device="auto", errorCol="", functionToApply="auto", handleInvalid="error", inputCol="text", intraOpThreads=0, maxInferenceMemory=0, maxLength=0, pairCol="", predictedLabelCol="predictedLabel", predictionCol="prediction", probabilityCol="probability", rawPredictionCol="rawPrediction", topK=5, topKCol="topK", truncatedCol="", vectorFormat="vector")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, device: Optional[str] = None, errorCol: Optional[str] = None, functionToApply: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, pairCol: Optional[str] = None, predictedLabelCol: Optional[str] = None, predictionCol: Optional[str] = None, probabilityCol: Optional[str] = None, rawPredictionCol: Optional[str] = None, topK: Optional[int] = None, topKCol: Optional[str] = None, truncatedCol: Optional[str] = None, vectorFormat: Optional[str] = None) -> "TextClassifier":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setBucketing(self, value: bool) -> "TextClassifier":
        """Sets ``bucketing``."""
        return self._set(bucketing=value)

    def getBucketing(self) -> bool:
        """Gets ``bucketing`` or its default."""
        return self.getOrDefault(self.bucketing)

    def setFunctionToApply(self, value: str) -> "TextClassifier":
        """Sets ``functionToApply``."""
        return self._set(functionToApply=value)

    def getFunctionToApply(self) -> str:
        """Gets ``functionToApply`` or its default."""
        return self.getOrDefault(self.functionToApply)

    def setInputCol(self, value: str) -> "TextClassifier":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxLength(self, value: int) -> "TextClassifier":
        """Sets ``maxLength``."""
        return self._set(maxLength=value)

    def getMaxLength(self) -> int:
        """Gets ``maxLength`` or its default."""
        return self.getOrDefault(self.maxLength)

    def setPairCol(self, value: str) -> "TextClassifier":
        """Sets ``pairCol``."""
        return self._set(pairCol=value)

    def getPairCol(self) -> str:
        """Gets ``pairCol`` or its default."""
        return self.getOrDefault(self.pairCol)

    def setPredictedLabelCol(self, value: str) -> "TextClassifier":
        """Sets ``predictedLabelCol``."""
        return self._set(predictedLabelCol=value)

    def getPredictedLabelCol(self) -> str:
        """Gets ``predictedLabelCol`` or its default."""
        return self.getOrDefault(self.predictedLabelCol)

    def setPredictionCol(self, value: str) -> "TextClassifier":
        """Sets ``predictionCol``."""
        return self._set(predictionCol=value)

    def getPredictionCol(self) -> str:
        """Gets ``predictionCol`` or its default."""
        return self.getOrDefault(self.predictionCol)

    def setProbabilityCol(self, value: str) -> "TextClassifier":
        """Sets ``probabilityCol``."""
        return self._set(probabilityCol=value)

    def getProbabilityCol(self) -> str:
        """Gets ``probabilityCol`` or its default."""
        return self.getOrDefault(self.probabilityCol)

    def setRawPredictionCol(self, value: str) -> "TextClassifier":
        """Sets ``rawPredictionCol``."""
        return self._set(rawPredictionCol=value)

    def getRawPredictionCol(self) -> str:
        """Gets ``rawPredictionCol`` or its default."""
        return self.getOrDefault(self.rawPredictionCol)

    def setTopK(self, value: int) -> "TextClassifier":
        """Sets ``topK``."""
        return self._set(topK=value)

    def getTopK(self) -> int:
        """Gets ``topK`` or its default."""
        return self.getOrDefault(self.topK)

    def setTopKCol(self, value: str) -> "TextClassifier":
        """Sets ``topKCol``."""
        return self._set(topKCol=value)

    def getTopKCol(self) -> str:
        """Gets ``topKCol`` or its default."""
        return self.getOrDefault(self.topKCol)

    def setTruncatedCol(self, value: str) -> "TextClassifier":
        """Sets ``truncatedCol``."""
        return self._set(truncatedCol=value)

    def getTruncatedCol(self) -> str:
        """Gets ``truncatedCol`` or its default."""
        return self.getOrDefault(self.truncatedCol)

    def setVectorFormat(self, value: str) -> "TextClassifier":
        """Sets ``vectorFormat``."""
        return self._set(vectorFormat=value)

    def getVectorFormat(self) -> str:
        """Gets ``vectorFormat`` or its default."""
        return self.getOrDefault(self.vectorFormat)


class TokenClassifier(_StageParams):
    """TokenClassifier (io.sparkformers.ml.TokenClassifier).

    Task ``token-classification``: entities with character offsets.

    Params (Java name, default):

    - ``aggregationStrategy`` (default ``"none"``): none | simple | first | average | max (default none), as transformers' pipeline
    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``bucketing`` (default ``True``): sort each window of 8 batches by token count so batches pad little; output order is kept (default true)
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``ignoreLabels`` (default ``["O"]``): labels left out of the output (default [O])
    - ``inputCol`` (default ``"text"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxLength`` (default ``0``): tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``outputCol`` (default ``"entities"``): entities column (default entities)
    - ``truncatedCol`` (default ``""``): boolean column: true where the input was longer than maxLength and was cut (default empty: none)
    """

    _java_class = "io.sparkformers.ml.TokenClassifier"

    aggregationStrategy = Param(Params._dummy(), "aggregationStrategy", "none | simple | first | average | max (default none), as transformers' pipeline", typeConverter=one_of("none", "simple", "first", "average", "max"))
    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    bucketing = Param(Params._dummy(), "bucketing", "sort each window of 8 batches by token count so batches pad little; output order is kept (default true)", typeConverter=TypeConverters.toBoolean)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    ignoreLabels = Param(Params._dummy(), "ignoreLabels", "labels left out of the output (default [O])", typeConverter=TypeConverters.toListString)
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxLength = Param(Params._dummy(), "maxLength", "tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    outputCol = Param(Params._dummy(), "outputCol", "entities column (default entities)", typeConverter=TypeConverters.toString)
    truncatedCol = Param(Params._dummy(), "truncatedCol", "boolean column: true where the input was longer than maxLength and was cut (default empty: none)", typeConverter=TypeConverters.toString)

    @keyword_only
    def __init__(self, *, aggregationStrategy: Optional[str] = None, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, ignoreLabels: Optional[List[str]] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, outputCol: Optional[str] = None, truncatedCol: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(aggregationStrategy="none", batchSize=32, bucketing=True, device="auto", errorCol="", handleInvalid="error", ignoreLabels=["O"], inputCol="text", intraOpThreads=0, maxInferenceMemory=0, maxLength=0, outputCol="entities", truncatedCol="")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, aggregationStrategy: Optional[str] = None, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, ignoreLabels: Optional[List[str]] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, outputCol: Optional[str] = None, truncatedCol: Optional[str] = None) -> "TokenClassifier":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setAggregationStrategy(self, value: str) -> "TokenClassifier":
        """Sets ``aggregationStrategy``."""
        return self._set(aggregationStrategy=value)

    def getAggregationStrategy(self) -> str:
        """Gets ``aggregationStrategy`` or its default."""
        return self.getOrDefault(self.aggregationStrategy)

    def setBucketing(self, value: bool) -> "TokenClassifier":
        """Sets ``bucketing``."""
        return self._set(bucketing=value)

    def getBucketing(self) -> bool:
        """Gets ``bucketing`` or its default."""
        return self.getOrDefault(self.bucketing)

    def setIgnoreLabels(self, value: List[str]) -> "TokenClassifier":
        """Sets ``ignoreLabels``."""
        return self._set(ignoreLabels=value)

    def getIgnoreLabels(self) -> List[str]:
        """Gets ``ignoreLabels`` or its default."""
        return self.getOrDefault(self.ignoreLabels)

    def setInputCol(self, value: str) -> "TokenClassifier":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxLength(self, value: int) -> "TokenClassifier":
        """Sets ``maxLength``."""
        return self._set(maxLength=value)

    def getMaxLength(self) -> int:
        """Gets ``maxLength`` or its default."""
        return self.getOrDefault(self.maxLength)

    def setOutputCol(self, value: str) -> "TokenClassifier":
        """Sets ``outputCol``."""
        return self._set(outputCol=value)

    def getOutputCol(self) -> str:
        """Gets ``outputCol`` or its default."""
        return self.getOrDefault(self.outputCol)

    def setTruncatedCol(self, value: str) -> "TokenClassifier":
        """Sets ``truncatedCol``."""
        return self._set(truncatedCol=value)

    def getTruncatedCol(self) -> str:
        """Gets ``truncatedCol`` or its default."""
        return self.getOrDefault(self.truncatedCol)


class FillMask(_StageParams):
    """FillMask (io.sparkformers.ml.FillMask).

    Task ``fill-mask``: top-k fillers of every mask token.

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``bucketing`` (default ``True``): sort each window of 8 batches by token count so batches pad little; output order is kept (default true)
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"text"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxLength`` (default ``0``): tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``outputCol`` (default ``"masks"``): array<struct<position, predictions: array<struct<token, tokenStr, score, sequence>>>>, one per mask (default masks)
    - ``topK`` (default ``5``): predictions per mask (default 5, >= 1)
    - ``truncatedCol`` (default ``""``): boolean column: true where the input was longer than maxLength and was cut (default empty: none)
    """

    _java_class = "io.sparkformers.ml.FillMask"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    bucketing = Param(Params._dummy(), "bucketing", "sort each window of 8 batches by token count so batches pad little; output order is kept (default true)", typeConverter=TypeConverters.toBoolean)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxLength = Param(Params._dummy(), "maxLength", "tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    outputCol = Param(Params._dummy(), "outputCol", "array<struct<position, predictions: array<struct<token, tokenStr, score, sequence>>>>, one per mask (default masks)", typeConverter=TypeConverters.toString)
    topK = Param(Params._dummy(), "topK", "predictions per mask (default 5, >= 1)", typeConverter=TypeConverters.toInt)
    truncatedCol = Param(Params._dummy(), "truncatedCol", "boolean column: true where the input was longer than maxLength and was cut (default empty: none)", typeConverter=TypeConverters.toString)

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, outputCol: Optional[str] = None, topK: Optional[int] = None, truncatedCol: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, bucketing=True, device="auto", errorCol="", handleInvalid="error", inputCol="text", intraOpThreads=0, maxInferenceMemory=0, maxLength=0, outputCol="masks", topK=5, truncatedCol="")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, outputCol: Optional[str] = None, topK: Optional[int] = None, truncatedCol: Optional[str] = None) -> "FillMask":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setBucketing(self, value: bool) -> "FillMask":
        """Sets ``bucketing``."""
        return self._set(bucketing=value)

    def getBucketing(self) -> bool:
        """Gets ``bucketing`` or its default."""
        return self.getOrDefault(self.bucketing)

    def setInputCol(self, value: str) -> "FillMask":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxLength(self, value: int) -> "FillMask":
        """Sets ``maxLength``."""
        return self._set(maxLength=value)

    def getMaxLength(self) -> int:
        """Gets ``maxLength`` or its default."""
        return self.getOrDefault(self.maxLength)

    def setOutputCol(self, value: str) -> "FillMask":
        """Sets ``outputCol``."""
        return self._set(outputCol=value)

    def getOutputCol(self) -> str:
        """Gets ``outputCol`` or its default."""
        return self.getOrDefault(self.outputCol)

    def setTopK(self, value: int) -> "FillMask":
        """Sets ``topK``."""
        return self._set(topK=value)

    def getTopK(self) -> int:
        """Gets ``topK`` or its default."""
        return self.getOrDefault(self.topK)

    def setTruncatedCol(self, value: str) -> "FillMask":
        """Sets ``truncatedCol``."""
        return self._set(truncatedCol=value)

    def getTruncatedCol(self) -> str:
        """Gets ``truncatedCol`` or its default."""
        return self.getOrDefault(self.truncatedCol)


class QuestionAnswerer(_StageParams):
    """QuestionAnswerer (io.sparkformers.ml.QuestionAnswerer).

    Task ``question-answering``: answers to a question in a context.

    Params (Java name, default):

    - ``alignToWords`` (default ``True``): extend answers to whole words (default true)
    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``bucketing`` (default ``True``): sort each window of 8 batches by token count so batches pad little; output order is kept (default true)
    - ``contextCol`` (default ``"context"``): context column (default context)
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``docStride`` (default ``128``): tokens shared by consecutive windows (default 128; left unset, min(window / 2, 128) as the pipeline's rule, so a model with a shorter window gets half of it)
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleImpossibleAnswer`` (default ``False``): also offer the empty answer, scored by the CLS token (default false)
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxAnswerLength`` (default ``15``): longest answer in tokens (default 15)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxLength`` (default ``0``): tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)
    - ``maxSeqLength`` (default ``384``): tokens per window, question included (default 384; capped at the model's limit, as the pipeline's min(model_max_length, 384))
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``outputCol`` (default ``"answers"``): answers column (default answers)
    - ``questionCol`` (default ``"question"``): question column (default question)
    - ``topK`` (default ``1``): answers per question (default 1)
    - ``truncatedCol`` (default ``""``): boolean column: true where the input was longer than maxLength and was cut (default empty: none)
    - ``windows`` (default ``True``): split long contexts into overlapping windows (default true); false truncates the context to one window
    """

    _java_class = "io.sparkformers.ml.QuestionAnswerer"

    alignToWords = Param(Params._dummy(), "alignToWords", "extend answers to whole words (default true)", typeConverter=TypeConverters.toBoolean)
    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    bucketing = Param(Params._dummy(), "bucketing", "sort each window of 8 batches by token count so batches pad little; output order is kept (default true)", typeConverter=TypeConverters.toBoolean)
    contextCol = Param(Params._dummy(), "contextCol", "context column (default context)", typeConverter=TypeConverters.toString)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    docStride = Param(Params._dummy(), "docStride", "tokens shared by consecutive windows (default 128; left unset, min(window / 2, 128) as the pipeline's rule, so a model with a shorter window gets half of it)", typeConverter=TypeConverters.toInt)
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleImpossibleAnswer = Param(Params._dummy(), "handleImpossibleAnswer", "also offer the empty answer, scored by the CLS token (default false)", typeConverter=TypeConverters.toBoolean)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxAnswerLength = Param(Params._dummy(), "maxAnswerLength", "longest answer in tokens (default 15)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxLength = Param(Params._dummy(), "maxLength", "tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)", typeConverter=TypeConverters.toInt)
    maxSeqLength = Param(Params._dummy(), "maxSeqLength", "tokens per window, question included (default 384; capped at the model's limit, as the pipeline's min(model_max_length, 384))", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    outputCol = Param(Params._dummy(), "outputCol", "answers column (default answers)", typeConverter=TypeConverters.toString)
    questionCol = Param(Params._dummy(), "questionCol", "question column (default question)", typeConverter=TypeConverters.toString)
    topK = Param(Params._dummy(), "topK", "answers per question (default 1)", typeConverter=TypeConverters.toInt)
    truncatedCol = Param(Params._dummy(), "truncatedCol", "boolean column: true where the input was longer than maxLength and was cut (default empty: none)", typeConverter=TypeConverters.toString)
    windows = Param(Params._dummy(), "windows", "split long contexts into overlapping windows (default true); false truncates the context to one window", typeConverter=TypeConverters.toBoolean)

    @keyword_only
    def __init__(self, *, alignToWords: Optional[bool] = None, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, contextCol: Optional[str] = None, device: Optional[str] = None, docStride: Optional[int] = None, errorCol: Optional[str] = None, handleImpossibleAnswer: Optional[bool] = None, handleInvalid: Optional[str] = None, intraOpThreads: Optional[int] = None, maxAnswerLength: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, maxSeqLength: Optional[int] = None, modelPath: Optional[str] = None, outputCol: Optional[str] = None, questionCol: Optional[str] = None, topK: Optional[int] = None, truncatedCol: Optional[str] = None, windows: Optional[bool] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(alignToWords=True, batchSize=32, bucketing=True, contextCol="context", device="auto", docStride=128, errorCol="", handleImpossibleAnswer=False, handleInvalid="error", intraOpThreads=0, maxAnswerLength=15, maxInferenceMemory=0, maxLength=0, maxSeqLength=384, outputCol="answers", questionCol="question", topK=1, truncatedCol="", windows=True)
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, alignToWords: Optional[bool] = None, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, contextCol: Optional[str] = None, device: Optional[str] = None, docStride: Optional[int] = None, errorCol: Optional[str] = None, handleImpossibleAnswer: Optional[bool] = None, handleInvalid: Optional[str] = None, intraOpThreads: Optional[int] = None, maxAnswerLength: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, maxSeqLength: Optional[int] = None, modelPath: Optional[str] = None, outputCol: Optional[str] = None, questionCol: Optional[str] = None, topK: Optional[int] = None, truncatedCol: Optional[str] = None, windows: Optional[bool] = None) -> "QuestionAnswerer":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setAlignToWords(self, value: bool) -> "QuestionAnswerer":
        """Sets ``alignToWords``."""
        return self._set(alignToWords=value)

    def getAlignToWords(self) -> bool:
        """Gets ``alignToWords`` or its default."""
        return self.getOrDefault(self.alignToWords)

    def setBucketing(self, value: bool) -> "QuestionAnswerer":
        """Sets ``bucketing``."""
        return self._set(bucketing=value)

    def getBucketing(self) -> bool:
        """Gets ``bucketing`` or its default."""
        return self.getOrDefault(self.bucketing)

    def setContextCol(self, value: str) -> "QuestionAnswerer":
        """Sets ``contextCol``."""
        return self._set(contextCol=value)

    def getContextCol(self) -> str:
        """Gets ``contextCol`` or its default."""
        return self.getOrDefault(self.contextCol)

    def setDocStride(self, value: int) -> "QuestionAnswerer":
        """Sets ``docStride``."""
        return self._set(docStride=value)

    def getDocStride(self) -> int:
        """Gets ``docStride`` or its default."""
        return self.getOrDefault(self.docStride)

    def setHandleImpossibleAnswer(self, value: bool) -> "QuestionAnswerer":
        """Sets ``handleImpossibleAnswer``."""
        return self._set(handleImpossibleAnswer=value)

    def getHandleImpossibleAnswer(self) -> bool:
        """Gets ``handleImpossibleAnswer`` or its default."""
        return self.getOrDefault(self.handleImpossibleAnswer)

    def setMaxAnswerLength(self, value: int) -> "QuestionAnswerer":
        """Sets ``maxAnswerLength``."""
        return self._set(maxAnswerLength=value)

    def getMaxAnswerLength(self) -> int:
        """Gets ``maxAnswerLength`` or its default."""
        return self.getOrDefault(self.maxAnswerLength)

    def setMaxLength(self, value: int) -> "QuestionAnswerer":
        """Sets ``maxLength``."""
        return self._set(maxLength=value)

    def getMaxLength(self) -> int:
        """Gets ``maxLength`` or its default."""
        return self.getOrDefault(self.maxLength)

    def setMaxSeqLength(self, value: int) -> "QuestionAnswerer":
        """Sets ``maxSeqLength``."""
        return self._set(maxSeqLength=value)

    def getMaxSeqLength(self) -> int:
        """Gets ``maxSeqLength`` or its default."""
        return self.getOrDefault(self.maxSeqLength)

    def setOutputCol(self, value: str) -> "QuestionAnswerer":
        """Sets ``outputCol``."""
        return self._set(outputCol=value)

    def getOutputCol(self) -> str:
        """Gets ``outputCol`` or its default."""
        return self.getOrDefault(self.outputCol)

    def setQuestionCol(self, value: str) -> "QuestionAnswerer":
        """Sets ``questionCol``."""
        return self._set(questionCol=value)

    def getQuestionCol(self) -> str:
        """Gets ``questionCol`` or its default."""
        return self.getOrDefault(self.questionCol)

    def setTopK(self, value: int) -> "QuestionAnswerer":
        """Sets ``topK``."""
        return self._set(topK=value)

    def getTopK(self) -> int:
        """Gets ``topK`` or its default."""
        return self.getOrDefault(self.topK)

    def setTruncatedCol(self, value: str) -> "QuestionAnswerer":
        """Sets ``truncatedCol``."""
        return self._set(truncatedCol=value)

    def getTruncatedCol(self) -> str:
        """Gets ``truncatedCol`` or its default."""
        return self.getOrDefault(self.truncatedCol)

    def setWindows(self, value: bool) -> "QuestionAnswerer":
        """Sets ``windows``."""
        return self._set(windows=value)

    def getWindows(self) -> bool:
        """Gets ``windows`` or its default."""
        return self.getOrDefault(self.windows)


class MultipleChoice(_StageParams):
    """MultipleChoice (io.sparkformers.ml.MultipleChoice).

    Task ``multiple-choice``: scores of each choice (array<string>) for a prompt.

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``bucketing`` (default ``True``): sort each window of 8 batches by token count so batches pad little; output order is kept (default true)
    - ``choicesCol`` (default ``"choices"``): array<string> of choices (default choices)
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"prompt"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxLength`` (default ``0``): tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``predictedLabelCol`` (default ``"predictedLabel"``): best class label from config.json id2label (default predictedLabel; empty: none)
    - ``predictionCol`` (default ``"prediction"``): best class index column, a double (default prediction; empty: none)
    - ``probabilityCol`` (default ``"probability"``): scores after the classifier's function (softmax, sigmoid or none), a Vector (default probability; empty: none)
    - ``rawPredictionCol`` (default ``"rawPrediction"``): logits column, a Vector (default rawPrediction; empty: none)
    - ``topK`` (default ``5``): number of classes in topKCol (default 5, >= 1)
    - ``topKCol`` (default ``"topK"``): array<struct<label, score>> of the k best classes (default topK; empty: none)
    - ``truncatedCol`` (default ``""``): boolean column: true where the input was longer than maxLength and was cut (default empty: none)
    - ``vectorFormat`` (default ``"vector"``): vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back
    """

    _java_class = "io.sparkformers.ml.MultipleChoice"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    bucketing = Param(Params._dummy(), "bucketing", "sort each window of 8 batches by token count so batches pad little; output order is kept (default true)", typeConverter=TypeConverters.toBoolean)
    choicesCol = Param(Params._dummy(), "choicesCol", "array<string> of choices (default choices)", typeConverter=TypeConverters.toString)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxLength = Param(Params._dummy(), "maxLength", "tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit from tokenizer_config.json / tokenizer.json / config.json)", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    predictedLabelCol = Param(Params._dummy(), "predictedLabelCol", "best class label from config.json id2label (default predictedLabel; empty: none)", typeConverter=TypeConverters.toString)
    predictionCol = Param(Params._dummy(), "predictionCol", "best class index column, a double (default prediction; empty: none)", typeConverter=TypeConverters.toString)
    probabilityCol = Param(Params._dummy(), "probabilityCol", "scores after the classifier's function (softmax, sigmoid or none), a Vector (default probability; empty: none)", typeConverter=TypeConverters.toString)
    rawPredictionCol = Param(Params._dummy(), "rawPredictionCol", "logits column, a Vector (default rawPrediction; empty: none)", typeConverter=TypeConverters.toString)
    topK = Param(Params._dummy(), "topK", "number of classes in topKCol (default 5, >= 1)", typeConverter=TypeConverters.toInt)
    topKCol = Param(Params._dummy(), "topKCol", "array<struct<label, score>> of the k best classes (default topK; empty: none)", typeConverter=TypeConverters.toString)
    truncatedCol = Param(Params._dummy(), "truncatedCol", "boolean column: true where the input was longer than maxLength and was cut (default empty: none)", typeConverter=TypeConverters.toString)
    vectorFormat = Param(Params._dummy(), "vectorFormat", "vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back", typeConverter=one_of("vector", "array"))

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, choicesCol: Optional[str] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, predictedLabelCol: Optional[str] = None, predictionCol: Optional[str] = None, probabilityCol: Optional[str] = None, rawPredictionCol: Optional[str] = None, topK: Optional[int] = None, topKCol: Optional[str] = None, truncatedCol: Optional[str] = None, vectorFormat: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, bucketing=True, choicesCol="choices", device="auto", errorCol="", handleInvalid="error", inputCol="prompt", intraOpThreads=0, maxInferenceMemory=0, maxLength=0, predictedLabelCol="predictedLabel", predictionCol="prediction", probabilityCol="probability", rawPredictionCol="rawPrediction", topK=5, topKCol="topK", truncatedCol="", vectorFormat="vector")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, bucketing: Optional[bool] = None, choicesCol: Optional[str] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxLength: Optional[int] = None, modelPath: Optional[str] = None, predictedLabelCol: Optional[str] = None, predictionCol: Optional[str] = None, probabilityCol: Optional[str] = None, rawPredictionCol: Optional[str] = None, topK: Optional[int] = None, topKCol: Optional[str] = None, truncatedCol: Optional[str] = None, vectorFormat: Optional[str] = None) -> "MultipleChoice":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setBucketing(self, value: bool) -> "MultipleChoice":
        """Sets ``bucketing``."""
        return self._set(bucketing=value)

    def getBucketing(self) -> bool:
        """Gets ``bucketing`` or its default."""
        return self.getOrDefault(self.bucketing)

    def setChoicesCol(self, value: str) -> "MultipleChoice":
        """Sets ``choicesCol``."""
        return self._set(choicesCol=value)

    def getChoicesCol(self) -> str:
        """Gets ``choicesCol`` or its default."""
        return self.getOrDefault(self.choicesCol)

    def setInputCol(self, value: str) -> "MultipleChoice":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxLength(self, value: int) -> "MultipleChoice":
        """Sets ``maxLength``."""
        return self._set(maxLength=value)

    def getMaxLength(self) -> int:
        """Gets ``maxLength`` or its default."""
        return self.getOrDefault(self.maxLength)

    def setPredictedLabelCol(self, value: str) -> "MultipleChoice":
        """Sets ``predictedLabelCol``."""
        return self._set(predictedLabelCol=value)

    def getPredictedLabelCol(self) -> str:
        """Gets ``predictedLabelCol`` or its default."""
        return self.getOrDefault(self.predictedLabelCol)

    def setPredictionCol(self, value: str) -> "MultipleChoice":
        """Sets ``predictionCol``."""
        return self._set(predictionCol=value)

    def getPredictionCol(self) -> str:
        """Gets ``predictionCol`` or its default."""
        return self.getOrDefault(self.predictionCol)

    def setProbabilityCol(self, value: str) -> "MultipleChoice":
        """Sets ``probabilityCol``."""
        return self._set(probabilityCol=value)

    def getProbabilityCol(self) -> str:
        """Gets ``probabilityCol`` or its default."""
        return self.getOrDefault(self.probabilityCol)

    def setRawPredictionCol(self, value: str) -> "MultipleChoice":
        """Sets ``rawPredictionCol``."""
        return self._set(rawPredictionCol=value)

    def getRawPredictionCol(self) -> str:
        """Gets ``rawPredictionCol`` or its default."""
        return self.getOrDefault(self.rawPredictionCol)

    def setTopK(self, value: int) -> "MultipleChoice":
        """Sets ``topK``."""
        return self._set(topK=value)

    def getTopK(self) -> int:
        """Gets ``topK`` or its default."""
        return self.getOrDefault(self.topK)

    def setTopKCol(self, value: str) -> "MultipleChoice":
        """Sets ``topKCol``."""
        return self._set(topKCol=value)

    def getTopKCol(self) -> str:
        """Gets ``topKCol`` or its default."""
        return self.getOrDefault(self.topKCol)

    def setTruncatedCol(self, value: str) -> "MultipleChoice":
        """Sets ``truncatedCol``."""
        return self._set(truncatedCol=value)

    def getTruncatedCol(self) -> str:
        """Gets ``truncatedCol`` or its default."""
        return self.getOrDefault(self.truncatedCol)

    def setVectorFormat(self, value: str) -> "MultipleChoice":
        """Sets ``vectorFormat``."""
        return self._set(vectorFormat=value)

    def getVectorFormat(self) -> str:
        """Gets ``vectorFormat`` or its default."""
        return self.getOrDefault(self.vectorFormat)


class SpeechRecognizer(_StageParams):
    """SpeechRecognizer (io.sparkformers.ml.SpeechRecognizer).

    Task ``automatic-speech-recognition``: CTC transcript of audio.

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``chunkLengthS`` (default ``30.0``): clips longer than this many seconds are read in chunks of it, stitched as transformers' ASR pipeline (chunk_length_s) does, so memory is bounded by the chunk and time is linear in the clip; shorter clips run whole, exactly as without chunking (default 30; 0 = every clip whole)
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"audio"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxSeconds`` (default ``10800.0``): longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's rate while it is prepared and 4 while it waits for the model; the model's activations are bounded by maxInferenceMemory
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``outputCol`` (default ``"transcription"``): transcript column (default transcription)
    - ``sampleRateCol`` (default ``"sampleRate"``): sampling rate (Hz) column for array<float> sample input (default sampleRate)
    - ``skipSpecialTokens`` (default ``False``): drop special ids before merging repeats, as batch_decode(skip_special_tokens=True) does (default false, the pipeline's)
    - ``strideLengthS`` (default ``-1.0``): seconds of context each chunk shares with its neighbours on each side (default -1: chunkLengthS / 6)
    """

    _java_class = "io.sparkformers.ml.SpeechRecognizer"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    chunkLengthS = Param(Params._dummy(), "chunkLengthS", "clips longer than this many seconds are read in chunks of it, stitched as transformers' ASR pipeline (chunk_length_s) does, so memory is bounded by the chunk and time is linear in the clip; shorter clips run whole, exactly as without chunking (default 30; 0 = every clip whole)", typeConverter=TypeConverters.toFloat)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxSeconds = Param(Params._dummy(), "maxSeconds", "longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's rate while it is prepared and 4 while it waits for the model; the model's activations are bounded by maxInferenceMemory", typeConverter=TypeConverters.toFloat)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    outputCol = Param(Params._dummy(), "outputCol", "transcript column (default transcription)", typeConverter=TypeConverters.toString)
    sampleRateCol = Param(Params._dummy(), "sampleRateCol", "sampling rate (Hz) column for array<float> sample input (default sampleRate)", typeConverter=TypeConverters.toString)
    skipSpecialTokens = Param(Params._dummy(), "skipSpecialTokens", "drop special ids before merging repeats, as batch_decode(skip_special_tokens=True) does (default false, the pipeline's)", typeConverter=TypeConverters.toBoolean)
    strideLengthS = Param(Params._dummy(), "strideLengthS", "seconds of context each chunk shares with its neighbours on each side (default -1: chunkLengthS / 6)", typeConverter=TypeConverters.toFloat)

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, chunkLengthS: Optional[float] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxSeconds: Optional[float] = None, modelPath: Optional[str] = None, outputCol: Optional[str] = None, sampleRateCol: Optional[str] = None, skipSpecialTokens: Optional[bool] = None, strideLengthS: Optional[float] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, chunkLengthS=30.0, device="auto", errorCol="", handleInvalid="error", inputCol="audio", intraOpThreads=0, maxInferenceMemory=0, maxSeconds=10800.0, outputCol="transcription", sampleRateCol="sampleRate", skipSpecialTokens=False, strideLengthS=-1.0)
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, chunkLengthS: Optional[float] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxSeconds: Optional[float] = None, modelPath: Optional[str] = None, outputCol: Optional[str] = None, sampleRateCol: Optional[str] = None, skipSpecialTokens: Optional[bool] = None, strideLengthS: Optional[float] = None) -> "SpeechRecognizer":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setChunkLengthS(self, value: float) -> "SpeechRecognizer":
        """Sets ``chunkLengthS``."""
        return self._set(chunkLengthS=value)

    def getChunkLengthS(self) -> float:
        """Gets ``chunkLengthS`` or its default."""
        return self.getOrDefault(self.chunkLengthS)

    def setInputCol(self, value: str) -> "SpeechRecognizer":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxSeconds(self, value: float) -> "SpeechRecognizer":
        """Sets ``maxSeconds``."""
        return self._set(maxSeconds=value)

    def getMaxSeconds(self) -> float:
        """Gets ``maxSeconds`` or its default."""
        return self.getOrDefault(self.maxSeconds)

    def setOutputCol(self, value: str) -> "SpeechRecognizer":
        """Sets ``outputCol``."""
        return self._set(outputCol=value)

    def getOutputCol(self) -> str:
        """Gets ``outputCol`` or its default."""
        return self.getOrDefault(self.outputCol)

    def setSampleRateCol(self, value: str) -> "SpeechRecognizer":
        """Sets ``sampleRateCol``."""
        return self._set(sampleRateCol=value)

    def getSampleRateCol(self) -> str:
        """Gets ``sampleRateCol`` or its default."""
        return self.getOrDefault(self.sampleRateCol)

    def setSkipSpecialTokens(self, value: bool) -> "SpeechRecognizer":
        """Sets ``skipSpecialTokens``."""
        return self._set(skipSpecialTokens=value)

    def getSkipSpecialTokens(self) -> bool:
        """Gets ``skipSpecialTokens`` or its default."""
        return self.getOrDefault(self.skipSpecialTokens)

    def setStrideLengthS(self, value: float) -> "SpeechRecognizer":
        """Sets ``strideLengthS``."""
        return self._set(strideLengthS=value)

    def getStrideLengthS(self) -> float:
        """Gets ``strideLengthS`` or its default."""
        return self.getOrDefault(self.strideLengthS)


class AudioClassifier(_StageParams):
    """AudioClassifier (io.sparkformers.ml.AudioClassifier).

    Task ``audio-classification``: audio classification.

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"audio"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxSeconds`` (default ``10800.0``): longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's rate while it is prepared and 4 while it waits for the model; the model's activations are bounded by maxInferenceMemory
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``predictedLabelCol`` (default ``"predictedLabel"``): best class label from config.json id2label (default predictedLabel; empty: none)
    - ``predictionCol`` (default ``"prediction"``): best class index column, a double (default prediction; empty: none)
    - ``probabilityCol`` (default ``"probability"``): scores after the classifier's function (softmax, sigmoid or none), a Vector (default probability; empty: none)
    - ``rawPredictionCol`` (default ``"rawPrediction"``): logits column, a Vector (default rawPrediction; empty: none)
    - ``sampleRateCol`` (default ``"sampleRate"``): sampling rate (Hz) column for array<float> sample input (default sampleRate)
    - ``topK`` (default ``5``): number of classes in topKCol (default 5, >= 1)
    - ``topKCol`` (default ``"topK"``): array<struct<label, score>> of the k best classes (default topK; empty: none)
    - ``vectorFormat`` (default ``"vector"``): vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back
    """

    _java_class = "io.sparkformers.ml.AudioClassifier"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxSeconds = Param(Params._dummy(), "maxSeconds", "longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's rate while it is prepared and 4 while it waits for the model; the model's activations are bounded by maxInferenceMemory", typeConverter=TypeConverters.toFloat)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    predictedLabelCol = Param(Params._dummy(), "predictedLabelCol", "best class label from config.json id2label (default predictedLabel; empty: none)", typeConverter=TypeConverters.toString)
    predictionCol = Param(Params._dummy(), "predictionCol", "best class index column, a double (default prediction; empty: none)", typeConverter=TypeConverters.toString)
    probabilityCol = Param(Params._dummy(), "probabilityCol", "scores after the classifier's function (softmax, sigmoid or none), a Vector (default probability; empty: none)", typeConverter=TypeConverters.toString)
    rawPredictionCol = Param(Params._dummy(), "rawPredictionCol", "logits column, a Vector (default rawPrediction; empty: none)", typeConverter=TypeConverters.toString)
    sampleRateCol = Param(Params._dummy(), "sampleRateCol", "sampling rate (Hz) column for array<float> sample input (default sampleRate)", typeConverter=TypeConverters.toString)
    topK = Param(Params._dummy(), "topK", "number of classes in topKCol (default 5, >= 1)", typeConverter=TypeConverters.toInt)
    topKCol = Param(Params._dummy(), "topKCol", "array<struct<label, score>> of the k best classes (default topK; empty: none)", typeConverter=TypeConverters.toString)
    vectorFormat = Param(Params._dummy(), "vectorFormat", "vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back", typeConverter=one_of("vector", "array"))

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxSeconds: Optional[float] = None, modelPath: Optional[str] = None, predictedLabelCol: Optional[str] = None, predictionCol: Optional[str] = None, probabilityCol: Optional[str] = None, rawPredictionCol: Optional[str] = None, sampleRateCol: Optional[str] = None, topK: Optional[int] = None, topKCol: Optional[str] = None, vectorFormat: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, device="auto", errorCol="", handleInvalid="error", inputCol="audio", intraOpThreads=0, maxInferenceMemory=0, maxSeconds=10800.0, predictedLabelCol="predictedLabel", predictionCol="prediction", probabilityCol="probability", rawPredictionCol="rawPrediction", sampleRateCol="sampleRate", topK=5, topKCol="topK", vectorFormat="vector")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxSeconds: Optional[float] = None, modelPath: Optional[str] = None, predictedLabelCol: Optional[str] = None, predictionCol: Optional[str] = None, probabilityCol: Optional[str] = None, rawPredictionCol: Optional[str] = None, sampleRateCol: Optional[str] = None, topK: Optional[int] = None, topKCol: Optional[str] = None, vectorFormat: Optional[str] = None) -> "AudioClassifier":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setInputCol(self, value: str) -> "AudioClassifier":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxSeconds(self, value: float) -> "AudioClassifier":
        """Sets ``maxSeconds``."""
        return self._set(maxSeconds=value)

    def getMaxSeconds(self) -> float:
        """Gets ``maxSeconds`` or its default."""
        return self.getOrDefault(self.maxSeconds)

    def setPredictedLabelCol(self, value: str) -> "AudioClassifier":
        """Sets ``predictedLabelCol``."""
        return self._set(predictedLabelCol=value)

    def getPredictedLabelCol(self) -> str:
        """Gets ``predictedLabelCol`` or its default."""
        return self.getOrDefault(self.predictedLabelCol)

    def setPredictionCol(self, value: str) -> "AudioClassifier":
        """Sets ``predictionCol``."""
        return self._set(predictionCol=value)

    def getPredictionCol(self) -> str:
        """Gets ``predictionCol`` or its default."""
        return self.getOrDefault(self.predictionCol)

    def setProbabilityCol(self, value: str) -> "AudioClassifier":
        """Sets ``probabilityCol``."""
        return self._set(probabilityCol=value)

    def getProbabilityCol(self) -> str:
        """Gets ``probabilityCol`` or its default."""
        return self.getOrDefault(self.probabilityCol)

    def setRawPredictionCol(self, value: str) -> "AudioClassifier":
        """Sets ``rawPredictionCol``."""
        return self._set(rawPredictionCol=value)

    def getRawPredictionCol(self) -> str:
        """Gets ``rawPredictionCol`` or its default."""
        return self.getOrDefault(self.rawPredictionCol)

    def setSampleRateCol(self, value: str) -> "AudioClassifier":
        """Sets ``sampleRateCol``."""
        return self._set(sampleRateCol=value)

    def getSampleRateCol(self) -> str:
        """Gets ``sampleRateCol`` or its default."""
        return self.getOrDefault(self.sampleRateCol)

    def setTopK(self, value: int) -> "AudioClassifier":
        """Sets ``topK``."""
        return self._set(topK=value)

    def getTopK(self) -> int:
        """Gets ``topK`` or its default."""
        return self.getOrDefault(self.topK)

    def setTopKCol(self, value: str) -> "AudioClassifier":
        """Sets ``topKCol``."""
        return self._set(topKCol=value)

    def getTopKCol(self) -> str:
        """Gets ``topKCol`` or its default."""
        return self.getOrDefault(self.topKCol)

    def setVectorFormat(self, value: str) -> "AudioClassifier":
        """Sets ``vectorFormat``."""
        return self._set(vectorFormat=value)

    def getVectorFormat(self) -> str:
        """Gets ``vectorFormat`` or its default."""
        return self.getOrDefault(self.vectorFormat)


class AudioFrameClassifier(_StageParams):
    """AudioFrameClassifier (io.sparkformers.ml.AudioFrameClassifier).

    Task ``audio-frame-classification``: per-frame labels and segments.

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``framesCol`` (default ``"frameLabels"``): array<string> label per frame (default frameLabels; empty: none)
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"audio"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxSeconds`` (default ``10800.0``): longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's rate while it is prepared and 4 while it waits for the model; the model's activations are bounded by maxInferenceMemory
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``sampleRateCol`` (default ``"sampleRate"``): sampling rate (Hz) column for array<float> sample input (default sampleRate)
    - ``segmentsCol`` (default ``"segments"``): merged segments column (default segments; empty: none)
    """

    _java_class = "io.sparkformers.ml.AudioFrameClassifier"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    framesCol = Param(Params._dummy(), "framesCol", "array<string> label per frame (default frameLabels; empty: none)", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxSeconds = Param(Params._dummy(), "maxSeconds", "longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's rate while it is prepared and 4 while it waits for the model; the model's activations are bounded by maxInferenceMemory", typeConverter=TypeConverters.toFloat)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    sampleRateCol = Param(Params._dummy(), "sampleRateCol", "sampling rate (Hz) column for array<float> sample input (default sampleRate)", typeConverter=TypeConverters.toString)
    segmentsCol = Param(Params._dummy(), "segmentsCol", "merged segments column (default segments; empty: none)", typeConverter=TypeConverters.toString)

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, framesCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxSeconds: Optional[float] = None, modelPath: Optional[str] = None, sampleRateCol: Optional[str] = None, segmentsCol: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, device="auto", errorCol="", framesCol="frameLabels", handleInvalid="error", inputCol="audio", intraOpThreads=0, maxInferenceMemory=0, maxSeconds=10800.0, sampleRateCol="sampleRate", segmentsCol="segments")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, framesCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxSeconds: Optional[float] = None, modelPath: Optional[str] = None, sampleRateCol: Optional[str] = None, segmentsCol: Optional[str] = None) -> "AudioFrameClassifier":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setFramesCol(self, value: str) -> "AudioFrameClassifier":
        """Sets ``framesCol``."""
        return self._set(framesCol=value)

    def getFramesCol(self) -> str:
        """Gets ``framesCol`` or its default."""
        return self.getOrDefault(self.framesCol)

    def setInputCol(self, value: str) -> "AudioFrameClassifier":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxSeconds(self, value: float) -> "AudioFrameClassifier":
        """Sets ``maxSeconds``."""
        return self._set(maxSeconds=value)

    def getMaxSeconds(self) -> float:
        """Gets ``maxSeconds`` or its default."""
        return self.getOrDefault(self.maxSeconds)

    def setSampleRateCol(self, value: str) -> "AudioFrameClassifier":
        """Sets ``sampleRateCol``."""
        return self._set(sampleRateCol=value)

    def getSampleRateCol(self) -> str:
        """Gets ``sampleRateCol`` or its default."""
        return self.getOrDefault(self.sampleRateCol)

    def setSegmentsCol(self, value: str) -> "AudioFrameClassifier":
        """Sets ``segmentsCol``."""
        return self._set(segmentsCol=value)

    def getSegmentsCol(self) -> str:
        """Gets ``segmentsCol`` or its default."""
        return self.getOrDefault(self.segmentsCol)


class SpeakerEmbedder(_StageParams):
    """SpeakerEmbedder (io.sparkformers.ml.SpeakerEmbedder).

    Task ``audio-xvector``: speaker embedding (Vector).

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"audio"``): input column
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``maxSeconds`` (default ``10800.0``): longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's rate while it is prepared and 4 while it waits for the model; the model's activations are bounded by maxInferenceMemory
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``normalize`` (default ``False``): scale embeddings to unit L2 norm (default false)
    - ``outputCol`` (default ``"embedding"``): embedding column, a Vector (default embedding)
    - ``sampleRateCol`` (default ``"sampleRate"``): sampling rate (Hz) column for array<float> sample input (default sampleRate)
    - ``vectorFormat`` (default ``"vector"``): vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back
    """

    _java_class = "io.sparkformers.ml.SpeakerEmbedder"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    maxSeconds = Param(Params._dummy(), "maxSeconds", "longer clips are invalid rows (default 10800 = 3 h); a clip takes about 8 bytes a sample at the model's rate while it is prepared and 4 while it waits for the model; the model's activations are bounded by maxInferenceMemory", typeConverter=TypeConverters.toFloat)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    normalize = Param(Params._dummy(), "normalize", "scale embeddings to unit L2 norm (default false)", typeConverter=TypeConverters.toBoolean)
    outputCol = Param(Params._dummy(), "outputCol", "embedding column, a Vector (default embedding)", typeConverter=TypeConverters.toString)
    sampleRateCol = Param(Params._dummy(), "sampleRateCol", "sampling rate (Hz) column for array<float> sample input (default sampleRate)", typeConverter=TypeConverters.toString)
    vectorFormat = Param(Params._dummy(), "vectorFormat", "vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow carries to pandas and numpy (toPandas, pandas UDFs) without falling back", typeConverter=one_of("vector", "array"))

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxSeconds: Optional[float] = None, modelPath: Optional[str] = None, normalize: Optional[bool] = None, outputCol: Optional[str] = None, sampleRateCol: Optional[str] = None, vectorFormat: Optional[str] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, device="auto", errorCol="", handleInvalid="error", inputCol="audio", intraOpThreads=0, maxInferenceMemory=0, maxSeconds=10800.0, normalize=False, outputCol="embedding", sampleRateCol="sampleRate", vectorFormat="vector")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, maxSeconds: Optional[float] = None, modelPath: Optional[str] = None, normalize: Optional[bool] = None, outputCol: Optional[str] = None, sampleRateCol: Optional[str] = None, vectorFormat: Optional[str] = None) -> "SpeakerEmbedder":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setInputCol(self, value: str) -> "SpeakerEmbedder":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setMaxSeconds(self, value: float) -> "SpeakerEmbedder":
        """Sets ``maxSeconds``."""
        return self._set(maxSeconds=value)

    def getMaxSeconds(self) -> float:
        """Gets ``maxSeconds`` or its default."""
        return self.getOrDefault(self.maxSeconds)

    def setNormalize(self, value: bool) -> "SpeakerEmbedder":
        """Sets ``normalize``."""
        return self._set(normalize=value)

    def getNormalize(self) -> bool:
        """Gets ``normalize`` or its default."""
        return self.getOrDefault(self.normalize)

    def setOutputCol(self, value: str) -> "SpeakerEmbedder":
        """Sets ``outputCol``."""
        return self._set(outputCol=value)

    def getOutputCol(self) -> str:
        """Gets ``outputCol`` or its default."""
        return self.getOrDefault(self.outputCol)

    def setSampleRateCol(self, value: str) -> "SpeakerEmbedder":
        """Sets ``sampleRateCol``."""
        return self._set(sampleRateCol=value)

    def getSampleRateCol(self) -> str:
        """Gets ``sampleRateCol`` or its default."""
        return self.getOrDefault(self.sampleRateCol)

    def setVectorFormat(self, value: str) -> "SpeakerEmbedder":
        """Sets ``vectorFormat``."""
        return self._set(vectorFormat=value)

    def getVectorFormat(self) -> str:
        """Gets ``vectorFormat`` or its default."""
        return self.getOrDefault(self.vectorFormat)


class OnnxTransformer(_StageParams):
    """OnnxTransformer (io.sparkformers.ml.OnnxTransformer).

    Task ``onnx``: any ONNX graph: numeric inputs in graph order, every output as array<float>.

    Params (Java name, default):

    - ``batchSize`` (default ``32``): rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size
    - ``device`` (default ``"auto"``): cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs
    - ``errorCol`` (default ``""``): column for the reason a row has no output (null when fine); empty (default) adds no column
    - ``handleInvalid`` (default ``"error"``): what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)
    - ``inputCol`` (default ``"input"``): input column
    - ``inputCols`` (default ``[]``): columns feeding the graph, one per graph input (default empty: inputCol alone)
    - ``inputNames`` (default ``[]``): graph input fed by each of inputCols, in order (default empty: the graph's inputs in order)
    - ``intraOpThreads`` (default ``0``): ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)
    - ``maxInferenceMemory`` (default ``0``): bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes
    - ``modelPath`` (no default): export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default
    - ``outputCols`` (default ``[]``): column for each of outputNames (default empty: the output names)
    - ``outputNames`` (default ``[]``): graph outputs to fetch (default empty: all)
    """

    _java_class = "io.sparkformers.ml.OnnxTransformer"

    batchSize = Param(Params._dummy(), "batchSize", "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size", typeConverter=TypeConverters.toInt)
    device = Param(Params._dummy(), "device", "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has a GPU and logs which provider runs", typeConverter=one_of("cpu", "cuda", "auto"))
    errorCol = Param(Params._dummy(), "errorCol", "column for the reason a row has no output (null when fine); empty (default) adds no column", typeConverter=TypeConverters.toString)
    handleInvalid = Param(Params._dummy(), "handleInvalid", "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the log) or keep (null outputs, reason in errorCol)", typeConverter=one_of("error", "skip", "keep"))
    inputCol = Param(Params._dummy(), "inputCol", "input column", typeConverter=TypeConverters.toString)
    inputCols = Param(Params._dummy(), "inputCols", "columns feeding the graph, one per graph input (default empty: inputCol alone)", typeConverter=TypeConverters.toListString)
    inputNames = Param(Params._dummy(), "inputNames", "graph input fed by each of inputCols, in order (default empty: the graph's inputs in order)", typeConverter=TypeConverters.toListString)
    intraOpThreads = Param(Params._dummy(), "intraOpThreads", "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)", typeConverter=TypeConverters.toInt)
    maxInferenceMemory = Param(Params._dummy(), "maxInferenceMemory", "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 MiB of them). 0 (default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes", typeConverter=TypeConverters.toInt)
    modelPath = Param(Params._dummy(), "modelPath", "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, no scheme = local) or classpath:prefix. Required, no default", typeConverter=TypeConverters.toString)
    outputCols = Param(Params._dummy(), "outputCols", "column for each of outputNames (default empty: the output names)", typeConverter=TypeConverters.toListString)
    outputNames = Param(Params._dummy(), "outputNames", "graph outputs to fetch (default empty: all)", typeConverter=TypeConverters.toListString)

    @keyword_only
    def __init__(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, inputCols: Optional[List[str]] = None, inputNames: Optional[List[str]] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, modelPath: Optional[str] = None, outputCols: Optional[List[str]] = None, outputNames: Optional[List[str]] = None):
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(batchSize=32, device="auto", errorCol="", handleInvalid="error", inputCol="input", inputCols=[], inputNames=[], intraOpThreads=0, maxInferenceMemory=0, outputCols=[], outputNames=[])
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, batchSize: Optional[int] = None, device: Optional[str] = None, errorCol: Optional[str] = None, handleInvalid: Optional[str] = None, inputCol: Optional[str] = None, inputCols: Optional[List[str]] = None, inputNames: Optional[List[str]] = None, intraOpThreads: Optional[int] = None, maxInferenceMemory: Optional[int] = None, modelPath: Optional[str] = None, outputCols: Optional[List[str]] = None, outputNames: Optional[List[str]] = None) -> "OnnxTransformer":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setInputCol(self, value: str) -> "OnnxTransformer":
        """Sets ``inputCol``."""
        return self._set(inputCol=value)

    def getInputCol(self) -> str:
        """Gets ``inputCol`` or its default."""
        return self.getOrDefault(self.inputCol)

    def setInputCols(self, value: List[str]) -> "OnnxTransformer":
        """Sets ``inputCols``."""
        return self._set(inputCols=value)

    def getInputCols(self) -> List[str]:
        """Gets ``inputCols`` or its default."""
        return self.getOrDefault(self.inputCols)

    def setInputNames(self, value: List[str]) -> "OnnxTransformer":
        """Sets ``inputNames``."""
        return self._set(inputNames=value)

    def getInputNames(self) -> List[str]:
        """Gets ``inputNames`` or its default."""
        return self.getOrDefault(self.inputNames)

    def setOutputCols(self, value: List[str]) -> "OnnxTransformer":
        """Sets ``outputCols``."""
        return self._set(outputCols=value)

    def getOutputCols(self) -> List[str]:
        """Gets ``outputCols`` or its default."""
        return self.getOrDefault(self.outputCols)

    def setOutputNames(self, value: List[str]) -> "OnnxTransformer":
        """Sets ``outputNames``."""
        return self._set(outputNames=value)

    def getOutputNames(self) -> List[str]:
        """Gets ``outputNames`` or its default."""
        return self.getOrDefault(self.outputNames)
