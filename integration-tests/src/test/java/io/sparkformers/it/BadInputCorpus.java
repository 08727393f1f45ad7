package io.sparkformers.it;

import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Wav;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Generated inputs for the bad-input runs: name → (bytes, expected reason or null for unusual-but-valid inputs).
 * Nothing binary is committed.
 */
final class BadInputCorpus {
    record Item(byte[] bytes, String reason) {}

    private BadInputCorpus() {}

    static byte[] png(BufferedImage img) throws Exception {
        return encode(img, "png");
    }

    static byte[] encode(BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    static byte[] pngWithDimensions(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes()).putInt(w).putInt(h).put(new byte[] {8, 2, 0, 0, 0});
        d.writeInt(13);
        d.write(ihdr.array());
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        d.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    static Map<String, Item> images(Path root) throws Exception {
        byte[] cat = Files.readAllBytes(Fixtures.image("JPEG", "RGB").file());
        byte[] coffee = Files.readAllBytes(Fixtures.image("PNG", "RGB").file());
        Map<String, Item> m = new LinkedHashMap<>();
        m.put("good-photo.jpg", new Item(cat, null));
        m.put("good-coffee.png", new Item(coffee, null));
        m.put("truncated.jpg", new Item(Arrays.copyOf(cat, cat.length / 3), "truncated"));
        m.put("truncated.png", new Item(Arrays.copyOf(coffee, coffee.length / 2), "corrupt"));
        byte[] garbled = cat.clone();
        Arrays.fill(garbled, 200, garbled.length, (byte) 0x55);
        m.put("corrupt-body.jpg", new Item(garbled, ""));
        m.put("zero-bytes.jpg", new Item(new byte[0], "empty file (0 bytes)"));
        m.put("text-named.jpg", new Item("this is a text file".getBytes(), "unrecognised image format"));
        m.put("huge-dimensions.png", new Item(pngWithDimensions(200_000, 200_000), "exceeds maxPixels"));
        m.put("zero-width.png", new Item(pngWithDimensions(0, 10), ""));
        m.put(
                "random.bin",
                new Item(
                        new Random(7)
                                .ints(512, 0, 256)
                                .collect(ByteArrayOutputStream::new, (o, i) -> o.write(i), (a, b) -> {})
                                .toByteArray(),
                        ""));
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0x336699);
        m.put("one-pixel.png", new Item(png(one), null));
        m.put("sixteen-bit.png", new Item(png(new BufferedImage(20, 10, BufferedImage.TYPE_USHORT_GRAY)), null));
        IndexColorModel palette = new IndexColorModel(
                2, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0}, new byte[] {0, 0}, new byte[] {0, (byte) 255});
        m.put(
                "palette-alpha.png",
                new Item(png(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED, palette)), null));
        m.put("gray-alpha.png", new Item(png(new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB)), null));
        m.put("bitmap.bmp", new Item(encode(one, "bmp"), null));
        m.put("picture.gif", new Item(encode(one, "gif"), null));
        return m;
    }

    static Map<String, Item> audio(Path root) throws Exception {
        byte[] hello = Files.readAllBytes(Fixtures.inputs("audio").get(0).file());
        Map<String, Item> m = new LinkedHashMap<>();
        m.put("good-speech.wav", new Item(hello, null));
        m.put("truncated-header.wav", new Item(Arrays.copyOf(hello, 20), "unsupported audio format"));
        m.put("zero-samples.wav", new Item(Wav.raw(1, 1, 16000, 16, 0, new byte[0]), "0 samples"));
        m.put("empty.wav", new Item(new byte[0], "empty file (0 bytes)"));
        m.put("text.wav", new Item("not audio at all".getBytes(), "unsupported audio format"));
        m.put("truncated.flac", new Item("fLaC\0\0\0\"....".getBytes(), "truncated FLAC metadata"));
        m.put("zero-channels.wav", new Item(Wav.raw(1, 0, 16000, 16, 4, new byte[4]), ""));
        m.put("silence.wav", new Item(Wav.raw(1, 1, 16000, 16, 16000, new byte[16000]), null));
        byte[] tone8 = new byte[8000];
        for (int i = 0; i < tone8.length; i++) {
            tone8[i] = (byte) (128 + 60 * Math.sin(i / 5.0));
        }
        m.put("eight-bit.wav", new Item(Wav.raw(1, 1, 8000, 8, tone8.length, tone8), null));
        m.put("twenty-four-bit.wav", new Item(Wav.raw(1, 1, 16000, 24, 9000, new byte[9000]), null));
        ByteBuffer f = ByteBuffer.allocate(16000).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4000; i++) {
            f.putFloat((float) (0.3 * Math.sin(i / 7.0)));
        }
        m.put("float.wav", new Item(Wav.raw(3, 1, 16000, 32, 16000, f.array()), null));
        m.put("stereo.wav", new Item(Wav.raw(1, 2, 16000, 16, 16000, new byte[16000]), null));
        m.put("absurd-length.wav", new Item(Wav.raw(1, 1, 16000, 16, Integer.MAX_VALUE - 64, new byte[3200]), null));
        return m;
    }
}
