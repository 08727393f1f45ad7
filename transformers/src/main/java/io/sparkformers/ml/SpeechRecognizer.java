package io.sparkformers.ml;

import io.sparkformers.head.CtcDecoder;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.runtime.AbstractFunction1;

/**
 * Speech recognition with CTC exports (Data2Vec-Audio, wav2vec2, HuBERT ...): greedy CTC decoding of each clip's
 * own frames exactly as {@code Wav2Vec2CTCTokenizer.batch_decode} (repeats merged, blank dropped, word delimiter →
 * space, clean-up); {@code skipSpecialTokens} reproduces transformers' variant that drops special ids first.
 */
public class SpeechRecognizer extends MediaStage<SpeechRecognizer>
        implements AudioParams<SpeechRecognizer>, InputColParams<SpeechRecognizer> {
    private static final long serialVersionUID = 1L;

    private final Param<String> outputCol = new Param<>(this, "outputCol", "transcript column (default transcription)");
    private final BooleanParam skipSpecialTokens = new BooleanParam(
            this,
            "skipSpecialTokens",
            "drop special ids before merging repeats, as batch_decode(skip_special_tokens=True) does (default false, the pipeline's)");
    private final DoubleParam chunkLengthS = new DoubleParam(
            this,
            "chunkLengthS",
            "clips longer than this many seconds are read in chunks of it, stitched as transformers' ASR pipeline "
                    + "(chunk_length_s) does, so memory is bounded by the chunk and time is linear in the clip; shorter clips run "
                    + "whole, exactly as without chunking (default 30; 0 = every clip whole)",
            ParamValidators.gtEq(0));
    private final DoubleParam strideLengthS = new DoubleParam(
            this,
            "strideLengthS",
            "seconds of context each chunk shares with its neighbours on each side (default -1: chunkLengthS / 6)",
            new StrideValidator());

    /** -1 (a sixth of the chunk) or a length; a class, not a lambda, so that the stage stays serializable. */
    private static final class StrideValidator extends AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(Object v) {
            double d = (Double) v;
            return d == -1 || d >= 0;
        }
    }

    public SpeechRecognizer() {
        this(Identifiable.randomUID("speechRecognizer"));
    }

    public SpeechRecognizer(String uid) {
        super(uid, AudioInput::new);
        setDefault(outputCol, "transcription");
        setDefault(skipSpecialTokens, false);
        setDefault(chunkLengthS, 30.0);
        setDefault(strideLengthS, -1.0);
    }

    public static MLReader<SpeechRecognizer> read() {
        return new DefaultParamsReader<>();
    }

    public static SpeechRecognizer load(String path) {
        return read().load(path);
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public BooleanParam skipSpecialTokens() {
        return skipSpecialTokens;
    }

    public SpeechRecognizer setOutputCol(String v) {
        return setParam(outputCol, v);
    }

    /** Gets {@code outputCol} or its default. */
    public String getOutputCol() {
        return $(outputCol);
    }

    public SpeechRecognizer setSkipSpecialTokens(boolean v) {
        return setParam(skipSpecialTokens, v);
    }

    /** Gets {@code skipSpecialTokens} or its default. */
    public boolean getSkipSpecialTokens() {
        return (Boolean) $(skipSpecialTokens);
    }

    public DoubleParam chunkLengthS() {
        return chunkLengthS;
    }

    public DoubleParam strideLengthS() {
        return strideLengthS;
    }

    public SpeechRecognizer setChunkLengthS(double v) {
        return setParam(chunkLengthS, v);
    }

    /** Gets {@code chunkLengthS} or its default. */
    public double getChunkLengthS() {
        return (Double) $(chunkLengthS);
    }

    public SpeechRecognizer setStrideLengthS(double v) {
        return setParam(strideLengthS, v);
    }

    /** Gets {@code strideLengthS} or its default. */
    public double getStrideLengthS() {
        return (Double) $(strideLengthS);
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        audio().checkWaveform(model, session);
        checkOutputRank(model, session, Head.LOGITS, 3, "a CTC graph returns logits [batch, frames, vocabulary]");
        new CtcDecoder(model, model.localDir(hadoopConf()));
    }

    @Override
    protected List<StructField> outputFields() {
        return List.of(DataTypes.createStructField($(outputCol), DataTypes.StringType, true));
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        double chunk = (Double) $(chunkLengthS);
        double stride = (Double) $(strideLengthS) >= 0 ? (Double) $(strideLengthS) : chunk / 6;
        if (chunk > 0 && 2 * stride >= chunk) {
            throw new IllegalArgumentException(name() + ": strideLengthS " + stride + " leaves nothing of chunkLengthS "
                    + chunk + " (need 2 × stride < chunk)");
        }
        return audio().chunkedTask(inputSchema, conf, chunk, stride, new CtcHead((Boolean) $(skipSpecialTokens)));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public SpeechRecognizer copy(ParamMap extra) {
        return (SpeechRecognizer) super.copy(extra);
    }
}
