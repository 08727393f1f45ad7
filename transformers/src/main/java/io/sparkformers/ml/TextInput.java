package io.sparkformers.ml;

import io.sparkformers.batch.Input;
import io.sparkformers.batch.TextBatchInput;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.OnnxModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * A stage's text input, as a part it is composed of: the {@code maxLength}, {@code bucketing} and {@code truncatedCol}
 * Params (declared on the stage, shown by {@link TextParams}), string columns, the export's tokenizer with truncation
 * to the model's length (texts longer than that are cut, never dropped: {@code truncatedCol} says which), length
 * bucketing, and the graph check. Every text stage holds one.
 */
final class TextInput implements MediaInput {
    private static final long serialVersionUID = 1L;
    /** Batches gathered into one bucketing window. */
    static final int BUCKET_BATCHES = 8;

    private final ModelStage<?> stage;
    final IntParam maxLength;
    final BooleanParam bucketing;
    final Param<String> truncatedCol;

    TextInput(ModelStage<?> stage) {
        this.stage = stage;
        this.maxLength = new IntParam(
                stage,
                "maxLength",
                "tokens per input including special tokens; longer inputs are truncated (default 0 = the model's own "
                        + "limit from tokenizer_config.json / tokenizer.json / config.json)",
                ParamValidators.gtEq(0));
        this.bucketing = new BooleanParam(
                stage,
                "bucketing",
                "sort each window of " + BUCKET_BATCHES + " batches by token count so batches pad little; output order "
                        + "is kept (default true)");
        this.truncatedCol = new Param<>(
                stage,
                "truncatedCol",
                "boolean column: true where the input was longer than maxLength and was cut (default empty: none)");
        stage.defaultParam(maxLength, 0);
        stage.defaultParam(bucketing, true);
        stage.defaultParam(truncatedCol, "");
    }

    @Override
    public String modality() {
        return "text";
    }

    int maxLength() {
        return (Integer) stage.getOrDefault(maxLength);
    }

    boolean wantsTruncatedFlag() {
        return !stage.getOrDefault(truncatedCol).isEmpty();
    }

    @Override
    public int window(int batchSize) {
        return (Boolean) stage.getOrDefault(bucketing) ? batchSize * BUCKET_BATCHES : batchSize;
    }

    @Override
    public void checkInputType(String column, DataType type) {
        if (!(type instanceof StringType)) {
            throw new IllegalArgumentException(stage.name() + ": input column '" + column + "' has type "
                    + type.simpleString() + "; expected string");
        }
    }

    /** The stage's own columns followed by {@code truncatedCol} when set. */
    @Override
    public List<StructField> withInputFields(List<StructField> fields) {
        List<StructField> out = new ArrayList<>(fields);
        if (wantsTruncatedFlag()) {
            out.add(DataTypes.createStructField(stage.getOrDefault(truncatedCol), DataTypes.BooleanType, true));
        }
        return out;
    }

    /** The tokenizer and graph inputs a text task needs. */
    @Override
    public void check(ModelDirectory model, OnnxModel session) {
        String name = stage.name();
        if (model.tokenizerFileName() == null) {
            throw new ModelException(name + ": model " + model.uri() + " has no tokenizer.json (files: "
                    + model.files().keySet() + ")");
        }
        if (!session.inputs().containsKey(TextBatchInput.INPUT_IDS)) {
            throw new ModelException(name + ": model " + model.uri() + " takes inputs "
                    + session.inputs().keySet() + "; a text model takes input_ids");
        }
        for (String in : session.inputs().keySet()) {
            if (!TextBatchInput.KNOWN_INPUTS.contains(in)) {
                throw new ModelException(name + ": model " + model.uri() + " has input '" + in
                        + "' that a text stage cannot feed" + " (known: " + TextBatchInput.KNOWN_INPUTS + ")");
            }
        }
    }

    /**
     * A task over texts: this stage's tokenizer (truncation to {@code maxLength}) and padded batches in front of {@code
     * head}; the truncation flag is appended to the head's columns when {@code truncatedCol} is set.
     */
    @Override
    public Composition<?> task(StructType inputSchema, SerializableHadoopConf conf, Head.Factory<Object> head) {
        return task(inputSchema, -1, TextBatchInput::new, head);
    }

    /** Makes a text input from the tokenizer, the row's text column and second column, the graph's inputs and flag. */
    interface Maker<P> extends Serializable {
        Input<P> make(TextTokenizer tokenizer, int column, int second, Set<String> graphInputs, boolean flag);
    }

    /**
     * A task over the input column and a {@code second} column (a text pair's, the choices; -1: none), read by the text
     * input {@code maker} makes.
     */
    <P> Composition<P> task(StructType inputSchema, int second, Maker<P> maker, Head.Factory<? super P> head) {
        return new Composition<>(
                new Texts<>(
                        inputSchema.fieldIndex(stage.inputColumn()), second, maxLength(), wantsTruncatedFlag(), maker),
                head);
    }

    private record Texts<P>(int column, int second, int maxLength, boolean flag, Maker<P> maker)
            implements Input.Factory<P> {
        @Override
        public Input<P> create(ModelDirectory model, OnnxModel session, Configuration conf) {
            return maker.make(
                    tokenizer(model, conf, maxLength),
                    column,
                    second,
                    session.inputs().keySet(),
                    flag);
        }
    }

    static TextTokenizer tokenizer(ModelDirectory model, Configuration conf, int maxLength) {
        return TextTokenizer.forModel(model, model.localDir(conf), maxLength);
    }

    /** The tokenizer a text input encodes with (a text head reads tokens and special ids from it). */
    static TextTokenizer tokenizer(Input<?> input) {
        return ((TextBatchInput) input).tokenizer();
    }
}
