package io.sparkformers.jobs;

import io.sparkformers.codec.ImageDecoder;
import io.sparkformers.codec.RgbImage;
import io.sparkformers.head.SegmentationImages;
import io.sparkformers.head.SegmentationMap;
import io.sparkformers.preprocess.PillowResize;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * {@code --report PATH}: one self-contained HTML page (inline CSS, images as data URIs, no external assets) with
 * the run summary, a sample of result rows — thumbnails with top-k bars, segmentation overlays, transcripts,
 * entity highlights, answers — and the table of rows that failed.
 */
final class HtmlReport {
    static final int SAMPLE = 12;
    private static final int THUMB = 160;

    private HtmlReport() {}

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static void write(
            Path out,
            String task,
            String model,
            Map<String, String> summary,
            List<Row> sample,
            List<Row> errors,
            Configuration conf)
            throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>sparkformers ")
                .append(esc(task))
                .append(
                        "</title><style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse}"
                                + "td,th{border:1px solid #ccc;padding:6px;vertical-align:top;text-align:left}.bar{background:#4a90d9;height:10px}"
                                + ".row{display:flex;gap:16px;margin:12px 0;padding:8px;border:1px solid #ddd}mark{background:#ffe58f}"
                                + ".err{color:#b00}</style></head><body>");
        h.append("<h1>sparkformers: ")
                .append(esc(task))
                .append("</h1><p>model <code>")
                .append(esc(model))
                .append("</code></p>");
        h.append("<table id=\"summary\">");
        summary.forEach((k, v) -> h.append("<tr><th>")
                .append(esc(k))
                .append("</th><td>")
                .append(esc(v))
                .append("</td></tr>"));
        h.append("</table><h2>Sample</h2><div id=\"sample\">");
        for (Row r : sample) {
            h.append("<div class=\"row\">")
                    .append(media(r, conf))
                    .append("<div>")
                    .append(result(r))
                    .append("</div></div>");
        }
        h.append("</div><h2>Errors</h2><table id=\"errors\"><tr><th>row</th><th>reason</th></tr>");
        for (Row r : errors) {
            h.append("<tr><td>")
                    .append(esc(identity(r)))
                    .append("</td><td class=\"err\">")
                    .append(esc(r.getAs("error")))
                    .append("</td></tr>");
        }
        h.append("</table></body></html>");
        Files.writeString(out, h.toString(), StandardCharsets.UTF_8);
    }

    private static boolean has(Row r, String c) {
        return Arrays.asList(r.schema().fieldNames()).contains(c) && !r.isNullAt(r.fieldIndex(c));
    }

    private static String identity(Row r) {
        for (String c : List.of("path", "id", "text")) {
            if (has(r, c)) {
                return String.valueOf(r.get(r.fieldIndex(c)));
            }
        }
        return r.toString();
    }

    /** A thumbnail (or segmentation overlay) for image rows, the text for text rows, the path otherwise. */
    private static String media(Row r, Configuration conf) {
        String path = has(r, "path") ? r.getAs("path") : null;
        if (path != null && !path.matches("(?i).*\\.(wav|aif|aiff|au|flac|mp3|ogg)$")) {
            try {
                RgbImage img = ImageDecoder.decode(read(path, conf), ImageDecoder.DEFAULT_MAX_PIXELS);
                byte[] png;
                if (has(r, "segmentation")) {
                    Row m = r.getAs("segmentation");
                    SegmentationMap map = SegmentationMap.fromLittleEndian(m.getInt(0), m.getInt(1), (byte[]) m.get(2));
                    png = SegmentationImages.overlayPng(img, map, 0, 0.5);
                    return "<img class=\"overlay\" width=\"" + THUMB * 2 + "\" src=\"data:image/png;base64,"
                            + Base64.getEncoder().encodeToString(png) + "\" alt=\"" + esc(path) + "\">";
                }
                double scale = Math.min(1.0, (double) THUMB / Math.max(img.width(), img.height()));
                RgbImage thumb = PillowResize.resize(
                        img,
                        Math.max(1, (int) (img.width() * scale)),
                        Math.max(1, (int) (img.height() * scale)),
                        PillowResize.BILINEAR);
                return "<img class=\"thumb\" src=\"data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(toPng(thumb)) + "\" alt=\"" + esc(path) + "\">";
            } catch (Exception e) {
                return "<div class=\"err\">" + esc(path) + "</div>";
            }
        }
        return "<div><code>" + esc(identity(r)) + "</code></div>";
    }

    private static byte[] read(String path, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        FileSystem fs = p.getFileSystem(conf);
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    private static byte[] toPng(RgbImage img) throws IOException {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                bi.setRGB(x, y, (img.get(x, y, 0) << 16) | (img.get(x, y, 1) << 8) | img.get(x, y, 2));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(bi, "png", out);
        return out.toByteArray();
    }

    /** The task's columns rendered: top-k bars, labels, transcripts, entity highlights, answers, segments. */
    private static String result(Row r) {
        StringBuilder h = new StringBuilder();
        if (has(r, "error")) {
            h.append("<div class=\"err\">").append(esc(r.getAs("error"))).append("</div>");
        }
        if (has(r, "predictedLabel")) {
            h.append("<div class=\"label\"><b>")
                    .append(esc(r.getAs("predictedLabel")))
                    .append("</b></div>");
        }
        if (has(r, "topK")) {
            h.append("<table class=\"topk\">");
            for (Row t : r.<Row>getList(r.fieldIndex("topK"))) {
                double score = t.getDouble(1);
                h.append("<tr><td>")
                        .append(esc(t.getString(0)))
                        .append("</td><td style=\"width:200px\"><div class=\"bar\" style=\"width:")
                        .append(String.format(Locale.ROOT, "%.1f", 100 * score))
                        .append("%\"></div></td><td>")
                        .append(String.format(Locale.ROOT, "%.3f", score))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        if (has(r, "transcription")) {
            h.append("<p class=\"transcript\">")
                    .append(esc(r.getAs("transcription")))
                    .append("</p>");
        }
        if (has(r, "entities") && has(r, "text")) {
            String text = r.getAs("text");
            StringBuilder marked = new StringBuilder();
            int at = 0;
            for (Row e : r.<Row>getList(r.fieldIndex("entities"))) {
                if (e.isNullAt(3) || e.isNullAt(4) || e.getInt(3) < at) {
                    continue;
                }
                marked.append(esc(text.substring(at, e.getInt(3))))
                        .append("<mark title=\"")
                        .append(esc(e.getString(0)))
                        .append("\">")
                        .append(esc(text.substring(e.getInt(3), e.getInt(4))))
                        .append("</mark>");
                at = e.getInt(4);
            }
            marked.append(esc(text.substring(Math.min(at, text.length()))));
            h.append("<p class=\"entities\">").append(marked).append("</p>");
        } else if (has(r, "text")) {
            h.append("<p>").append(esc(r.getAs("text"))).append("</p>");
        }
        if (has(r, "answers")) {
            for (Row a : r.<Row>getList(r.fieldIndex("answers"))) {
                h.append("<div class=\"answer\">")
                        .append(esc(a.getString(0)))
                        .append(String.format(Locale.ROOT, " (%.3f)", a.getDouble(1)))
                        .append("</div>");
            }
        }
        if (has(r, "segments")) {
            h.append("<div class=\"segments\">")
                    .append(r.getList(r.fieldIndex("segments")).size())
                    .append(" segments</div>");
        }
        if (has(r, "embedding")) {
            h.append("<div class=\"embedding\">embedding of ")
                    .append(((Vector) r.getAs("embedding")).size())
                    .append(" dimensions</div>");
        }
        return h.toString();
    }
}
