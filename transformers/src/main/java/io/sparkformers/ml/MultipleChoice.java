package io.sparkformers.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.TextBatchCodec;
import io.sparkformers.head.Classification;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.BatchCodec;
import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import io.sparkformers.runtime.TensorStaging;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Multiple choice with {@code *ForMultipleChoice} exports ({@code input_ids [batch, choices, tokens]} →
 * {@code logits [batch, choices]}): each (prompt, choice) pair is encoded as a text pair, the scores are the
 * logits, {@code probability} their softmax and {@code prediction} the chosen index. Rows with different numbers
 * of choices go to different batches.
 */
public class MultipleChoice extends TextStage<MultipleChoice> {
    private static final long serialVersionUID = 1L;
    static final String LOGITS = "logits";

    private final Param<String> choicesCol =
            new Param<>(this, "choicesCol", "array<string> of choices (default choices)");
    private final Param<String> rawPredictionCol =
            new Param<>(this, "rawPredictionCol", "logits per choice, a Vector (default rawPrediction)");
    private final Param<String> probabilityCol =
            new Param<>(this, "probabilityCol", "softmax over the choices, a Vector (default probability)");
    private final Param<String> predictionCol =
            new Param<>(this, "predictionCol", "index of the chosen choice, a double (default prediction)");

    public MultipleChoice() {
        this(Identifiable.randomUID("multipleChoice"));
    }

    public MultipleChoice(String uid) {
        super(uid);
        setDefault(inputCol(), "prompt");
        setDefault(choicesCol, "choices");
        setDefault(rawPredictionCol, "rawPrediction");
        setDefault(probabilityCol, "probability");
        setDefault(predictionCol, "prediction");
    }

    public static MLReader<MultipleChoice> read() {
        return new DefaultParamsReader<>();
    }

    public static MultipleChoice load(String path) {
        return read().load(path);
    }

    public Param<String> choicesCol() {
        return choicesCol;
    }

    public Param<String> rawPredictionCol() {
        return rawPredictionCol;
    }

    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public MultipleChoice setChoicesCol(String v) {
        return setParam(choicesCol, v);
    }

    /** Gets {@code choicesCol} or its default. */
    public String getChoicesCol() {
        return $(choicesCol);
    }

    public MultipleChoice setRawPredictionCol(String v) {
        return setParam(rawPredictionCol, v);
    }

    /** Gets {@code rawPredictionCol} or its default. */
    public String getRawPredictionCol() {
        return $(rawPredictionCol);
    }

    public MultipleChoice setProbabilityCol(String v) {
        return setParam(probabilityCol, v);
    }

    /** Gets {@code probabilityCol} or its default. */
    public String getProbabilityCol() {
        return $(probabilityCol);
    }

    public MultipleChoice setPredictionCol(String v) {
        return setParam(predictionCol, v);
    }

    /** Gets {@code predictionCol} or its default. */
    public String getPredictionCol() {
        return $(predictionCol);
    }

    @Override
    protected List<String> inputColumns() {
        return List.of(getInputCol(), $(choicesCol));
    }

    @Override
    protected void checkInputType(String column, DataType type) {
        if (column.equals($(choicesCol))) {
            if (!(type instanceof ArrayType at) || !(at.elementType() instanceof StringType)) {
                throw new IllegalArgumentException(name() + ": choices column '" + column + "' has type "
                        + type.simpleString() + "; expected array<string>");
            }
            return;
        }
        super.checkInputType(column, type);
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        checkTextModel(model, session);
        if (session.shape(TextBatchCodec.INPUT_IDS).length != 3
                || session.shape(outputOr(session, LOGITS)).length != 2) {
            throw new ModelException(name() + ": model " + model.uri() + " takes input_ids "
                    + Arrays.toString(session.shape(TextBatchCodec.INPUT_IDS))
                    + "; a multiple-choice graph takes [batch, choices, tokens] and returns logits [batch, choices]");
        }
    }

    @Override
    protected List<StructField> outputFields() {
        return withTruncatedFlag(List.of(
                DataTypes.createStructField($(rawPredictionCol), SQLDataTypes.VectorType(), true),
                DataTypes.createStructField($(probabilityCol), SQLDataTypes.VectorType(), true),
                DataTypes.createStructField($(predictionCol), DataTypes.DoubleType, true)));
    }

    @Override
    protected CodecFactory codecFactory(StructType inputSchema, SerializableHadoopConf conf) {
        return new Factory(
                inputSchema.fieldIndex(getInputCol()),
                inputSchema.fieldIndex($(choicesCol)),
                getMaxLength(),
                wantsTruncatedFlag());
    }

    private record Factory(int prompt, int choices, int maxLength, boolean flag) implements CodecFactory {
        @Override
        public BatchCodec<Row, ?, Object[]> create(ModelDirectory model, OnnxModel session, Configuration conf) {
            TextTokenizer tokenizer = tokenizer(model, conf, maxLength);
            String logits = outputOr(session, LOGITS);
            Set<String> inputs = session.inputs().keySet();
            return new BatchCodec<Row, List<TextTokenizer.Encoded>, Object[]>() {
                @Override
                public List<TextTokenizer.Encoded> prepare(Row row) throws Exception {
                    if (row.isNullAt(prompt) || row.isNullAt(choices)) {
                        throw new InvalidInputException("null input (prompt or choices)");
                    }
                    List<String> options = row.getList(choices);
                    if (options.isEmpty()) {
                        throw new InvalidInputException("no choices");
                    }
                    List<TextTokenizer.Encoded> out = new ArrayList<>(options.size());
                    for (String option : options) {
                        if (option == null) {
                            throw new InvalidInputException("null choice");
                        }
                        out.add(tokenizer.encodePair(row.getString(prompt), option));
                    }
                    return out;
                }

                @Override
                public Object groupKey(List<TextTokenizer.Encoded> item) {
                    return item.size();
                }

                @Override
                public int sortKey(List<TextTokenizer.Encoded> item) {
                    return item.stream()
                            .mapToInt(TextTokenizer.Encoded::length)
                            .max()
                            .orElse(0);
                }

                @Override
                public Map<String, OnnxTensor> collate(
                        List<List<TextTokenizer.Encoded>> items, int rows, TensorStaging staging) throws OrtException {
                    int n = items.get(0).size();
                    List<TextTokenizer.Encoded> flat = new ArrayList<>();
                    items.forEach(flat::addAll);
                    return TextBatchCodec.collate(
                            flat, flat.size(), staging, inputs, tokenizer.padId(), items.size(), n);
                }

                @Override
                public Set<String> outputs() {
                    return Set.of(logits);
                }

                @Override
                public List<Object[]> decode(OrtSession.Result result, List<List<TextTokenizer.Encoded>> items)
                        throws OrtException {
                    Outputs.Batch batch = Outputs.floats(result, logits);
                    List<Object[]> out = new ArrayList<>(items.size());
                    for (int i = 0; i < items.size(); i++) {
                        float[] scores = batch.row(i);
                        double[] raw = new double[scores.length];
                        for (int k = 0; k < raw.length; k++) {
                            raw[k] = scores[k];
                        }
                        boolean truncated = items.get(i).stream().anyMatch(TextTokenizer.Encoded::truncated);
                        out.add(withTruncatedFlag(
                                new Object[] {
                                    Vectors.dense(raw),
                                    Vectors.dense(Classification.softmax(scores)),
                                    (double) Classification.argmax(scores)
                                },
                                flag,
                                truncated));
                    }
                    return out;
                }
            };
        }
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public MultipleChoice copy(ParamMap extra) {
        return (MultipleChoice) super.copy(extra);
    }
}
