package io.sparkformers.ml;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkformers.batch.Input;
import io.sparkformers.batch.PreparedImage;
import io.sparkformers.compat.ScalaCollections;
import io.sparkformers.head.Mask2FormerSegmentation;
import io.sparkformers.head.Segment;
import io.sparkformers.head.SegmentationResult;
import io.sparkformers.head.SemanticSegmentation;
import io.sparkformers.model.ModelDirectory;
import io.sparkformers.model.ModelException;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.BatchEngine;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
public class ImageSegmenter extends ImageStage<ImageSegmenter> {
    private static final long serialVersionUID = 1L;
    static final String CLASS_QUERIES = "class_queries_logits";
    static final String MASK_QUERIES = "masks_queries_logits";

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

    private final Param<String> subtask = new Param<>(
            this,
            "subtask",
            "auto | semantic | instance | panoptic (default auto: panoptic for Mask2Former-style graphs, semantic for "
                    + "per-pixel logits)",
            ParamValidators.inArray(new String[] {"auto", "semantic", "instance", "panoptic"}));
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
        super(uid);
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

    static boolean isQueryGraph(OnnxModel session) {
        return session.outputs().containsKey(CLASS_QUERIES) && session.outputs().containsKey(MASK_QUERIES);
    }

    /** The subtask this stage runs on {@code session}'s graph. */
    String resolveSubtask(OnnxModel session) {
        if (!$(subtask).equals("auto")) {
            return $(subtask);
        }
        return isQueryGraph(session) ? "panoptic" : "semantic";
    }

    @Override
    protected void checkModel(ModelDirectory model, OnnxModel session) {
        checkImageModel(model, session);
        if (isQueryGraph(session)) {
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
        return image.task(
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

    /**
     * The segmentation head: per-pixel logits (semantic) or Mask2Former's class and mask queries (semantic, instance,
     * panoptic) → the map and the COCO-RLE segments at each image's original size.
     */
    private record SegmentationHead(
            String subtask,
            double threshold,
            double maskThreshold,
            double overlap,
            Set<Integer> fuse,
            boolean mapColumn,
            boolean segmentsColumn)
            implements Head.Factory<PreparedImage> {
        @Override
        public Head<PreparedImage> create(
                ModelDirectory model, OnnxModel session, Configuration conf, Input<? extends PreparedImage> input) {
            boolean queries = isQueryGraph(session);
            Set<String> fetch = queries ? Set.of(CLASS_QUERIES, MASK_QUERIES) : Set.of(Head.LOGITS);
            long[] shape = session.shape(queries ? CLASS_QUERIES : Head.LOGITS);
            String[] labels = model.labels((int) (queries ? shape[2] - 1 : shape[1]));
            int outputs = (mapColumn ? 1 : 0) + (segmentsColumn ? 1 : 0);
            return new Head<>() {
                @Override
                public Set<String> outputs() {
                    return fetch;
                }

                @Override
                public List<Object[]> decode(OrtSession.Result result, List<? extends PreparedImage> items)
                        throws OrtException {
                    List<Object[]> out = new ArrayList<>(items.size());
                    if (outputs == 0) {
                        items.forEach(i -> out.add(new Object[0]));
                        return out;
                    }
                    Outputs.Batch a = Outputs.floats(result, queries ? CLASS_QUERIES : Head.LOGITS);
                    Outputs.Batch b = queries ? Outputs.floats(result, MASK_QUERIES) : null;
                    List<Integer> rows = new ArrayList<>(items.size());
                    for (int i = 0; i < items.size(); i++) {
                        rows.add(i);
                    }
                    out.addAll(BatchEngine.mapParallel(rows, i -> {
                        int h = items.get(i).originalHeight();
                        int w = items.get(i).originalWidth();
                        SegmentationResult r;
                        if (queries) {
                            Mask2FormerSegmentation post = new Mask2FormerSegmentation(
                                    a.row(i),
                                    b.row(i),
                                    (int) a.shape()[1],
                                    (int) b.shape()[2],
                                    (int) b.shape()[3],
                                    labels);
                            r = switch (subtask) {
                                case "semantic" -> post.semantic(h, w);
                                case "instance" -> post.instance(h, w, threshold);
                                default -> post.panoptic(h, w, threshold, maskThreshold, overlap, fuse);
                            };
                        } else {
                            var map = SemanticSegmentation.argmaxResized(
                                    a.data(),
                                    i * a.rowSize(),
                                    (int) a.shape()[1],
                                    (int) a.shape()[2],
                                    (int) a.shape()[3],
                                    h,
                                    w);
                            r = new SegmentationResult(
                                    map, segmentsColumn ? SemanticSegmentation.segments(map, labels) : List.of());
                        }
                        return columns(r);
                    }));
                    return out;
                }

                private Object[] columns(SegmentationResult r) {
                    Object[] row = new Object[outputs];
                    int k = 0;
                    if (mapColumn) {
                        row[k++] = RowFactory.create(
                                r.map().height(), r.map().width(), r.map().littleEndianBytes());
                    }
                    if (segmentsColumn) {
                        List<Row> segs = new ArrayList<>(r.segments().size());
                        for (Segment s : r.segments()) {
                            Row mask = RowFactory.create(
                                    ScalaCollections.seq(Arrays.asList(s.height(), s.width())), s.counts());
                            segs.add(RowFactory.create(
                                    s.id(), s.labelId(), s.label(), s.score(), s.area(), s.fused(), mask));
                        }
                        row[k] = ScalaCollections.seq(segs);
                    }
                    return row;
                }
            };
        }
    }

    /** A copy with {@code extra}'s values, typed as this stage (Spark's {@code ParamsSuite.checkParams} contract). */
    @Override
    public ImageSegmenter copy(ParamMap extra) {
        return (ImageSegmenter) super.copy(extra);
    }
}
