package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.head.Pooling;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SentenceTransformers;
import io.sparkformers.preprocess.TextTokenizer;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vectors;

/**
 * Embeddings over any modality: the graph's pooled output ({@code pooler_output}, an x-vector's {@code embeddings}), or
 * {@code cls} / {@code mean} over its hidden states — the row's own tokens for text (its attention mask), every token
 * of an image, and of a CNN's [batch, channels, height, width] feature map the global average over height × width, as
 * those models' poolers compute it — optionally L2-normalised, as a Spark ML Vector; the raw hidden states (a text
 * row's own tokens) when asked for.
 *
 * <p>A text model's {@code auto} follows the export as sentence-transformers would run it: the graph's {@code
 * sentence_embedding} (optimum's sentence-transformers export, which computes every module), else the Pooling module
 * and Normalize of a sentence-transformers folder ({@link SentenceTransformers}), else {@code mean}.
 *
 * @param pooling {@code auto}, {@code pooler} or a token pooling ({@link Pooling#NAMES})
 * @param normalize L2-normalise; null when the user has not said (a sentence-transformers folder's Normalize decides)
 * @param pooled the graph's pooled output
 * @param text whether {@code auto} reads a sentence-transformers export (text), or prefers {@code pooled} (image)
 */
record EmbeddingHead(String pooling, Boolean normalize, boolean hidden, String pooled, boolean text)
        implements Head.Factory<Object> {
    static final String HIDDEN = "last_hidden_state";
    static final String POOLER = "pooler_output";
    static final String SENTENCE_EMBEDDING = "sentence_embedding";

    /**
     * Model types whose 4-D {@code last_hidden_state} is channels-last [batch, height, width, hidden] (neighbourhood
     * attention keeps the layout of its kernels); every other 4-D map is a CNN's [batch, channels, height, width].
     */
    static final Set<String> CHANNELS_LAST = Set.of("dinat", "nat");

    /** Pooling as {@code pooling} says, of {@code pooler_output} or the hidden states. */
    static EmbeddingHead of(String pooling, Boolean normalize, boolean hidden, boolean text) {
        return new EmbeddingHead(pooling, normalize, hidden, POOLER, text);
    }

    /**
     * What this head does on one export: the pooling, the graph output a {@code pooler} pooling reads, whether it
     * normalises, and the folder's Dense modules left out when the pooling came from the folder.
     */
    record Plan(String pooling, String pooledOutput, boolean normalize, List<String> skippedDense) {}

    Plan plan(ModelDirectory model, OnnxModel session) {
        boolean set = normalize != null;
        if (!pooling.equals("auto")) {
            return new Plan(pooling, pooled, set && normalize, List.of());
        }
        if (text && session.outputs().containsKey(SENTENCE_EMBEDDING)) {
            return new Plan("pooler", SENTENCE_EMBEDDING, set && normalize, List.of());
        }
        SentenceTransformers folder = text ? SentenceTransformers.of(model) : null;
        if (folder != null && folder.pooling() != null) {
            return new Plan(folder.pooling(), pooled, set ? normalize : folder.normalize(), folder.dense());
        }
        String p = !text && session.outputs().containsKey(pooled) ? "pooler" : "mean";
        return new Plan(p, pooled, set && normalize, List.of());
    }

    /** {@code last_hidden_state}, else the first output of rank 3; null when there is none. */
    static String hiddenOutput(OnnxModel session) {
        return session.outputNamedOrOfRank(HIDDEN, 3);
    }

    /** Checks, on the driver, that the graph has what this pooling reads. */
    void check(ModelStage<?> stage, ModelDirectory model, OnnxModel session) {
        Plan plan = plan(model, session);
        String p = plan.pooling();
        String pooled = plan.pooledOutput();
        if (!plan.skippedDense().isEmpty()) {
            throw new ModelException(stage.name() + ": the sentence-transformers folder " + model.uri()
                    + " projects its pooled vector with Dense module(s) " + plan.skippedDense() + " that "
                    + model.onnxFileName() + " does not compute: export the folder with optimum's sentence-transformers"
                    + " export (its sentence_embedding output runs every module), or set pooling to pool without them");
        }
        if (p.equals("pooler") && !session.outputs().containsKey(pooled)) {
            throw new ModelException(stage.name() + ": pooling=pooler but model " + model.uri() + " has no '" + pooled
                    + "' output (outputs " + session.outputs().keySet() + "); use cls or mean");
        }
        if (p.equals("pooler") && !hidden) {
            return;
        }
        String states = hiddenOutput(session);
        if (states == null) {
            throw new ModelException(stage.name() + ": model " + model.uri() + " has no '" + HIDDEN
                    + "' or other [batch, sequence, hidden] output to pool (outputs "
                    + session.outputs().keySet()
                    + ")");
        }
        int rank = session.shape(states).length;
        if (!p.equals("pooler") && (rank < 3 || rank > 4 || (rank == 4 && p.equals("cls")))) {
            throw new ModelException(stage.name() + ": pooling=" + p + " needs [batch, tokens, hidden]"
                    + (p.equals("mean") ? " or a [batch, channels, height, width] feature map" : "") + " but "
                    + states + " of " + model.uri() + " has shape " + Arrays.toString(session.shape(states))
                    + (rank == 4 ? " (a feature map has no CLS token); use pooling=mean" : ""));
        }
    }

    @Override
    public Head<Object> create(ModelDirectory model, OnnxModel session, Configuration conf, Input<?> input) {
        Plan plan = plan(model, session);
        String p = plan.pooling();
        String pooled = plan.pooledOutput();
        boolean normalize = plan.normalize();
        String states = hiddenOutput(session);
        boolean channelsLast =
                CHANNELS_LAST.contains(model.config().path("model_type").asText());
        Set<String> fetch = new LinkedHashSet<>();
        if (p.equals("pooler")) {
            fetch.add(pooled);
        }
        if (!p.equals("pooler") || hidden) {
            fetch.add(states);
        }
        Pooling tokenPooling = p.equals("pooler") ? null : Pooling.parse(p);
        return new Head<>() {
            /** The mask of a row whose every token counts (an image's patches), made once per token count. */
            private long[] everyToken = new long[0];

            @Override
            public Set<String> outputs() {
                return fetch;
            }

            @Override
            public List<Object[]> decode(OrtSession.Result result, List<?> items) throws OrtException {
                Outputs.Batch pooledBatch = p.equals("pooler") ? Outputs.floats(result, pooled) : null;
                Outputs.Batch statesBatch = fetch.contains(states) ? Outputs.floats(result, states) : null;
                List<Object[]> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    // A text row's own tokens are its attention mask; every token of an image or a clip counts.
                    TextTokenizer.Encoded text = items.get(i) instanceof TextTokenizer.Encoded e ? e : null;
                    float[] v = pooledBatch != null ? pooledBatch.row(i) : pool(statesBatch, i, text);
                    Object embedding = Vectors.dense(Pooling.embedding(v, normalize));
                    if (!hidden) {
                        out.add(new Object[] {embedding});
                        continue;
                    }
                    float[] row = statesBatch.row(i);
                    long[] s = statesBatch.shape();
                    out.add(new Object[] {
                        embedding,
                        ScalaCollections.wrap(
                                text == null ? row : Arrays.copyOf(row, text.length() * (int) s[s.length - 1]))
                    });
                }
                return out;
            }

            private float[] pool(Outputs.Batch batch, int i, TextTokenizer.Encoded text) {
                long[] s = batch.shape();
                if (s.length == 4 && !channelsLast) {
                    return Pooling.channelMeans(batch.data(), (int) s[1], (int) (s[2] * s[3]), i);
                }
                // [batch, tokens, hidden], or a channels-last map read as height × width tokens.
                int tokens = (int) (s.length == 4 ? s[1] * s[2] : s[1]);
                if (text == null && everyToken.length != tokens) {
                    everyToken = new long[tokens];
                    Arrays.fill(everyToken, 1L);
                }
                long[] mask = text != null ? text.attentionMask() : everyToken;
                return Pooling.pool(tokenPooling, batch.data(), tokens, (int) s[s.length - 1], i, mask);
            }
        };
    }
}
