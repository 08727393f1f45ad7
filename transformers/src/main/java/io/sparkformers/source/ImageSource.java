package io.sparkformers.source;

import io.sparkformers.codec.ImageDecoder;
import io.sparkformers.codec.RgbImage;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one image from a DataFrame column of any accepted kind: file bytes ({@code binary}, e.g. the
 * {@code content} of {@code format("binaryFile")}), Spark's image struct ({@code format("image")}) or a path
 * ({@code string}, any Hadoop file system).
 */
public record ImageSource(ImageSource.Kind kind, int column, long maxPixels, SerializableHadoopConf conf)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How the column holds the image. */
    public enum Kind {
        BYTES,
        STRUCT,
        PATH
    }

    /** Null when the type is not an image column; the caller names the column in its message. */
    public static ImageSource forColumn(DataType type, int column, long maxPixels, SerializableHadoopConf conf) {
        if (type instanceof BinaryType) {
            return new ImageSource(Kind.BYTES, column, maxPixels, conf);
        }
        if (type instanceof StringType) {
            return new ImageSource(Kind.PATH, column, maxPixels, conf);
        }
        if (isImageStruct(type)) {
            return new ImageSource(Kind.STRUCT, column, maxPixels, conf);
        }
        return null;
    }

    public static boolean isImageStruct(DataType type) {
        if (!(type instanceof StructType st)) {
            return false;
        }
        Set<String> names = Set.of(st.fieldNames());
        return names.containsAll(List.of("height", "width", "nChannels", "data"));
    }

    public static final String ACCEPTED = "binary (file bytes), string (path) or Spark's image struct";

    public RgbImage read(Row row) throws InvalidInputException {
        if (row.isNullAt(column)) {
            throw new InvalidInputException("null input");
        }
        switch (kind) {
            case BYTES:
                return ImageDecoder.decode((byte[]) row.get(column), maxPixels);
            case STRUCT: {
                Row s = row.getStruct(column);
                StructType st = s.schema();
                return ImageDecoder.fromSparkImage(
                        s.getInt(st.fieldIndex("height")),
                        s.getInt(st.fieldIndex("width")),
                        s.getInt(st.fieldIndex("nChannels")),
                        (byte[]) s.get(st.fieldIndex("data")),
                        maxPixels);
            }
            default:
                return ImageDecoder.decode(readFile(row.getString(column)), maxPixels);
        }
    }

    private byte[] readFile(String path) throws InvalidInputException {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf.get());
            FileStatus st = fs.getFileStatus(p);
            if (st.getLen() > Integer.MAX_VALUE - 16) {
                throw new InvalidInputException(
                        "file " + path + " is " + st.getLen() + " bytes; too large for one image");
            }
            try (InputStream in = fs.open(p)) {
                return in.readAllBytes();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
