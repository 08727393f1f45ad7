package io.sparkformers.ml;

import io.sparkformers.batch.ImageBatchInput;
import io.sparkformers.batch.Input;
import io.sparkformers.batch.PreparedImage;
import io.sparkformers.codec.ImageDecoder;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.preprocess.ImageProcessor;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.source.ImageSource;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A stage's image input, as a part it is composed of: the {@code maxPixels} Param (declared on the stage), the
 * columns it accepts, the export's processor and the graph check, and the input codec it puts in front of a {@link
 * Head}. Every vision stage holds one.
 */
final class ImageInput implements MediaInput {
    private static final long serialVersionUID = 1L;
    static final String PIXEL_VALUES = "pixel_values";

    private final ModelStage<?> stage;
    final LongParam maxPixels;

    ImageInput(ModelStage<?> stage) {
        this.stage = stage;
        this.maxPixels = new LongParam(
                stage,
                "maxPixels",
                "images with more pixels (width × height) are invalid rows, checked before decoding (default 89478485)",
                ParamValidators.gtEq(1));
        stage.defaultParam(maxPixels, ImageDecoder.DEFAULT_MAX_PIXELS);
    }

    @Override
    public String modality() {
        return "image";
    }

    /** Images are resized to the processor's size: every batch is full as it is. */
    @Override
    public int window(int batchSize) {
        return batchSize;
    }

    static boolean accepts(DataType type) {
        return ImageSource.forColumn(type, 0, 1, null) != null;
    }

    @Override
    public void checkInputType(String column, DataType type) {
        if (!accepts(type)) {
            throw new IllegalArgumentException(stage.name() + ": input column '" + column + "' has type "
                    + type.simpleString() + "; expected " + ImageSource.ACCEPTED);
        }
    }

    ImageSource source(StructType inputSchema, SerializableHadoopConf conf) {
        int column = inputSchema.fieldIndex(stage.inputColumn());
        return ImageSource.forColumn(
                inputSchema.apply(column).dataType(), column, (Long) stage.getOrDefault(maxPixels), conf);
    }

    /**
     * A task over images: the stage's image source and the export's processor in front of {@code head}; the graph's
     * fixed batch size, when it has one, is read from its {@code pixel_values}.
     */
    @Override
    public Composition<?> task(StructType inputSchema, SerializableHadoopConf conf, Head.Factory<Object> head) {
        return imageTask(inputSchema, conf, head);
    }

    /** {@link #task} for a head that reads the prepared images (their original size). */
    Composition<PreparedImage> imageTask(
            StructType inputSchema, SerializableHadoopConf conf, Head.Factory<? super PreparedImage> head) {
        return new Composition<>(new Images(source(inputSchema, conf)), head);
    }

    private record Images(ImageSource source) implements Input.Factory<PreparedImage> {
        @Override
        public Input<PreparedImage> create(ModelDirectory model, OnnxModel session, Configuration conf) {
            return new ImageBatchInput(source, processor(model), PIXEL_VALUES);
        }

        @Override
        public int staticBatch(OnnxModel session) {
            return ImageInput.staticBatch(session);
        }
    }

    static ImageProcessor processor(ModelDirectory model) {
        return ImageProcessor.fromConfig(
                model.preprocessorConfig(), model.config(), model.uri() + "/" + ModelDirectory.PREPROCESSOR_CONFIG);
    }

    static int staticBatch(OnnxModel session) {
        return session.staticBatch(PIXEL_VALUES);
    }

    /** Checks that the graph takes {@code pixel_values} of the size the export's processor produces. */
    @Override
    public void check(ModelDirectory model, OnnxModel session) {
        String name = stage.name();
        if (!session.inputs().containsKey(PIXEL_VALUES)) {
            throw new ModelException(name + ": model " + model.uri() + " takes inputs "
                    + session.inputs().keySet() + "; an image model takes '" + PIXEL_VALUES + "'");
        }
        ImageProcessor processor = processor(model);
        long[] in = session.shape(PIXEL_VALUES);
        if (in.length != 4 || (in[1] > 0 && in[1] != 3)) {
            throw new ModelException(name + ": model " + model.uri() + " input pixel_values has shape "
                    + Arrays.toString(in) + "; expected [batch, 3, height, width]");
        }
        int[] hw = processor.fixedOutputSize();
        if (in[2] > 0 && in[3] > 0) {
            if (hw == null) {
                throw new ModelException(name + ": model " + model.uri() + " takes fixed " + in[2] + "x" + in[3]
                        + " images but " + processor + " produces sizes that depend on the input");
            }
            if (hw[0] != in[2] || hw[1] != in[3]) {
                throw new ModelException(name + ": model " + model.uri() + " takes " + in[2] + "x" + in[3]
                        + " (HxW) images but " + processor + " produces " + hw[0] + "x" + hw[1]);
            }
        }
    }
}
