package io.sparkformers.batch;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.sparkformers.codec.RgbImage;
import io.sparkformers.preprocess.ImageProcessor;
import io.sparkformers.runtime.TensorStaging;
import io.sparkformers.source.ImageSource;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The shared front half of every vision task: read and decode a row's image, run the processor's uint8 stage on
 * the preprocessing pool, then normalise straight into the off-heap {@code pixel_values} batch.
 */
public final class ImageBatchInput implements Input<PreparedImage> {
    private final ImageSource source;
    private final ImageProcessor processor;
    private final String inputName;

    public ImageBatchInput(ImageSource source, ImageProcessor processor, String inputName) {
        this.source = source;
        this.processor = processor;
        this.inputName = inputName;
    }

    @Override
    public PreparedImage prepare(Row row) throws Exception {
        RgbImage img = source.read(row);
        return new PreparedImage(processor.resizeAndCrop(img), img.width(), img.height());
    }

    /** Images of different sizes (processors that keep the aspect ratio) go to different batches, never resized. */
    @Override
    public Object groupKey(PreparedImage item) {
        return ((long) item.pixels().width() << 32) | item.pixels().height();
    }

    @Override
    public Map<String, OnnxTensor> collate(List<PreparedImage> items, int rows, TensorStaging staging)
            throws OrtException {
        RgbImage first = items.get(0).pixels();
        int h = first.height();
        int w = first.width();
        int per = 3 * h * w;
        FloatBuffer fb = staging.floats(inputName, (long) rows * per);
        for (int i = 0; i < items.size(); i++) {
            RgbImage img = items.get(i).pixels();
            if (img.height() != h || img.width() != w) {
                throw new IllegalArgumentException("images of different sizes in one batch (" + w + "x" + h + " and "
                        + img.width() + "x" + img.height() + ")");
            }
            processor.writeChw(img, fb, i * per);
        }
        return Map.of(inputName, TensorStaging.tensor(fb, new long[] {rows, 3, h, w}));
    }
}
