package io.sparkformers.ml;

import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.OnnxModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
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
 * Segmentation at the original image size, as transformers' post-processors compute it: {@code semantic} for
 * per-pixel classifiers ({@code logits [b, classes, h, w]}: Data2Vec-Vision, BEiT, SegFormer) and
 * {@code semantic | instance | panoptic} for Mask2Former / MaskFormer ({@code class_queries_logits},
 * {@code masks_queries_logits}); {@code subtask} auto (the default) picks panoptic for those, semantic otherwise.
 *
 * <p>{@code segmentationCol}: {@code struct<height:int, width:int, data:binary>}, int16 little-endian ids,
 * row-major (semantic: class id; instance: segment id, −1 = none; panoptic: segment id from 1, 0 = none, −1
 * everywhere when no query is kept). {@code segmentsCol}: {@code array<struct<id, labelId, label, score, area,
 * wasFused, mask>>} with {@code mask} in COCO RLE ({@code struct<size:array<int>, counts:string>}, what
 * {@code pycocotools.mask.decode} reads). Memory per row is bounded by {@code maxPixels}: 2 bytes a pixel for the
 * map plus one bit-map while a segment is encoded.
 */
public class ImageSegmenter extends MediaStage<ImageSegmenter>
        implements ImageParams<ImageSegmenter>, InputColParams<ImageSegmenter> {
    private static final long serialVersionUID = 1L;

    public static final StructType MAP_TYPE = new StructType(new StructField[] {
        DataTypes.createStructField("height", DataTypes.IntegerType, false),
        DataTypes.createStructField("width", DataTypes.IntegerType, false),
        DataTypes.createStructField("data", DataTypes.BinaryType, false)
    });
    public static final StructType RLE_TYPE = new StructType(new StructField[] {
        DataTypes.createStructField("size", DataTypes.createArrayType(DataTypes.IntegerType, false), false),
        DataTypes.createStructField("counts", DataTypes.StringType, false)
    });
    public static final StructType SEGMENT_TYPE = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.IntegerType, false),
        DataTypes.createStructField("labelId", DataTypes.IntegerType, false),
        DataTypes.createStructField("label", DataTypes.StringType, false),
        DataTypes.createStructField("score", DataTypes.DoubleType, true),
        DataTypes.createStructField("area", DataTypes.LongType, false),
        DataTypes.createStructField("wasFused", DataTypes.BooleanType, false),
        DataTypes.createStructField("mask", RLE_TYPE, false)
    });

    private final ChoiceParam subtask = new ChoiceParam(
            this,
            "subtask",
            "auto | semantic | instance | panoptic (default auto: panoptic for Mask2Former-style graphs, semantic for "
                    + "per-pixel logits)",
            "auto",
            "semantic",
            "instance",
            "panoptic");
    private final DoubleParam threshold = new DoubleParam(
            this, "threshold", "instance/panoptic: minimum segment score (default 0.5)", ParamValidators.inRange(0, 1));
    private final DoubleParam maskThreshold = new DoubleParam(
            this,
            "maskThreshold",
            "panoptic: probability from which a pixel belongs to a query's mask (default 0.5)",
            ParamValidators.inRange(0, 1));
    private final DoubleParam overlapMaskAreaThreshold = new DoubleParam(
            this,
            "overlapMaskAreaThreshold",
            "panoptic: share of its mask a query must win to become a segment (default 0.8)",
            ParamValidators.inRange(0, 1));
    private final IntArrayParam labelIdsToFuse = new IntArrayParam(
            this, "labelIdsToFuse", "panoptic: classes whose queries merge into one segment (default none)");
    private final Param<String> segmentationCol = new Param<>(
            this,
            "segmentationCol",
            "map column, struct<height, width, data: int16 LE> (default segmentation; empty: none)");
    private final Param<String> segmentsCol = new Param<>(
            this,
            "segmentsCol",
            "segments column, array<struct<id, labelId, label, score, area, wasFused, mask: COCO RLE>> (default segments; empty: none)");

    public ImageSegmenter() {
        this(Identifiable.randomUID("imageSegmenter"));
    }

    public ImageSegmenter(String uid) {
        super(uid, ImageInput::new);
        setDefault(subtask, "auto");
        setDefault(threshold, 0.5);
        setDefault(maskThreshold, 0.5);
        setDefault(overlapMaskAreaThreshold, 0.8);
        setDefault(labelIdsToFuse, new int[0]);
        setDefault(segmentationCol, "segmentation");
        setDefault(segmentsCol, "segments");
    }

    public static MLReader<ImageSegmenter> read() {
        return new DefaultParamsReader<>();
    }

    public static ImageSegmenter load(String path) {
        return read().load(path);
    }

    public Param<String> subtask() {
        return subtask;
    }

    public DoubleParam threshold() {
        return threshold;
    }

    public DoubleParam maskThreshold() {
        return maskThreshold;
    }

    public DoubleParam overlapMaskAreaThreshold() {
        return overlapMaskAreaThreshold;
    }

    public IntArrayParam labelIdsToFuse() {
        return labelIdsToFuse;
    }

    public Param<String> segmentationCol() {
        return segmentationCol;
    }

    public Param<String> segmentsCol() {
        return segmentsCol;
    }

    public ImageSegmenter setSubtask(String v) {
        return setParam(subtask, v);
    }

    /** Gets {@code subtask} or its default. */
    public String getSubtask() {
        return $(subtask);
    }

    public ImageSegmenter setThreshold(double v) {
        return setParam(threshold, v);
    }

    /** Gets {@code threshold} or its default. */
    public double getThreshold() {
        return (Double) $(threshold);
    }

    public ImageSegmenter setMaskThreshold(double v) {
        return setParam(maskThreshold, v);
    }

    /** Gets {@code maskThreshold} or its default. */
    public double getMaskThreshold() {
        return (Double) $(maskThreshold);
    }

    public ImageSegmenter setOverlapMaskAreaThreshold(double v) {
        return setParam(overlapMaskAreaThreshold, v);
    }

    /** Gets {@code overlapMaskAreaThreshold} or its default. */
    public double getOverlapMaskAreaThreshold() {
        return (Double) $(overlapMaskAreaThreshold);
    }

    public ImageSegmenter setLabelIdsToFuse(int... v) {
        return setParam(labelIdsToFuse, v);
    }

    /** Gets {@code labelIdsToFuse} or its default. */
    public int[] getLabelIdsToFuse() {
        return $(labelIdsToFuse);
    }

    public ImageSegmenter setSegmentationCol(String v) {
        return setParam(segmentationCol, v);
    }

    /** Gets {@code segmentationCol} or its default. */
    public String getSegmentationCol() {
        return $(segmentationCol);
    }

    public ImageSegmenter setSegmentsCol(String v) {
        return setParam(segmentsCol, v);
    }

    /** Gets {@code segmentsCol} or its default. */
    public String getSegmentsCol() {
        return $(segmentsCol);
    }

    /** The subtask this stage runs on {@code session}'s graph. */
    String resolveSubtask(OnnxModel session) {
        if (!$(subtask).equals("auto")) {
            return $(subtask);
        }
        return SegmentationHead.isQueryGraph(session) ? "panoptic" : "semantic";
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        image().check(model, session);
        if (SegmentationHead.isQueryGraph(session)) {
            return;
        }
        if (!session.outputs().containsKey(Head.LOGITS) || session.shape(Head.LOGITS).length != 4) {
            throw new ModelException(
                    name() + ": model " + model.uri() + " has outputs "
                            + session.outputs().keySet()
                            + "; a segmentation graph returns logits [batch, classes, h, w] or class_queries_logits + masks_queries_logits");
        }
        if (!resolveSubtask(session).equals("semantic")) {
            throw new ModelException(name() + ": subtask=" + $(subtask) + " needs a Mask2Former-style graph; "
                    + model.uri() + " only has per-pixel logits (use subtask=semantic)");
        }
    }

    @Override
    protected List<StructField> outputFields() {
        List<StructField> out = new ArrayList<>();
        if (!$(segmentationCol).isEmpty()) {
            out.add(DataTypes.createStructField($(segmentationCol), MAP_TYPE, true));
        }
        if (!$(segmentsCol).isEmpty()) {
            out.add(DataTypes.createStructField($(segmentsCol), DataTypes.createArrayType(SEGMENT_TYPE, false), true));
        }
        return out;
    }

    @Override
    protected Composition<?> composition(StructType inputSchema, SerializableHadoopConf conf) {
        Set<Integer> fuse = new HashSet<>();
        int[] ids = getOrDefault(labelIdsToFuse);
        for (int id : ids) {
            fuse.add(id);
        }
        return image().imageTask(
                        inputSchema,
                        conf,
                        new SegmentationHead(
                                resolveSubtask(driverSession()),
                                (Double) $(threshold),
                                (Double) $(maskThreshold),
                                (Double) $(overlapMaskAreaThreshold),
                                fuse,
                                !$(segmentationCol).isEmpty(),
                                !$(segmentsCol).isEmpty()));
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public ImageSegmenter copy(ParamMap extra) {
        return (ImageSegmenter) super.copy(extra);
    }
}
