package io.sparkformers.ml;

import io.sparkformers.batch.TextBatchInput;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Fill-mask with any {@code *ForMaskedLM} export: for every mask token of a text (the tokenizer's own, e.g.
 * {@code <mask>}), the {@code topK} vocabulary entries by softmax score, with the filled-in sequence as the
 * Hugging Face pipeline writes it (special tokens kept when a text has several masks). A text without a mask
 * token is an invalid row.
 */
public class FillMask extends TextStage<FillMask> implements InputColParams<FillMask> {
    private static final long serialVersionUID = 1L;
    public static final StructType PREDICTION = new StructType(new StructField[] {
        DataTypes.createStructField("token", DataTypes.LongType, false),
        DataTypes.createStructField("tokenStr", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, false),
        DataTypes.createStructField("sequence", DataTypes.StringType, false)
    });
    public static final StructType MASK = new StructType(new StructField[] {
        DataTypes.createStructField("position", DataTypes.IntegerType, false),
        DataTypes.createStructField("predictions", DataTypes.createArrayType(PREDICTION, false), false)
    });

    private final Param<String> outputCol = new Param<>(
            this,
            "outputCol",
            "array<struct<position, predictions: array<struct<token, tokenStr, score, sequence>>>>, one per mask (default masks)");
    private final IntParam topK =
            new IntParam(this, "topK", "predictions per mask (default 5, >= 1)", ParamValidators.gtEq(1));

    public FillMask() {
        this(Identifiable.randomUID("fillMask"));
    }

    public FillMask(String uid) {
        super(uid);
        setDefault(outputCol, "masks");
        setDefault(topK, 5);
    }

    public static MLReader<FillMask> read() {
        return new DefaultParamsReader<>();
    }

    public static FillMask load(String path) {
        return read().load(path);
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam topK() {
        return topK;
    }

    public FillMask setOutputCol(String v) {
        return setParam(outputCol, v);
    }

    /** Gets {@code outputCol} or its default. */
    public String getOutputCol() {
        return $(outputCol);
    }

    public FillMask setTopK(int v) {
        return setParam(topK, v);
    }

    /** Gets {@code topK} or its default. */
    public int getTopK() {
        return (Integer) $(topK);
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        text().check(model, session);
        checkOutputRank(model, session, Head.LOGITS, 3, "a masked-LM graph returns logits [batch, tokens, vocabulary]");
        if (TextInput.tokenizer(model, hadoopConf(), getMaxLength()).maskId() < 0) {
            throw new ModelException(name() + ": the tokenizer of " + model.uri()
                    + " has no mask token (tokenizer_config.json mask_token)");
        }
    }

    @Override
    protected List<StructField> outputFields() {
        return text().withInputFields(List.of(
                DataTypes.createStructField($(outputCol), DataTypes.createArrayType(MASK, false), true)));
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return text().task(inputSchema, -1, TextBatchInput::new, new MaskHead((Integer) $(topK)));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public FillMask copy(ParamMap extra) {
        return (FillMask) super.copy(extra);
    }
}
