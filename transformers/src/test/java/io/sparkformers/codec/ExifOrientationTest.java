package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Pillow;
import io.sparkformers.testing.References;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The EXIF orientation found where Pillow 9.4.0 finds it, in containers written here byte by byte: JPEG with fill
 * bytes, restart markers and other APP1 segments (XMP) before the EXIF one, EXIF blocks without their header, PNG
 * {@code eXIf} chunks with and without the {@code Exif\0\0} prefix and after the image data, WebP {@code EXIF} chunks
 * behind odd-sized chunks, TIFF files, big- and little-endian TIFF blocks with the tag among others, as SHORT, LONG or another
 * type, and values outside 1..8. The oracle is Pillow's {@code getexif()[0x0112]} for each file — what
 * {@code ImageOps.exif_transpose} turns — with anything but 2..8 meaning "as stored" (1).
 */
class ExifOrientationTest {
    static final String SCRIPT = Pillow.script(
            "for f in sys.argv[1:]:",
            "    try:",
            "        o = Image.open(f).getexif().get(0x0112)",
            "        o = str(o if isinstance(o, int) and 1 <= o <= 8 else 1)",
            "    except Exception as e:",
            "        o = 'error ' + str(e)",
            "    open(f + '.orientation', 'w').write(o)");

    /** A TIFF block: header, one IFD with {@code before} other entries, then the orientation as {@code type}. */
    static byte[] tiff(ByteOrder order, int before, int type, long value) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 * (before + 1) + 4 + 8).order(order);
        b.put(order == ByteOrder.LITTLE_ENDIAN ? "II".getBytes() : "MM".getBytes())
                .putShort((short) 42)
                .putInt(8);
        b.putShort((short) (before + 1));
        for (int i = 0; i < before; i++) {
            b.putShort((short) (0x010F + i))
                    .putShort((short) 3)
                    .putInt(1)
                    .putShort((short) 7)
                    .putShort((short) 0);
        }
        b.putShort((short) 0x0112).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else if (type == 4) {
            b.putInt((int) value);
        } else {
            b.putInt(b.capacity() - 8); // RATIONAL: an offset to two LONGs
        }
        b.putInt(0);
        b.putInt((int) value).putInt(1);
        return b.array();
    }

    /** A 2x1 gray TIFF file (uncompressed, one strip) whose IFD states {@code orientation}. */
    static byte[] tiffFile(ByteOrder order, int orientation) {
        int[][] entries = {
            {256, 3, 2},
            {257, 3, 1},
            {258, 3, 8},
            {259, 3, 1},
            {262, 3, 1},
            {273, 4, 0},
            {274, 3, orientation},
            {277, 3, 1},
            {278, 3, 1},
            {279, 4, 2}
        };
        int ifdSize = 2 + 12 * entries.length + 4;
        ByteBuffer b = ByteBuffer.allocate(8 + ifdSize + 2).order(order);
        b.put(order == ByteOrder.LITTLE_ENDIAN ? "II".getBytes() : "MM".getBytes())
                .putShort((short) 42)
                .putInt(8);
        b.putShort((short) entries.length);
        for (int[] e : entries) {
            int value = e[0] == 273 ? 8 + ifdSize : e[2];
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
            if (e[1] == 3) {
                b.putShort((short) value).putShort((short) 0);
            } else {
                b.putInt(value);
            }
        }
        b.putInt(0).put((byte) 10).put((byte) 200);
        return b.array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] jpegSegment(int marker, byte[] body) {
        return FlacStreamsTest.concat(
                new byte[] {(byte) 0xFF, (byte) marker, (byte) ((body.length + 2) >> 8), (byte) (body.length + 2)},
                body);
    }

    /** The JPEG with {@code segments} right after its SOI marker. */
    static byte[] jpeg(byte[] jpeg, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (byte[] s : segments) {
            out.writeBytes(s);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static byte[] pngChunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        return FlacStreamsTest.concat(
                ByteBuffer.allocate(4).putInt(data.length).array(),
                ascii(type),
                data,
                ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The PNG with {@code chunk} after IHDR, or before IEND. */
    static byte[] png(byte[] png, byte[] chunk, boolean afterImageData) {
        int at = afterImageData ? png.length - 12 : 33;
        return FlacStreamsTest.concat(Arrays.copyOf(png, at), chunk, Arrays.copyOfRange(png, at, png.length));
    }

    static byte[] riffChunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii(type)).putInt(data.length).put(data);
        return b.array();
    }

    /** A WebP of {@code chunks}: the RIFF header sized for them. */
    static byte[] webp(byte[]... chunks) {
        byte[] body = FlacStreamsTest.concat(chunks);
        ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(4 + body.length).put(ascii("WEBP")).put(body);
        return b.array();
    }

    @Test
    void orientationIsFoundWherePillowFindsIt() throws Exception {
        byte[] photo = Files.readAllBytes(Fixtures.image("JPEG", "RGB").file());
        byte[] coffee = Files.readAllBytes(Fixtures.image("PNG", "RGB").file());
        byte[] lossless =
                getClass().getResourceAsStream("/images/quadrants.webp").readAllBytes();
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        byte[] exifHeader = ascii("Exif\0\0");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                "jpeg-short-6.jpg",
                jpeg(photo, jpegSegment(0xE1, FlacStreamsTest.concat(exifHeader, tiff(le, 0, 3, 6)))));
        files.put(
                "jpeg-big-endian-long-3.jpg",
                jpeg(photo, jpegSegment(0xE1, FlacStreamsTest.concat(exifHeader, tiff(be, 2, 4, 3)))));
        files.put(
                "jpeg-third-entry-8.jpg",
                jpeg(photo, jpegSegment(0xE1, FlacStreamsTest.concat(exifHeader, tiff(le, 2, 3, 8)))));
        files.put(
                "jpeg-value-9.jpg",
                jpeg(photo, jpegSegment(0xE1, FlacStreamsTest.concat(exifHeader, tiff(le, 0, 3, 9)))));
        files.put(
                "jpeg-value-0.jpg",
                jpeg(photo, jpegSegment(0xE1, FlacStreamsTest.concat(exifHeader, tiff(be, 0, 3, 0)))));
        files.put(
                "jpeg-rational-5.jpg",
                jpeg(photo, jpegSegment(0xE1, FlacStreamsTest.concat(exifHeader, tiff(le, 0, 5, 5)))));
        byte[] xmp = jpegSegment(0xE1, ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"));
        files.put(
                "jpeg-xmp-first-7.jpg",
                jpeg(photo, xmp, jpegSegment(0xE1, FlacStreamsTest.concat(exifHeader, tiff(le, 0, 3, 7)))));
        files.put("jpeg-no-exif-header.jpg", jpeg(photo, jpegSegment(0xE1, tiff(le, 0, 3, 6))));
        files.put(
                "jpeg-long-app2-then-exif-2.jpg",
                jpeg(
                        photo,
                        jpegSegment(0xE2, new byte[300]),
                        jpegSegment(0xE1, FlacStreamsTest.concat(exifHeader, tiff(le, 0, 3, 2)))));
        files.put(
                "jpeg-fill-bytes-5.jpg",
                jpeg(
                        photo,
                        new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                        jpegSegment(0xE1, FlacStreamsTest.concat(exifHeader, tiff(le, 0, 3, 5)))));
        files.put("jpeg-short-segment.jpg", jpeg(photo, jpegSegment(0xE1, ascii("Exif"))));
        files.put("png-exif-4.png", png(coffee, pngChunk("eXIf", tiff(be, 0, 3, 4)), false));
        files.put("png-exif-after-data-3.png", png(coffee, pngChunk("eXIf", tiff(le, 0, 3, 3)), true));
        files.put(
                "png-text-then-exif-2.png",
                png(
                        coffee,
                        FlacStreamsTest.concat(pngChunk("tEXt", ascii("a\0b")), pngChunk("eXIf", tiff(le, 0, 3, 2))),
                        false));
        byte[] vp8l = Arrays.copyOfRange(lossless, 12, lossless.length);
        int width = 7;
        int height = 5;
        byte[] vp8x = ByteBuffer.allocate(10)
                .order(le)
                .put((byte) 0x08)
                .put(new byte[3])
                .put((byte) (width - 1))
                .put(new byte[2])
                .put((byte) (height - 1))
                .put(new byte[2])
                .array();
        files.put("webp-exif-6.webp", webp(riffChunk("VP8X", vp8x), vp8l, riffChunk("EXIF", tiff(le, 0, 3, 6))));
        files.put(
                "webp-exif-prefixed-8.webp",
                webp(
                        riffChunk("VP8X", vp8x),
                        vp8l,
                        riffChunk("EXIF", FlacStreamsTest.concat(exifHeader, tiff(be, 0, 4, 8)))));
        files.put(
                "webp-odd-chunk-then-exif-7.webp",
                webp(
                        riffChunk("VP8X", vp8x),
                        vp8l,
                        riffChunk("XMP ", ascii("abc")),
                        riffChunk("EXIF", tiff(le, 0, 3, 7))));
        files.put("tiff-little-endian-6.tif", tiffFile(le, 6));
        files.put("tiff-big-endian-3.tif", tiffFile(be, 3));
        files.put("tiff-stated-1.tif", tiffFile(le, 1));
        List<Object> key = new ArrayList<>(List.of(SCRIPT));
        files.forEach((name, bytes) -> key.addAll(List.of(name, bytes)));
        Path pillow = References.once("pillow-exif-orientation", key, out -> {
            List<String> args = new ArrayList<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                args.add(Files.write(out.resolve(f.getKey()), f.getValue()).toString());
            }
            Pillow.run(
                    Pillow.python(), Files.writeString(out.resolve("pillow.py"), SCRIPT), args.toArray(new String[0]));
        });
        // Pillow 9.4 refuses a PNG eXIf that starts with JPEG's "Exif\0\0" (as some writers do; later Pillow reads
        // it): read, it states 6.
        assertEquals(
                6,
                ExifOrientation.read(png(
                        coffee, pngChunk("eXIf", FlacStreamsTest.concat(exifHeader, tiff(le, 1, 3, 6))), false)));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String pillowSays = Files.readString(pillow.resolve(f.getKey() + ".orientation"));
            // Where Pillow cannot parse the block (and transformers' exif_transpose would fail the image), the
            // picture is kept as stored: a damaged EXIF block must not cost a row.
            int want = pillowSays.startsWith("error") ? 1 : Integer.parseInt(pillowSays);
            assertEquals(want, ExifOrientation.read(f.getValue()), f.getKey() + " (Pillow: " + pillowSays + ")");
        }
    }
}
