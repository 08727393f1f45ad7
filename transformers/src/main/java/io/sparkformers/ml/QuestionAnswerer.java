package io.sparkformers.ml;

import io.sparkformers.batch.Input;
import io.sparkformers.batch.QuestionWindowsInput;
import io.sparkformers.batch.TextPiecesInput;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.OnnxModel;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.param.BooleanParam;
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
 * Extractive question answering with any {@code *ForQuestionAnswering} export, as transformers' pipeline does it:
 * contexts longer than {@code maxSeqLength} are split into windows overlapping by {@code docStride} tokens
 * ({@code truncation="only_second"}, overflowing windows kept), every window scores spans of at most
 * {@code maxAnswerLength} tokens with the pipeline's {@code p_mask}, and the {@code topK} best across windows are
 * returned as {@code array<struct<answer, score, start, end>>} with character offsets into the context.
 */
public class QuestionAnswerer extends TextStage<QuestionAnswerer> {
    private static final long serialVersionUID = 1L;
    public static final StructType ANSWER = new StructType(new StructField[] {
        DataTypes.createStructField("answer", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, false),
        DataTypes.createStructField("start", DataTypes.IntegerType, false),
        DataTypes.createStructField("end", DataTypes.IntegerType, false)
    });

    private final Param<String> questionCol = new Param<>(this, "questionCol", "question column (default question)");
    private final Param<String> contextCol = new Param<>(this, "contextCol", "context column (default context)");
    private final Param<String> outputCol = new Param<>(this, "outputCol", "answers column (default answers)");
    private final IntParam topK =
            new IntParam(this, "topK", "answers per question (default 1)", ParamValidators.gtEq(1));
    private final IntParam maxAnswerLength =
            new IntParam(this, "maxAnswerLength", "longest answer in tokens (default 15)", ParamValidators.gtEq(1));
    private final IntParam maxSeqLength = new IntParam(
            this,
            "maxSeqLength",
            "tokens per window, question included (default 384; capped at the model's limit, as the pipeline's"
                    + " min(model_max_length, 384))",
            ParamValidators.gtEq(8));
    private final IntParam docStride = new IntParam(
            this,
            "docStride",
            "tokens shared by consecutive windows (default 128; left unset, min(window / 2, 128) as the pipeline's"
                    + " rule, so a model with a shorter window gets half of it)",
            ParamValidators.gtEq(0));
    private final BooleanParam windows = new BooleanParam(
            this,
            "windows",
            "split long contexts into overlapping windows (default true); false truncates the context to one window");
    private final BooleanParam handleImpossibleAnswer = new BooleanParam(
            this, "handleImpossibleAnswer", "also offer the empty answer, scored by the CLS token (default false)");
    private final BooleanParam alignToWords =
            new BooleanParam(this, "alignToWords", "extend answers to whole words (default true)");

    public QuestionAnswerer() {
        this(Identifiable.randomUID("questionAnswerer"));
    }

    public QuestionAnswerer(String uid) {
        super(uid);
        setDefault(questionCol, "question");
        setDefault(contextCol, "context");
        setDefault(outputCol, "answers");
        setDefault(topK, 1);
        setDefault(maxAnswerLength, 15);
        setDefault(maxSeqLength, 384);
        setDefault(docStride, 128);
        setDefault(windows, true);
        setDefault(handleImpossibleAnswer, false);
        setDefault(alignToWords, true);
    }

    public static MLReader<QuestionAnswerer> read() {
        return new DefaultParamsReader<>();
    }

    public static QuestionAnswerer load(String path) {
        return read().load(path);
    }

    public Param<String> questionCol() {
        return questionCol;
    }

