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
import io.sparkformers.runtime.BatchEngine;
import io.sparkformers.runtime.OnnxModel;
import io.sparkformers.runtime.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The segmentation head: per-pixel logits (semantic) or Mask2Former's class and mask queries (semantic, instance,
 * panoptic) → the map and the COCO-RLE segments at each image's original size.
 */
record SegmentationHead(
        String subtask,
        double threshold,
        double maskThreshold,
        double overlap,
        Set<Integer> fuse,
        boolean mapColumn,
        boolean segmentsColumn)
        implements Head.Factory<PreparedImage> {
    static final String CLASS_QUERIES = "class_queries_logits";
    static final String MASK_QUERIES = "masks_queries_logits";

    static boolean isQueryGraph(OnnxModel session) {
        return session.outputs().containsKey(CLASS_QUERIES) && session.outputs().containsKey(MASK_QUERIES);
    }

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
                                a.row(i), b.row(i), (int) a.shape()[1], (int) b.shape()[2], (int) b.shape()[3], labels);
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
