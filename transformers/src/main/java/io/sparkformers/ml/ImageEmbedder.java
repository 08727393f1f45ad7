package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.head.Pooling;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Image embeddings from any vision backbone export (ConvNeXt, DINOv2, DiNAT, ...): the graph's
 * {@code pooler_output} when it has one (ConvNeXt: global average pool + LayerNorm; DINOv2: normalised CLS), else
 * the CLS token or the token mean of {@code last_hidden_state} (of a CNN's feature map: the global average over
 * height × width, as its pooler computes it); optionally L2-normalised; a Spark ML
 * {@code Vector}, so {@code KMeans}, {@code BucketedRandomProjectionLSH} and {@code VectorAssembler} take it as is.
 * {@code hiddenStateCol} adds the raw {@code last_hidden_state} (flattened, graph layout) for patch features.
 */
public class ImageEmbedder extends ImageStage<ImageEmbedder> implements EmbeddingParams<ImageEmbedder> {
    private static final long serialVersionUID = 1L;
    static final String HIDDEN = "last_hidden_state";
    static final String POOLER = "pooler_output";

    /**
     * Model types whose 4-D {@code last_hidden_state} is channels-last [batch, height, width, hidden] (neighbourhood
     * attention keeps the layout of its kernels); every other 4-D map is a CNN's [batch, channels, height, width].
     */
    static final Set<String> CHANNELS_LAST = Set.of("dinat", "nat");

    private final EmbeddingColumns columns = new EmbeddingColumns(
            this,
            new String[] {"auto", "pooler", "cls", "mean"},
            "auto | pooler | cls | mean (default auto: pooler_output when the graph has it, else mean). mean of a"
                    + " [batch, tokens, hidden] state is the token mean; of a CNN's [batch, channels, height, width]"
                    + " feature map (optimum's ResNet, ConvNeXt, RegNet exports have no pooler_output) it is the"
                    + " global average over height × width, what those models' own poolers compute (ConvNeXt's then"
                    + " applies a LayerNorm that only its pooler_output holds)",
            "column for last_hidden_state as array<float>, flattened in the graph's layout (default empty: none)");

    public ImageEmbedder() {
        this(Identifiable.randomUID("imageEmbedder"));
    }

    public ImageEmbedder(String uid) {
        super(uid);
        setEmbeddingDefaults(columns, "auto");
    }

    public static MLReader<ImageEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static ImageEmbedder load(String path) {
        return read().load(path);
    }

    @Override
    public EmbeddingColumns embeddingColumns() {
        return columns;
    }

    /** The pooling that {@code auto} stands for on this graph. */
    static String resolvePooling(String pooling, OnnxModel session) {
        if (!pooling.equals("auto")) {
            return pooling;
        }
        return session.outputs().containsKey(POOLER) ? "pooler" : "mean";
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        checkImageModel(model, session);
        String p = resolvePooling($(pooling()), session);
        if (p.equals("pooler") && !session.outputs().containsKey(POOLER)) {
            throw new ModelException(name() + ": pooling=pooler but model " + model.uri() + " has no '" + POOLER
                    + "' output (outputs " + session.outputs().keySet() + ")");
        }
        boolean needHidden = !p.equals("pooler") || columns.wantsHiddenStates(this);
        if (needHidden && !session.outputs().containsKey(HIDDEN)) {
            throw new ModelException(name() + ": model " + model.uri() + " has no '" + HIDDEN + "' output (outputs "
                    + session.outputs().keySet() + ")");
        }
        int rank = needHidden ? session.shape(HIDDEN).length : 3;
        if (!p.equals("pooler") && (rank < 3 || rank > 4 || (rank == 4 && p.equals("cls")))) {
            throw new ModelException(name() + ": pooling=" + p + " needs [batch, tokens, hidden]"
                    + (p.equals("mean") ? " or a [batch, channels, height, width] feature map" : "") + " but "
                    + HIDDEN + " of " + model.uri() + " has shape " + Arrays.toString(session.shape(HIDDEN))
                    + (rank == 4 ? " (a feature map has no CLS token); use pooling=mean" : ""));
        }
    }

    @Override
    protected List<StructField> outputFields() {
        return columns.fields(this);
    }

    @Override
    protected CodecFactory codecFactory(StructType inputSchema, SerializableHadoopConf conf) {
        return image.task(
                inputSchema,
                conf,
                new EmbeddingHead($(pooling()), (Boolean) $(normalize()), columns.wantsHiddenStates(this)));
    }

    /**
     * The image embedding head: the graph's {@code pooler_output}, or {@code cls} / {@code mean} over its {@code
     * last_hidden_state}, optionally L2-normalised, and the raw hidden states when asked for.
     */
    private record EmbeddingHead(String pooling, boolean normalize, boolean hidden) implements Head.Factory<Object> {
        @Override
        public Head<Object> create(ModelDirectory model, OnnxModel session) {
            String p = resolvePooling(pooling, session);
            boolean channelsLast =
                    CHANNELS_LAST.contains(model.config().path("model_type").asText());
            Set<String> fetch = new LinkedHashSet<>();
            if (p.equals("pooler")) {
                fetch.add(POOLER);
            }
            if (!p.equals("pooler") || hidden) {
                fetch.add(HIDDEN);
            }
            return new Head<>() {
                @Override
                public Set<String> outputs() {
                    return fetch;
                }

                @Override
                public List<Object[]> decode(OrtSession.Result result, List<?> items) throws OrtException {
                    int rows = items.size();
                    Outputs.Batch pooled = p.equals("pooler") ? Outputs.floats(result, POOLER) : null;
                    Outputs.Batch states = fetch.contains(HIDDEN) ? Outputs.floats(result, HIDDEN) : null;
                    List<Object[]> out = new ArrayList<>(rows);
                    for (int i = 0; i < rows; i++) {
                        float[] v;
                        if (pooled != null) {
                            v = pooled.row(i);
                        } else if (states.shape().length == 4 && !channelsLast) {
                            long[] s = states.shape();
                            v = Pooling.channelMeans(states.data(), (int) s[1], (int) (s[2] * s[3]), i);
                        } else {
                            long[] s = states.shape();
                            // [batch, tokens, hidden], or a channels-last map read as height × width tokens.
                            int tokens = (int) (s.length == 4 ? s[1] * s[2] : s[1]);
                            long[] all = new long[tokens];
                            Arrays.fill(all, 1L);
                            v = Pooling.pool(Pooling.parse(p), states.data(), tokens, (int) s[s.length - 1], i, all);
                        }
                        double[] d = Pooling.embedding(v, normalize);
                        out.add(
                                hidden
                                        ? new Object[] {Vectors.dense(d), ScalaCollections.wrap(states.row(i))}
                                        : new Object[] {Vectors.dense(d)});
                    }
                    return out;
                }
            };
        }
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public ImageEmbedder copy(ParamMap extra) {
        return (ImageEmbedder) super.copy(extra);
    }
}