    public Param<String> contextCol() {
        return contextCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam topK() {
        return topK;
    }

    public IntParam maxAnswerLength() {
        return maxAnswerLength;
    }

    public IntParam maxSeqLength() {
        return maxSeqLength;
    }

    public IntParam docStride() {
        return docStride;
    }

    public BooleanParam windows() {
        return windows;
    }

    public BooleanParam handleImpossibleAnswer() {
        return handleImpossibleAnswer;
    }

    public BooleanParam alignToWords() {
        return alignToWords;
    }

    public QuestionAnswerer setQuestionCol(String v) {
        return setParam(questionCol, v);
    }

    /** Gets {@code questionCol} or its default. */
    public String getQuestionCol() {
        return $(questionCol);
    }

    public QuestionAnswerer setContextCol(String v) {
        return setParam(contextCol, v);
    }

    /** Gets {@code contextCol} or its default. */
    public String getContextCol() {
        return $(contextCol);
    }

    public QuestionAnswerer setOutputCol(String v) {
        return setParam(outputCol, v);
    }

    /** Gets {@code outputCol} or its default. */
    public String getOutputCol() {
        return $(outputCol);
    }

    public QuestionAnswerer setTopK(int v) {
        return setParam(topK, v);
    }

    /** Gets {@code topK} or its default. */
    public int getTopK() {
        return (Integer) $(topK);
    }

    public QuestionAnswerer setMaxAnswerLength(int v) {
        return setParam(maxAnswerLength, v);
    }

    /** Gets {@code maxAnswerLength} or its default. */
    public int getMaxAnswerLength() {
        return (Integer) $(maxAnswerLength);
    }

    public QuestionAnswerer setMaxSeqLength(int v) {
        return setParam(maxSeqLength, v);
    }

    /** Gets {@code maxSeqLength} or its default. */
    public int getMaxSeqLength() {
        return (Integer) $(maxSeqLength);
    }

    public QuestionAnswerer setDocStride(int v) {
        return setParam(docStride, v);
    }

    /** Gets {@code docStride} or its default. */
    public int getDocStride() {
        return (Integer) $(docStride);
    }

    public QuestionAnswerer setWindows(boolean v) {
        return setParam(windows, v);
    }

    /** Gets {@code windows} or its default. */
    public boolean getWindows() {
        return (Boolean) $(windows);
    }

    public QuestionAnswerer setHandleImpossibleAnswer(boolean v) {
        return setParam(handleImpossibleAnswer, v);
    }

    /** Gets {@code handleImpossibleAnswer} or its default. */
    public boolean getHandleImpossibleAnswer() {
        return (Boolean) $(handleImpossibleAnswer);
    }

    public QuestionAnswerer setAlignToWords(boolean v) {
        return setParam(alignToWords, v);
    }

    /** Gets {@code alignToWords} or its default. */
    public boolean getAlignToWords() {
        return (Boolean) $(alignToWords);
    }

    @Override
    protected List<String> inputColumns() {
        return List.of($(questionCol), $(contextCol));
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        text().check(model, session);
        if (!session.outputs().containsKey(AnswerHead.START)
                || !session.outputs().containsKey(AnswerHead.END)) {
            throw new ModelException(name() + ": model " + model.uri() + " has outputs "
                    + session.outputs().keySet() + "; a question-answering graph returns start_logits and end_logits");
        }
        if (isSet(docStride) && (Integer) $(docStride) >= (Integer) $(maxSeqLength)) {
            throw new IllegalArgumentException(
                    name() + ": docStride " + $(docStride) + " must be below maxSeqLength " + $(maxSeqLength));
        }
    }

    @Override
    protected List<StructField> outputFields() {
        return text().withInputFields(List.of(
                DataTypes.createStructField($(outputCol), DataTypes.createArrayType(ANSWER, false), true)));
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        int limit =
                getMaxLength() > 0 ? Math.min(getMaxLength(), (Integer) $(maxSeqLength)) : (Integer) $(maxSeqLength);
        return new Composition<>(
                new Windows(
                        inputSchema.fieldIndex($(questionCol)),
                        inputSchema.fieldIndex($(contextCol)),
                        limit,
                        !(Boolean) $(windows) ? 0 : isSet(docStride) ? (Integer) $(docStride) : PIPELINE_STRIDE,
                        (Boolean) $(windows),
                        text().wantsTruncatedFlag()),
                new AnswerHead(
                        (Integer) $(topK), (Integer) $(maxAnswerLength), (Boolean) $(handleImpossibleAnswer), (Boolean)
                                $(alignToWords)));
    }

    /** {@code docStride} left unset: the pipeline's {@code min(max_seq_len // 2, 128)}, resolved per model. */
    static final int PIPELINE_STRIDE = -1;

    /** The overlap of consecutive windows of {@code limit} tokens: the one asked for, or the pipeline's rule. */
    static int windowStride(int stride, int limit) {
        return stride == PIPELINE_STRIDE ? Math.min(limit / 2, 128) : stride;
    }

    /** The windows of a row, of the stage's length capped at the model's. */
    private record Windows(int question, int context, int maxSeqLength, int stride, boolean windows, boolean flag)
            implements Input.Factory<TextPiecesInput.Texts> {
        @Override
        public Input<TextPiecesInput.Texts> create(ModelDirectory model, OnnxModel session, Configuration conf) {
            Path dir = model.localDir(conf);
            int limit =
                    Math.min(maxSeqLength, TextTokenizer.modelMaxLength(model, dir.resolve(model.tokenizerFileName())));
            int overlap = windowStride(stride, limit);
            if (overlap >= limit) {
                throw new ModelException("QuestionAnswerer: docStride " + overlap + " must be below the window of "
                        + limit + " tokens (maxSeqLength capped at the limit of model " + model.uri()
                        + "); lower docStride or leave it unset");
            }
            TextTokenizer tokenizer = TextTokenizer.forModel(model, dir, limit, "only_second", overlap);
            return new QuestionWindowsInput(
                    tokenizer, question, context, windows, session.inputs().keySet(), flag);
        }
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public QuestionAnswerer copy(ParamMap extra) {
        return (QuestionAnswerer) super.copy(extra);
    }
}
