package io.sparkformers.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Image embeddings from any vision backbone export (ConvNeXt, DINOv2, DiNAT, ...): the graph's
 * {@code pooler_output} when it has one (ConvNeXt: global average pool + LayerNorm; DINOv2: normalised CLS), else
 * the CLS token or the token mean of {@code last_hidden_state} (of a CNN's feature map: the global average over
 * height × width, as its pooler computes it); optionally L2-normalised; a Spark ML
 * {@code Vector}, so {@code KMeans}, {@code BucketedRandomProjectionLSH} and {@code VectorAssembler} take it as is.
 * {@code hiddenStateCol} adds the raw {@code last_hidden_state} (flattened, graph layout) for patch features.
 */
public class ImageEmbedder extends EmbeddingStage<ImageEmbedder> implements ImageParams<ImageEmbedder> {
    private static final long serialVersionUID = 1L;

    public ImageEmbedder() {
        this(Identifiable.randomUID("imageEmbedder"));
    }

    public ImageEmbedder(String uid) {
        super(
                uid,
                ImageInput::new,
                new String[] {"auto", "pooler", "cls", "mean"},
                "auto | pooler | cls | mean (default auto: pooler_output when the graph has it, else mean). mean of a"
                        + " [batch, tokens, hidden] state is the token mean; of a CNN's [batch, channels, height, width]"
                        + " feature map (optimum's ResNet, ConvNeXt, RegNet exports have no pooler_output) it is the"
                        + " global average over height × width, what those models' own poolers compute (ConvNeXt's then"
                        + " applies a LayerNorm that only its pooler_output holds)",
                "auto",
                "column for last_hidden_state as array<float>, flattened in the graph's layout (default empty: none)");
    }

    public static MLReader<ImageEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static ImageEmbedder load(String path) {
        return read().load(path);
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public ImageEmbedder copy(ParamMap extra) {
        return (ImageEmbedder) super.copy(extra);
    }
}
