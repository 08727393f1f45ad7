package io.sparkformers.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Image classification with any Hugging Face image-classification export (ConvNeXt, ConvNeXt V2, LeViT with or
 * without teacher, DINOv2, Data2Vec-Vision, DiNAT, ViT, ...): preprocessing follows the export's {@code
 * preprocessor_config.json}, labels its {@code config.json}; an image input in front of the {@link ClassifierHead}
 * (softmax, as the pipeline scores), with the classifier columns of {@link ClassifierStage}.
 */
public class ImageClassifier extends ClassifierStage<ImageClassifier> implements ImageParams<ImageClassifier> {
    private static final long serialVersionUID = 1L;

    public ImageClassifier() {
        this(Identifiable.randomUID("imageClassifier"));
    }

    public ImageClassifier(String uid) {
        super(uid, ImageInput::new);
    }

    public static MLReader<ImageClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static ImageClassifier load(String path) {
        return read().load(path);
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public ImageClassifier copy(ParamMap extra) {
        return (ImageClassifier) super.copy(extra);
    }
}
