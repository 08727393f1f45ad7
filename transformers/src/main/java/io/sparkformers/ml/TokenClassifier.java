package io.sparkformers.ml;

import io.sparkformers.batch.TextBatchInput;
import io.sparkformers.head.TokenAggregation;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Token classification (NER, POS, ...) with any {@code *ForTokenClassification} export, as the Hugging Face
 * pipeline returns it: {@code array<struct<entity, score, word, start, end, index>>} with character offsets into
 * the text, grouped by {@code aggregationStrategy} (none | simple | first | average | max), ignored labels
 * dropped. {@code index} is the token index for strategy none, null once tokens are grouped.
 */
public class TokenClassifier extends TextStage<TokenClassifier> implements InputColParams<TokenClassifier> {
    private static final long serialVersionUID = 1L;
    public static final StructType ENTITY = new StructType(new StructField[] {
        DataTypes.createStructField("entity", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, false),
        DataTypes.createStructField("word", DataTypes.StringType, false),
        DataTypes.createStructField("start", DataTypes.IntegerType, true),
        DataTypes.createStructField("end", DataTypes.IntegerType, true),
        DataTypes.createStructField("index", DataTypes.IntegerType, true)
    });

    private final Param<String> outputCol = new Param<>(this, "outputCol", "entities column (default entities)");
    private final ChoiceParam aggregationStrategy = new ChoiceParam(
            this,
            "aggregationStrategy",
            "none | simple | first | average | max (default none), as transformers' pipeline",
            "none",
            "simple",
            "first",
            "average",
            "max");
    private final StringArrayParam ignoreLabels =
            new StringArrayParam(this, "ignoreLabels", "labels left out of the output (default [O])");

    public TokenClassifier() {
        this(Identifiable.randomUID("tokenClassifier"));
    }

    public TokenClassifier(String uid) {
        super(uid);
        setDefault(outputCol, "entities");
        setDefault(aggregationStrategy, "none");
        setDefault(ignoreLabels, new String[] {"O"});
    }

    public static MLReader<TokenClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static TokenClassifier load(String path) {
        return read().load(path);
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> aggregationStrategy() {
        return aggregationStrategy;
    }

    public StringArrayParam ignoreLabels() {
        return ignoreLabels;
    }

    public TokenClassifier setOutputCol(String v) {
        return setParam(outputCol, v);
    }

    /** Gets {@code outputCol} or its default. */
    public String getOutputCol() {
        return $(outputCol);
    }

    public TokenClassifier setAggregationStrategy(String v) {
        return setParam(aggregationStrategy, v);
    }

    /** Gets {@code aggregationStrategy} or its default. */
    public String getAggregationStrategy() {
        return $(aggregationStrategy);
    }

    public TokenClassifier setIgnoreLabels(String... v) {
        return setParam(ignoreLabels, v);
    }

    /** Gets {@code ignoreLabels} or its default. */
    public String[] getIgnoreLabels() {
        return $(ignoreLabels);
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        text().check(model, session);
        checkOutputRank(
                model,
                session,
                Head.LOGITS,
                3,
                "a token-classification graph returns logits [batch, tokens, num_labels]");
    }

    @Override
    protected List<StructField> outputFields() {
        return text().withInputFields(List.of(
                DataTypes.createStructField($(outputCol), DataTypes.createArrayType(ENTITY, false), true)));
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        return text().task(
                        inputSchema,
                        -1,
                        TextBatchInput::new,
                        new EntityHead(
                                TokenAggregation.Strategy.valueOf(
                                        $(aggregationStrategy).toUpperCase(Locale.ROOT)),
                                new HashSet<>(Arrays.asList($(ignoreLabels)))));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public TokenClassifier copy(ParamMap extra) {
        return (TokenClassifier) super.copy(extra);
    }
}
