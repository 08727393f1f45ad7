package io.sparkformers.source;

import io.sparkformers.codec.Audio;
import io.sparkformers.codec.AudioDecoder;
import io.sparkformers.model.SerializableHadoopConf;
import io.sparkformers.runtime.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * Reads one clip from a DataFrame column: file bytes ({@code binary}), a path ({@code string}, any Hadoop file
 * system) or decoded samples ({@code array<float|double>}, with the rate in {@code sampleRateColumn}).
 */
public final class AudioSource implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String ACCEPTED =
            "binary (file bytes), string (path) or array<float> samples with a sample-rate column";

    enum Kind {
        BYTES,
        PATH,
        SAMPLES
    }

    private final Kind kind;
    private final int column;
    private final int rateColumn;
    private final double maxSeconds;
    private final SerializableHadoopConf conf;

    private AudioSource(Kind kind, int column, int rateColumn, double maxSeconds, SerializableHadoopConf conf) {
        this.kind = kind;
        this.column = column;
        this.rateColumn = rateColumn;
        this.maxSeconds = maxSeconds;
        this.conf = conf;
    }

    /** Null when the type cannot hold audio. */
    public static AudioSource forColumn(
            DataType type, int column, int rateColumn, double maxSeconds, SerializableHadoopConf conf) {
        if (type instanceof BinaryType) {
            return new AudioSource(Kind.BYTES, column, -1, maxSeconds, conf);
        }
        if (type instanceof StringType) {
            return new AudioSource(Kind.PATH, column, -1, maxSeconds, conf);
        }
        if (type instanceof ArrayType at && at.elementType() instanceof NumericType) {
            return new AudioSource(Kind.SAMPLES, column, rateColumn, maxSeconds, conf);
        }
        return null;
    }

    public boolean needsRate() {
        return kind == Kind.SAMPLES;
    }

    public Audio read(Row row) throws InvalidInputException {
        if (row.isNullAt(column)) {
            throw new InvalidInputException("null input");
        }
        switch (kind) {
            case BYTES:
                return AudioDecoder.decode((byte[]) row.get(column), maxSeconds);
            case PATH:
                return AudioDecoder.decode(readFile(row.getString(column)), maxSeconds);
            default: {
                if (rateColumn < 0 || row.isNullAt(rateColumn)) {
                    throw new InvalidInputException("no sampling rate for the samples");
                }
                int rate = ((Number) row.get(rateColumn)).intValue();
                if (rate <= 0) {
                    throw new InvalidInputException("sampling rate " + rate + " Hz");
                }
                List<Object> values = row.getList(column);
                if (values.isEmpty()) {
                    throw new InvalidInputException("audio has 0 samples");
                }
                if (values.size() / (double) rate > maxSeconds) {
                    throw new InvalidInputException(String.format(
                            "clip of %.1f s exceeds maxSeconds=%s", values.size() / (double) rate, maxSeconds));
                }
                float[] x = new float[values.size()];
                for (int i = 0; i < x.length; i++) {
                    Object v = values.get(i);
                    if (v == null) {
                        throw new InvalidInputException("null sample at index " + i);
                    }
                    x[i] = ((Number) v).floatValue();
                }
                return new Audio(x, rate);
            }
        }
    }

    /**
     * Estimated heap bytes of this row's clip once decoded and resampled, known before decoding it: 8 bytes per byte
     * of file (16-bit PCM at 8 kHz becomes 4-byte floats at 16 kHz, twice as many) or per given sample; 0 when the
     * file's size cannot be read.
     */
    public long preparedBytes(Row row) {
        if (row.isNullAt(column)) {
            return 0;
        }
        switch (kind) {
            case BYTES:
                return 8L * ((byte[]) row.get(column)).length;
            case PATH:
                try {
                    Path p = new Path(row.getString(column));
                    return 8L * p.getFileSystem(conf.get()).getFileStatus(p).getLen();
                } catch (IOException | IllegalArgumentException e) {
                    return 0;
                }
            default:
                return 8L * row.getList(column).size();
        }
    }

    private byte[] readFile(String path) throws InvalidInputException {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf.get());
            if (fs.getFileStatus(p).getLen() > Integer.MAX_VALUE - 16) {
                throw new InvalidInputException("file " + path + " is too large to read whole");
            }
            try (InputStream in = fs.open(p)) {
                return in.readAllBytes();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
