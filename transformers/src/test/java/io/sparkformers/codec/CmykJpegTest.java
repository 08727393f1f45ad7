package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Pillow;
import io.sparkformers.testing.References;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four-component JPEGs against Pillow itself: the fixtures were made with Pillow 9.4.0, the version Debian 12
 * packages as python3-pil ({@code .ci/run} installs it). Pillow writes CMYK JPEGs from the fixture photos at several
 * qualities and subsamplings, the JDK's writer adds YCCK ones, and Pillow's {@code convert("RGB")} of each file is
 * the expected decode, byte for byte.
 */
class CmykJpegTest {
    static final String SCRIPT = Pillow.script(
            "out = sys.argv[1]",
            "mode = sys.argv[2]",
            "if mode == 'write':",
            "    for i, src in enumerate(sys.argv[3:]):",
            "        im = Image.open(src).convert('CMYK')",
            "        im.save(f'{out}/pillow{i}_q90.jpg', quality=90)",
            "        im.save(f'{out}/pillow{i}_q40_420.jpg', quality=40, subsampling=2)",
            "        im.save(f'{out}/pillow{i}_q95_444_progressive.jpg', quality=95, subsampling=0, progressive=True)",
            "else:",
            "    for f in sys.argv[3:]:",
            "        im = Image.open(f)",
            "        assert im.mode == 'CMYK', (f, im.mode)",
            "        open(f + '.rgb', 'wb').write(im.convert('RGB').tobytes())",
            "        open(f + '.size', 'w').write(f'{im.size[0]} {im.size[1]} {im.info.get(\"adobe_transform\")}')");

    @Test
    void cmykAndYcckDecodeExactlyAsPillowConvertsThem(@TempDir Path tmp) throws Exception {
        Path jpeg = Fixtures.image("JPEG", "RGB").file();
        List<Path> photos = List.of(
                jpeg,
                Fixtures.image("PNG", "RGB").file(),
                Fixtures.image("PNG", "RGBA").file());
        Path written = References.once(
                "pillow-cmyk-write", List.of(SCRIPT, photos.get(0), photos.get(1), photos.get(2)), out -> {
                    List<String> args = new ArrayList<>(List.of(out.toString(), "write"));
                    photos.forEach(f -> args.add(f.toString()));
                    Pillow.run(
                            Pillow.python(),
                            Files.writeString(out.resolve("pillow.py"), SCRIPT),
                            args.toArray(new String[0]));
                });
        try (var s = Files.list(written)) {
            for (Path f : s.filter(f -> f.toString().endsWith(".jpg")).toList()) {
                Files.copy(f, tmp.resolve(f.getFileName()));
            }
        }
        RgbImage photo = ImageDecoder.decode(Files.readAllBytes(jpeg), ImageDecoder.DEFAULT_MAX_PIXELS);
        writeWithTheJdk(photo, tmp.resolve("jdk_plain_cmyk.jpg"), false);
        writeWithTheJdk(photo, tmp.resolve("jdk_ycck.jpg"), true);
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(tmp)) {
            s.filter(f -> f.toString().endsWith(".jpg")).sorted().forEach(files::add);
        }
        assertEquals(11, files.size());
        List<Object> key = new ArrayList<>(List.of(SCRIPT));
        files.forEach(f -> key.addAll(List.of(f.getFileName().toString(), f)));
        Path read = References.once("pillow-cmyk-read", key, out -> {
            List<String> args = new ArrayList<>(List.of(out.toString(), "read"));
            for (Path f : files) {
                args.add(Files.copy(f, out.resolve(f.getFileName())).toString());
            }
            Pillow.run(
                    Pillow.python(), Files.writeString(out.resolve("pillow.py"), SCRIPT), args.toArray(new String[0]));
        });
        for (Path f : files) {
            Path reference = read.resolve(f.getFileName());
            String[] size = Files.readString(Path.of(reference + ".size")).split(" ");
            RgbImage got = ImageDecoder.decode(Files.readAllBytes(f), ImageDecoder.DEFAULT_MAX_PIXELS);
            assertEquals(Integer.parseInt(size[0]), got.width(), f.toString());
            assertEquals(Integer.parseInt(size[1]), got.height(), f.toString());
            assertArrayEquals(
                    Files.readAllBytes(Path.of(reference + ".rgb")),
                    got.data(),
                    f.getFileName() + " (adobe transform " + size[2] + ")");
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().contains("progressive")));
        assertEquals(
                "2",
                Files.readString(Path.of(read.resolve("jdk_ycck.jpg") + ".size"))
                        .split(" ")[2],
                "a YCCK file");
        assertEquals(
                "None",
                Files.readString(Path.of(read.resolve("jdk_plain_cmyk.jpg") + ".size"))
                        .split(" ")[2],
                "a CMYK file without an Adobe marker");
    }

    /** A CMYK JPEG from the JDK's own writer: without an Adobe marker, or with transform 2 (YCCK), as Photoshop writes. */
    private static void writeWithTheJdk(RgbImage rgb, Path file, boolean ycck) throws Exception {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, rgb.width(), rgb.height(), 4, null);
        byte[] d = rgb.data();
        for (int y = 0, i = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++, i += 3) {
                int c = 255 - (d[i] & 0xFF);
                int m = 255 - (d[i + 1] & 0xFF);
                int ye = 255 - (d[i + 2] & 0xFF);
                int k = Math.min(c, Math.min(m, ye));
                cmyk.setPixel(x, y, new int[] {c - k, m - k, ye - k, k});
            }
        }
        ImageWriter writer = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (writer == null || w.getClass().getName().startsWith("com.sun.")) {
                writer = w;
            }
        }
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = null;
        if (ycck) {
            ColorSpace cmykSpace = new ColorSpace(ColorSpace.TYPE_CMYK, 4) {
                @Override
                public float[] toRGB(float[] v) {
                    return new float[3];
                }

                @Override
                public float[] fromRGB(float[] v) {
                    return new float[4];
                }

                @Override
                public float[] toCIEXYZ(float[] v) {
                    return new float[3];
                }

                @Override
                public float[] fromCIEXYZ(float[] v) {
                    return new float[4];
                }
            };
            metadata = writer.getDefaultImageMetadata(
                    new ImageTypeSpecifier(
                            new ComponentColorModel(cmykSpace, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE),
                            cmyk.getSampleModel()),
                    param);
            String format = "javax_imageio_jpeg_image_1.0";
            IIOMetadataNode root = new IIOMetadataNode(format);
            IIOMetadataNode markers = new IIOMetadataNode("markerSequence");
            IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
            adobe.setAttribute("transform", "2");
            markers.appendChild(adobe);
            root.appendChild(new IIOMetadataNode("JPEGvariety"));
            root.appendChild(markers);
            metadata.mergeTree(format, root);
        }
        try (var out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, metadata), param);
        } finally {
            writer.dispose();
        }
    }
}
