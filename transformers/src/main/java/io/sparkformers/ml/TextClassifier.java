package io.sparkformers.ml;

import io.sparkformers.batch.TextBatchInput;
import io.sparkformers.model.SerializableHadoopConf;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;

/**
 * Sequence classification (sentiment, topics, NLI, ...) of single texts or text pairs ({@code pairCol}) with any
 * {@code *ForSequenceClassification} export. The function applied to the logits follows {@code config.json} as the
 * Hugging Face pipeline does — softmax for single-label, sigmoid for multi-label or one label, none for regression
 * — unless {@code functionToApply} says otherwise. Columns as in {@link ImageClassifier}.
 */
public class TextClassifier extends ClassifierStage<TextClassifier> implements TextParams<TextClassifier> {
    private static final long serialVersionUID = 1L;

    private final Param<String> pairCol = new Param<>(
            this,
            "pairCol",
            "second text of a pair (e.g. the hypothesis for NLI); empty (default) classifies single texts");
    private final ChoiceParam functionToApply = new ChoiceParam(
            this,
            "functionToApply",
            "auto | softmax | sigmoid | none (default auto: from config.json problem_type and the number of labels)",
            "auto",
            "softmax",
            "sigmoid",
            "none");

    public TextClassifier() {
        this(Identifiable.randomUID("textClassifier"));
    }

    public TextClassifier(String uid) {
        super(uid, TextInput::new);
        setDefault(pairCol, "");
        setDefault(functionToApply, "auto");
    }

    public static MLReader<TextClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static TextClassifier load(String path) {
        return read().load(path);
    }

    public Param<String> pairCol() {
        return pairCol;
    }

    public Param<String> functionToApply() {
        return functionToApply;
    }

    public TextClassifier setPairCol(String v) {
        return setParam(pairCol, v);
    }

    /** Gets {@code pairCol} or its default. */
    public String getPairCol() {
        return $(pairCol);
    }

    public TextClassifier setFunctionToApply(String v) {
        return setParam(functionToApply, v);
    }

    /** Gets {@code functionToApply} or its default. */
    public String getFunctionToApply() {
        return $(functionToApply);
    }

    @Override
    protected List<String> inputColumns() {
        return $(pairCol).isEmpty() ? List.of(getInputCol()) : List.of(getInputCol(), $(pairCol));
    }

    /** The pipeline's {@code function_to_apply}: {@code auto} follows config.json. */
    @Override
    protected String scoring() {
        return $(functionToApply);
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        int pair = $(pairCol).isEmpty() ? -1 : inputSchema.fieldIndex($(pairCol));
        return text().task(
                        inputSchema, pair, TextBatchInput::new, ClassifierHead.factory(columns.spec(this), scoring()));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public TextClassifier copy(ParamMap extra) {
        return (TextClassifier) super.copy(extra);
    }
}
