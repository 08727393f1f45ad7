package io.sparkformers.ml;

import io.sparkformers.batch.Input;
import io.sparkformers.batch.TextBatchInput;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.OnnxModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What every text stage shares: string input columns, the export's tokenizer with truncation to the model's
 * length (texts longer than that are cut, never dropped: {@code truncatedCol} says which), and length bucketing.
 */
public abstract class TextStage<S extends TextStage<S>> extends ModelStage<S> {
    private static final long serialVersionUID = 1L;
    /** Batches gathered into one bucketing window. */
    static final int BUCKET_BATCHES = 8;

    private final IntParam maxLength = new IntParam(
            this,
            "maxLength",
            "tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own limit "
                    + "from tokenizer_config.json / tokenizer.json / config.json)",
            ParamValidators.gtEq(0));
    private final BooleanParam bucketing = new BooleanParam(
            this,
            "bucketing",
            "sort each window of " + BUCKET_BATCHES + " batches by token count so batches pad little; output order is "
                    + "kept (default true)");
    private final Param<String> truncatedCol = new Param<>(
            this,
            "truncatedCol",
            "boolean column: true where the input was longer than maxLength and was cut (default empty: none)");

    protected TextStage(String uid) {
        super(uid);
        if (inputColParam() != null) {
            setDefault(inputColParam(), "text");
        }
        setDefault(maxLength, 0);
        setDefault(bucketing, true);
        setDefault(truncatedCol, "");
    }

    public IntParam maxLength() {
        return maxLength;
    }

    public BooleanParam bucketing() {
        return bucketing;
    }

    public Param<String> truncatedCol() {
        return truncatedCol;
    }

    public S setMaxLength(int v) {
        return setParam(maxLength, v);
    }

    public S setBucketing(boolean v) {
        return setParam(bucketing, v);
    }

    /** Gets {@code bucketing} or its default. */
    public boolean getBucketing() {
        return (Boolean) $(bucketing);
    }

    public S setTruncatedCol(String v) {
        return setParam(truncatedCol, v);
    }

    /** Gets {@code truncatedCol} or its default. */
    public String getTruncatedCol() {
        return $(truncatedCol);
    }

    public int getMaxLength() {
        return (Integer) $(maxLength);
    }

    protected boolean wantsTruncatedFlag() {
        return !$(truncatedCol).isEmpty();
    }

    @Override
    protected int window() {
        return (Boolean) $(bucketing) ? getBatchSize() * BUCKET_BATCHES : getBatchSize();
    }

    @Override
    protected void checkInputType(String column, DataType type) {
        if (!(type instanceof StringType)) {
            throw new IllegalArgumentException(
                    name() + ": input column '" + column + "' has type " + type.simpleString() + "; expected string");
        }
    }

    /** The stage's own columns followed by {@code truncatedCol} when set. */
    protected List<StructField> withTruncatedFlag(List<StructField> fields) {
        List<StructField> out = new ArrayList<>(fields);
        if (wantsTruncatedFlag()) {
            out.add(DataTypes.createStructField($(truncatedCol), DataTypes.BooleanType, true));
        }
        return out;
    }

    /** The tokenizer and graph inputs a text task needs. */
    protected void checkTextModel(ModelDirectory model, OnnxModel session) {
        if (model.tokenizerFileName() == null) {
            throw new ModelException(name() + ": model " + model.uri() + " has no tokenizer.json (files: "
                    + model.files().keySet() + ")");
        }
        if (!session.inputs().containsKey(TextBatchInput.INPUT_IDS)) {
            throw new ModelException(name() + ": model " + model.uri() + " takes inputs "
                    + session.inputs().keySet() + "; a text model takes input_ids");
        }
        for (String in : session.inputs().keySet()) {
            if (!TextBatchInput.KNOWN_INPUTS.contains(in)) {
                throw new ModelException(name() + ": model " + model.uri() + " has input '" + in
                        + "' that a text stage cannot feed" + " (known: " + TextBatchInput.KNOWN_INPUTS + ")");
            }
        }
    }

    /** A head over tokenized text, built on the executor with the tokenizer its text input encodes with. */
    interface TextHead extends Head.Factory<TextTokenizer.Encoded> {
        Head<TextTokenizer.Encoded> create(ModelDirectory model, OnnxModel session, TextTokenizer tokenizer);

        @Override
        default Head<TextTokenizer.Encoded> create(
                ModelDirectory model,
                OnnxModel session,
                Configuration conf,
                Input<? extends TextTokenizer.Encoded> input) {
            return create(model, session, ((TextBatchInput) input).tokenizer());
        }
    }

    /**
     * A task over texts (or text pairs when {@code pairColumn} ≥ 0): this stage's tokenizer (truncation to
     * {@code maxLength}) and padded batches in front of {@code head}; the truncation flag is appended to the head's
     * columns when {@code truncatedCol} is set.
     */
    protected Composition<TextTokenizer.Encoded> textTask(
            StructType inputSchema, int pairColumn, Head.Factory<? super TextTokenizer.Encoded> head) {
        return new Composition<>(
                new Texts(inputSchema.fieldIndex(inputColumn()), pairColumn, getMaxLength(), wantsTruncatedFlag()),
                head);
    }

    private record Texts(int column, int pairColumn, int maxLength, boolean flag)
            implements Input.Factory<TextTokenizer.Encoded> {
        @Override
        public Input<TextTokenizer.Encoded> create(ModelDirectory model, OnnxModel session, Configuration conf) {
            return new TextBatchInput(
                    tokenizer(model, conf, maxLength),
                    column,
                    pairColumn,
                    session.inputs().keySet(),
                    flag);
        }
    }

    static TextTokenizer tokenizer(ModelDirectory model, Configuration conf, int maxLength) {
        return TextTokenizer.forModel(model, model.localDir(conf), maxLength);
    }
}
