package io.sparkformers.ml;

import io.sparkformers.batch.ChoicesInput;
import io.sparkformers.batch.TextBatchInput;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Multiple choice with {@code *ForMultipleChoice} exports ({@code input_ids [batch, choices, tokens]} →
 * {@code logits [batch, choices]}): each (prompt, choice) pair is encoded as a text pair and scored as a batch row of
 * its own (the model scores choices independently), so rows of any number of choices batch together; the classifier
 * columns follow with the row's choices as labels: {@code rawPrediction} the logits, {@code probability} their
 * softmax, {@code prediction} the chosen index, {@code predictedLabel} the chosen choice and {@code topK} the best
 * choices with their scores. An empty column name drops that column.
 */
public class MultipleChoice extends TextStage<MultipleChoice>
        implements InputColParams<MultipleChoice>, ClassifierParams<MultipleChoice> {
    private static final long serialVersionUID = 1L;

    private final Param<String> choicesCol =
            new Param<>(this, "choicesCol", "array<string> of choices (default choices)");
    private final ClassifierColumns columns = new ClassifierColumns(this);

    public MultipleChoice() {
        this(Identifiable.randomUID("multipleChoice"));
    }

    public MultipleChoice(String uid) {
        super(uid);
        setDefault(inputCol(), "prompt");
        setDefault(choicesCol, "choices");
        setClassifierDefaults(columns);
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

    public MultipleChoice setChoicesCol(String v) {
        return setParam(choicesCol, v);
    }

    /** Gets {@code choicesCol} or its default. */
    public String getChoicesCol() {
        return $(choicesCol);
    }

    @Override
    public ClassifierColumns classifierColumns() {
        return columns;
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
        text().check(model, session);
        if (session.shape(TextBatchInput.INPUT_IDS).length != 3
                || session.shape(outputOr(session, Head.LOGITS)).length != 2) {
            throw new ModelException(name() + ": model " + model.uri() + " takes input_ids "
                    + Arrays.toString(session.shape(TextBatchInput.INPUT_IDS))
                    + "; a multiple-choice graph takes [batch, choices, tokens] and returns logits [batch, choices]");
        }
    }

    @Override
    protected List<StructField> outputFields() {
        return text().withInputFields(columns.fields(this));
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return text().task(
                        inputSchema,
                        inputSchema.fieldIndex($(choicesCol)),
                        ChoicesInput::new,
                        new ChoiceHead(columns.spec(this)));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public MultipleChoice copy(ParamMap extra) {
        return (MultipleChoice) super.copy(extra);
    }
}
