package io.sparkformers.ml;

import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.compat.SparkLine;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.BatchEngine;
import io.sparkformers.runtime.Device;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.SessionCache;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * What every model stage shares: where the export is, how rows are batched and where they run, and what happens to
 * bad rows. A task stage adds its own Params, checks its input column and the graph, and supplies a
 * {@link Composition} (an input and a head) that runs on the executors.
 */
public abstract class ModelStage<S extends ModelStage<S>> extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelStage.class);

    private final String uid;
    private transient ModelDirectory resolved;
    private transient StageMetrics metrics;
    private StageParams.Spelling spelling = StageParams.Spelling.PARAM;

    private final Param<String> modelPath;
    private final Param<String> inputCol;
    private final IntParam batchSize;
    private final Param<String> device;
    private final Param<String> handleInvalid;
    private final Param<String> errorCol;
    private final IntParam intraOpThreads;
    private final LongParam maxInferenceMemory;
    private final Param<String> vectorFormat;

    protected ModelStage(String uid) {
        // A jar of another Spark line fails later, deep in Spark, with no word of why: refuse here, in one line.
        SparkLine.require();
        // Params capture their parent's uid when created, so they are made after it is set.
        this.uid = uid;
        this.modelPath = new Param<>(
                this,
                "modelPath",
                "export directory (model.onnx, config.json, preprocessor/tokenizer files) as a Hadoop URI (file:, hdfs:, s3a:, "
                        + "no scheme = local) or classpath:prefix. Required, no default");
        // Only a stage that reads one column has the Param (see InputColParams); Spark requires a stage to own the
        // Params it sets, so the others never create it.
        this.inputCol = this instanceof InputColParams ? new Param<>(this, "inputCol", "input column") : null;
        this.batchSize = new IntParam(
                this,
                "batchSize",
                "rows per ONNX Runtime call (default 32, >= 1); graphs with a fixed batch size get batches of that size",
                ParamValidators.gtEq(1));
        this.device = new ChoiceParam(
                this,
                "device",
                "cpu | cuda | auto (default auto): cuda fails when CUDA cannot be used; auto takes CUDA when the executor has "
                        + "a GPU and logs which provider runs",
                Device.CHOICES);
        this.handleInvalid = new ChoiceParam(
                this,
                "handleInvalid",
                "what to do with a row that cannot be processed: error (fail the job, default), skip (drop it, counted in the "
                        + "log) or keep (null outputs, reason in errorCol)",
                "error",
                "skip",
                "keep");
        this.errorCol = new Param<>(
                this,
                "errorCol",
                "column for the reason a row has no output (null when fine); empty (default) adds no column");
        this.intraOpThreads = new IntParam(
                this,
                "intraOpThreads",
                "ONNX Runtime intra-op threads per session (default 0 = spark.task.cpus)",
                ParamValidators.gtEq(0));
        this.maxInferenceMemory = new LongParam(
                this,
                "maxInferenceMemory",
                "bytes of activation memory one ONNX Runtime call may take, estimated before it runs where the input can grow "
                        + "without bound (audio: frames² × heads for attention): batches hold only the rows that fit, and a row "
                        + "that alone exceeds it is an invalid row naming its size; rows read ahead are bounded by it too (at least 256 "
                        + "MiB of them). 0 "
                        + "(default) = a quarter of the executor JVM's maximum heap, at least 512 MiB. Activations live outside "
                        + "the heap: keep it within spark.executor.memoryOverhead on YARN or Kubernetes",
                ParamValidators.gtEq(0));
        // Only a stage that writes vector columns has the Param (see VectorFormatParams).
        this.vectorFormat = !(this instanceof VectorFormatParams)
                ? null
                : new ChoiceParam(
                        this,
                        "vectorFormat",
                        "vector | array (default vector): how the vector columns (logits, probabilities, embeddings) are typed: "
                                + "Spark ML Vectors, which MLlib's evaluators and estimators take, or array<float>, which Arrow "
                                + "carries to pandas and numpy (toPandas, pandas UDFs) without falling back",
                        "vector",
                        "array");
        if (vectorFormat != null) {
            setDefault(vectorFormat, "vector");
        }
        setDefault(batchSize, 32);
        setDefault(device, "auto");
        setDefault(handleInvalid, "error");
        setDefault(errorCol, "");
        setDefault(intraOpThreads, 0);
        setDefault(maxInferenceMemory, 0L);
    }

    /** An embedding in column "embedding", pooled as the stage prefers, not normalised, no hidden states. */
    void setEmbeddingDefaults(EmbeddingColumns c, String pooling) {
        setDefault(c.outputCol, "embedding");
        setDefault(c.pooling, pooling);
        setDefault(c.normalize, false);
        setDefault(c.hiddenStateCol, "");
    }

    /** Sets a default for a Param a part of this stage declares (its image or audio input, its columns). */
    <T> void defaultParam(Param<T> param, T value) {
        setDefault(param, value);
    }

    /** Spark ML's default names for a classifier's columns, and 5 classes in top-k. */
    void setClassifierDefaults(ClassifierColumns c) {
        setDefault(c.rawPredictionCol, "rawPrediction");
        setDefault(c.probabilityCol, "probability");
        setDefault(c.predictionCol, "prediction");
        setDefault(c.predictedLabelCol, "predictedLabel");
        setDefault(c.topKCol, "topK");
        setDefault(c.topK, 5);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> modelPath() {
        return modelPath;
    }

    public String getModelPath() {
        return $(modelPath);
    }

    public S setModelPath(String v) {
        return setParam(modelPath, v);
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public int getBatchSize() {
        return (Integer) $(batchSize);
    }

    public S setBatchSize(int v) {
        return setParam(batchSize, v);
    }

    public Param<String> device() {
        return device;
    }

    public String getDevice() {
        return $(device);
    }

    public S setDevice(String v) {
        return setParam(device, v);
    }

    public Param<String> handleInvalid() {
        return handleInvalid;
    }

    public String getHandleInvalid() {
        return $(handleInvalid);
    }

    public S setHandleInvalid(String v) {
        return setParam(handleInvalid, v);
    }

    public Param<String> errorCol() {
        return errorCol;
    }

    public String getErrorCol() {
        return $(errorCol);
    }

    public S setErrorCol(String v) {
        return setParam(errorCol, v);
    }

    public IntParam intraOpThreads() {
        return intraOpThreads;
    }

    public int getIntraOpThreads() {
        return (Integer) $(intraOpThreads);
    }

    public S setIntraOpThreads(int v) {
        return setParam(intraOpThreads, v);
    }

    public LongParam maxInferenceMemory() {
        return maxInferenceMemory;
    }

    public long getMaxInferenceMemory() {
        return (Long) $(maxInferenceMemory);
    }

    public S setMaxInferenceMemory(long v) {
        return setParam(maxInferenceMemory, v);
    }

    /** The {@code inputCol} Param, or null for a stage that reads columns of its own names. */
    Param<String> inputColParam() {
        return inputCol;
    }

    /** The {@code vectorFormat} Param, or null for a stage without vector columns. */
    Param<String> vectorFormatParam() {
        return vectorFormat;
    }

    private boolean vectorsAsArrays() {
        return vectorFormat != null && $(vectorFormat).equals("array");
    }

    /** The output fields as this stage writes them: Vector columns as array<float> when vectorFormat is array. */
    private List<StructField> writtenFields() {
        List<StructField> fields = new ArrayList<>(outputFields());
        if (vectorsAsArrays()) {
            for (int i = 0; i < fields.size(); i++) {
                StructField f = fields.get(i);
                if (f.dataType().equals(SQLDataTypes.VectorType())) {
                    fields.set(
                            i,
                            DataTypes.createStructField(
                                    f.name(), DataTypes.createArrayType(DataTypes.FloatType, false), f.nullable()));
                }
            }
        }
        return fields;
    }

    /** {@code maxInferenceMemory} when set, else a quarter of this JVM's maximum heap, at least 512 MiB. */
    static long inferenceMemory(long param) {
        return param > 0 ? param : Math.max(512L << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    /** The column {@code inputCol} names. */
    String inputColumn() {
        return $(inputCol);
    }

    @SuppressWarnings("unchecked")
    S setParam(Param<?> p, Object value) {
        set((Param<Object>) p, value);
        return (S) this;
    }

    /**
     * How the reasons this stage gives spell its options: as Params (the default), as SQL's options or as the
     * command's flags ({@code --handle-invalid}); set by the front end that made the stage, for its user.
     */
    public S spellOptionsAs(StageParams.Spelling s) {
        spelling = s;
        @SuppressWarnings("unchecked")
        S self = (S) this;
        return self;
    }

    protected String name() {
        return getClass().getSimpleName() + "(" + uid + ")";
    }

    /** Hadoop configuration of the active session (credentials, s3a endpoints), or a default one. */
    protected static Configuration hadoopConf() {
        Option<SparkSession> s = SparkSession.getActiveSession();
        return s.isDefined() ? s.get().sparkContext().hadoopConfiguration() : new Configuration();
    }

    /** The export directory, opened on the driver once per path. */
    public synchronized ModelDirectory model() {
        if (!isDefined(modelPath) || $(modelPath) == null || $(modelPath).isBlank()) {
            throw new IllegalArgumentException(name() + ": modelPath is not set; point it at an export directory");
        }
        if (resolved == null || !resolved.uri().equals($(modelPath))) {
            resolved = ModelDirectory.open($(modelPath), hadoopConf(), requiresConfig());
        }
        return resolved;
    }

    /** Whether the export must have {@code config.json} (labels, task heads); the generic stage does without. */
    protected boolean requiresConfig() {
        return true;
    }

    /** The driver's session for {@link #model()}: graph metadata for validation (reused by local-mode tasks). */
    protected OnnxModel driverSession() {
        return SessionCache.get(model(), hadoopConf(), Device.CPU, options());
    }

    private SessionCache.Options options() {
        int n = getIntraOpThreads();
        return n > 0 ? new SessionCache.Options(n) : SessionCache.Options.defaults();
    }

    /** Throws, naming the column and the types accepted, when the input column cannot feed this stage. */
    protected abstract void checkInputType(String column, DataType type);

    /** Checks the graph and the export's configs against this task; runs on the driver. */
    protected abstract void checkModel(ModelDirectory model, OnnxModel session);

    /** The columns this stage appends, in order (the error column is added after them). */
    protected abstract List<StructField> outputFields();

    /**
     * Builds, on the driver, the stage's input and head as the executors make them (serialised with the task closure).
     */
    protected abstract Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf);

    /** Checks the rank of the graph's {@code output} (or its first output) and returns the output's name. */
    protected String checkOutputRank(
            ModelDirectory model, OnnxModel session, String output, int rank, String expected) {
        String name = outputOr(session, output);
        long[] shape = session.shape(name);
        if (shape.length != rank) {
            throw new ModelException(name() + ": model " + model.uri() + " returns " + name + " "
                    + Arrays.toString(shape) + "; " + expected);
        }
        return name;
    }

    /** {@code output} if the graph has it, else its first output. */
    static String outputOr(OnnxModel session, String output) {
        return session.outputs().containsKey(output)
                ? output
                : session.outputs().keySet().iterator().next();
    }

    /**
     * {@code batchSize}, except for dynamically quantized graphs left at the default: those run one row at a time so
     * that a row's result does not depend on its batch mates (ORT derives the int8 scales from the whole batch).
     * Setting {@code batchSize} explicitly trades that for throughput.
     */
    protected int effectiveBatchSize() {
        if (model().dynamicQuantization() && !isSet(batchSize)) {
            LOG.info(
                    "{}: {} quantizes activations per batch; running rows one at a time (set batchSize to batch anyway)",
                    name(),
                    model().uri());
            return 1;
        }
        return getBatchSize();
    }

    /** Rows gathered before batching; more than {@code batchSize} makes the engine bucket rows by size. */
    protected int window() {
        return getBatchSize();
    }

    /** The columns this stage reads. */
    protected List<String> inputColumns() {
        return List.of(inputColumn());
    }

    /**
     * Opens the export on the driver and checks it fits this stage's task (inputs, outputs, processor, labels): what
     * {@link #transform} does before any row runs, for front ends that plan before they transform (SQL).
     */
    public void validateModel() {
        checkModel(model(), driverSession());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        for (String in : inputColumns()) {
            if (!Arrays.asList(schema.fieldNames()).contains(in)) {
                throw new IllegalArgumentException(name() + ": input column '" + in + "' does not exist; columns: "
                        + Arrays.toString(schema.fieldNames()));
            }
            checkInputType(in, schema.apply(in).dataType());
        }
        List<StructField> out = new ArrayList<>(Arrays.asList(schema.fields()));
        List<StructField> added = writtenFields();
        if (!getErrorCol().isEmpty()) {
            added.add(DataTypes.createStructField(getErrorCol(), DataTypes.StringType, true));
        }
        for (StructField f : added) {
            if (Arrays.asList(schema.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException(
                        name() + ": output column '" + f.name() + "' already exists; choose another name");
            }
            out.add(f);
        }
        return new StructType(out.toArray(new StructField[0]));
    }

    /**
     * The devices ({@code cpu}, {@code cuda:0}, ...) whose sessions ran the partitions of this stage's last
     * {@link #transform}, as reported by the tasks so far: what was actually used, where {@code device} is what was
     * asked for.
     */
    public SortedSet<String> devicesUsed() {
        return metrics == null ? new TreeSet<>() : metrics.devices();
    }

    /**
     * What this stage's last {@link #transform} did so far, summed over its tasks (also on the Spark UI's stage page
     * as the accumulators {@code sparkformers <Stage(uid)>: <metric>}): rows, invalid rows, ONNX Runtime calls, model
     * rows run, rows retried alone, padded and batched elements, and microseconds preparing, in ONNX Runtime and in
     * the head. Empty before a transform; filled as actions run.
     */
    public Map<String, Long> metrics() {
        return metrics == null ? Map.of() : metrics.values();
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outSchema = transformSchema(dataset.schema());
        // The schema is checked without the model (transformSchema stays pure, as Pipeline.fit calls it); the model is
        // opened and checked against the task here, on the driver, before any row runs.
        validateModel();
        StructType inSchema = dataset.schema();
        SerializableHadoopConf conf =
                new SerializableHadoopConf(dataset.sparkSession().sparkContext().hadoopConfiguration());
        metrics = new StageMetrics(dataset.sparkSession().sparkContext(), name());
        PartitionRunner runner = new PartitionRunner(model(), conf, composition(inSchema, conf), settings(), metrics);
        return dataset.toDF().mapPartitions(runner, Encoders.row(outSchema));
    }

    @Override
    public Transformer copy(ParamMap extra) {
        ModelStage<?> copy = (ModelStage<?>) defaultCopy(extra);
        // The opened export directory is reused (model() reopens it if the copy points elsewhere).
        synchronized (this) {
            copy.resolved = resolved;
        }
        copy.spelling = spelling;
        return copy;
    }

    /** What the executors need of this stage's Params, resolved on the driver. */
    record Settings(
            String stage,
            StageParams.Spelling spelling,
            String device,
            SessionCache.Options options,
            int batchSize,
            int window,
            long maxInferenceMemory,
            String handleInvalid,
            boolean errorColumn,
            int outputs,
            boolean vectorsAsArrays)
            implements Serializable {}

    private Settings settings() {
        return new Settings(
                name(),
                spelling,
                getDevice(),
                options(),
                effectiveBatchSize(),
                window(),
                getMaxInferenceMemory(),
                getHandleInvalid(),
                !getErrorCol().isEmpty(),
                outputFields().size(),
                vectorsAsArrays());
    }

    /** The executor side: one engine per partition over the JVM's shared session. */
    record PartitionRunner(
            ModelDirectory model,
            SerializableHadoopConf conf,
            Composition<?> factory,
            Settings settings,
            StageMetrics metrics)
            implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        private static float[] floats(double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            OnnxModel session =
                    SessionCache.get(model, conf.get(), Device.resolve(settings.device()), settings.options());
            metrics.deviceUsed(session.device().toString());
            return run(session, factory.create(model, session, conf.get()), rows);
        }

        private <P> Iterator<Row> run(OnnxModel session, Composition.Built<P> built, Iterator<Row> rows) {
            BatchEngine<Row, P, Object[]> engine = new BatchEngine<>(
                    session,
                    built.input(),
                    built.decoding(),
                    settings.batchSize(),
                    factory.staticBatch(session),
                    settings.window(),
                    inferenceMemory(settings.maxInferenceMemory()));
            // A killed task (a cancelled job, a speculative duplicate, a failed stage) stops its ONNX Runtime call and
            // the rows it prepares ahead; a task that ends early frees them too.
            TaskContext task = TaskContext.get();
            if (task != null) {
                engine.cancelledWhen(task::isInterrupted);
            }
            BatchEngine<Row, P, Object[]>.Run it = engine.run(rows);
            if (task != null) {
                task.addTaskCompletionListener((TaskCompletionListener) done -> {
                    it.close();
                    metrics.add(engine.metrics());
                });
            }
            return new Iterator<>() {
                private Row next;
                private long skipped;

                @Override
                public boolean hasNext() {
                    while (next == null && it.hasNext()) {
                        next = toRow(it.next());
                    }
                    if (next == null && skipped > 0) {
                        LOG.warn(
                                "{}: skipped {} invalid rows ({})",
                                settings.stage(),
                                skipped,
                                settings.spelling().setting("handleInvalid", "skip"));
                        skipped = 0;
                    }
                    return next != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row r = next;
                    next = null;
                    return r;
                }

                private Row toRow(BatchEngine.Outcome<Row, Object[]> o) {
                    if (!o.ok()) {
                        switch (settings.handleInvalid()) {
                            case "skip":
                                skipped++;
                                return null;
                            case "keep":
                                break;
                            default:
                                StageParams.Spelling spelled = settings.spelling();
                                throw new InvalidRowException(settings.stage() + ": invalid row" + identify(o.input())
                                        + " (" + spelled.setting("handleInvalid", "error") + "): " + o.error()
                                        + "; set " + spelled.name("handleInvalid") + " to skip or keep (with "
                                        + spelled.name("errorCol") + ") to go on past bad rows");
                        }
                    }
                    Row in = o.input();
                    int n = in.length();
                    Object[] values = new Object[n + settings.outputs() + (settings.errorColumn() ? 1 : 0)];
                    for (int i = 0; i < n; i++) {
                        values[i] = in.get(i);
                    }
                    if (o.ok()) {
                        System.arraycopy(o.value(), 0, values, n, settings.outputs());
                        if (settings.vectorsAsArrays()) {
                            for (int k = n; k < n + settings.outputs(); k++) {
                                if (values[k] instanceof Vector v) {
                                    values[k] = ScalaCollections.wrap(floats(v.toArray()));
                                }
                            }
                        }
                    }
                    if (settings.errorColumn()) {
                        values[n + settings.outputs()] = o.error();
                    }
                    return RowFactory.create(values);
                }
            };
        }
    }

    /** " [name=value]" of the row's first short string or number column (an id or a path), or "". */
    static String identify(Row row) {
        for (int i = 0; i < row.length(); i++) {
            Object v = row.get(i);
            if ((v instanceof String s && s.length() <= 300) || v instanceof Number) {
                return " [" + row.schema().fieldNames()[i] + "=" + v + "]";
            }
        }
        return "";
    }

    /** A row that cannot be processed under {@code handleInvalid=error}. */
    public static final class InvalidRowException extends RuntimeException {
        public InvalidRowException(String message) {
            super(message);
        }
    }
}
