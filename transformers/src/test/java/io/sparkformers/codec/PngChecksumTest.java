package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Pillow;
import io.sparkformers.testing.References;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * A PNG with a wrong chunk checksum is refused exactly when Pillow 9.4.0 refuses it: one file per chunk of a fixture
 * PNG with that chunk's CRC flipped, plus a text chunk with a bad CRC before and after the image data; Pillow (run on
 * each file) is the oracle, and whatever both decode must decode to the same pixels.
 */
class PngChecksumTest {
    static final String SCRIPT = Pillow.script(
            "for f in sys.argv[1:]:",
            "    try:",
            "        im = Image.open(f)",
            "        open(f + '.rgb', 'wb').write(im.convert('RGB').tobytes())",
            "    except Exception as e:",
            "        open(f + '.refused', 'w').write(str(e))");

    record Chunk(String type, byte[] data) {}

    static List<Chunk> chunks(byte[] png) {
        List<Chunk> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(png, 8, png.length - 8);
        while (b.remaining() >= 12) {
            byte[] type = new byte[4];
            byte[] data = new byte[b.getInt()];
            b.get(type).get(data).getInt();
            out.add(new Chunk(new String(type, StandardCharsets.ISO_8859_1), data));
        }
        return out;
    }

    /** The chunks written back, chunk {@code bad}'s CRC flipped (-1: none). */
    static byte[] write(List<Chunk> chunks, int bad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            byte[] type = c.type().getBytes(StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(c.data());
            out.writeBytes(ByteBuffer.allocate(4).putInt(c.data().length).array());
            out.writeBytes(type);
            out.writeBytes(c.data());
            out.writeBytes(ByteBuffer.allocate(4)
                    .putInt((int) crc.getValue() ^ (i == bad ? 0x5A5A : 0))
                    .array());
        }
        return out.toByteArray();
    }

    @Test
    void badChecksumsAreRefusedWherePillowRefusesThem(@TempDir Path tmp) throws Exception {
        Fixtures.Input source =
                Fixtures.input("images", m -> m.path("format").asText().equals("PNG"), "PNG image");
        List<Chunk> chunks = chunks(Files.readAllBytes(source.file()));
        int idat = 0;
        while (!chunks.get(idat).type().equals("IDAT")) {
            idat++;
        }
        Chunk text = new Chunk("tEXt", "Comment\0checked".getBytes(StandardCharsets.ISO_8859_1));
        List<Chunk> textBefore = new ArrayList<>(chunks);
        textBefore.add(idat, text);
        List<Chunk> textAfter = new ArrayList<>(chunks);
        textAfter.add(textAfter.size() - 1, text);

        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            files.put(tmp.resolve(i + "-" + chunks.get(i).type() + ".png"), write(chunks, i));
        }
        files.put(tmp.resolve("text-before-image-data.png"), write(textBefore, idat));
        files.put(tmp.resolve("text-after-image-data.png"), write(textAfter, textAfter.size() - 2));
        List<Object> key = new ArrayList<>(List.of(SCRIPT));
        files.forEach((f, bytes) -> key.addAll(List.of(f.getFileName().toString(), bytes)));
        Path pillow = References.once("pillow-png-crc", key, out -> {
            List<String> args = new ArrayList<>();
            for (Map.Entry<Path, byte[]> f : files.entrySet()) {
                args.add(Files.write(out.resolve(f.getKey().getFileName()), f.getValue())
                        .toString());
            }
            Pillow.run(
                    Pillow.python(), Files.writeString(out.resolve("pillow.py"), SCRIPT), args.toArray(new String[0]));
        });

        int refused = 0;
        for (Map.Entry<Path, byte[]> f : files.entrySet()) {
            String name = f.getKey().getFileName().toString();
            Path reference = pillow.resolve(name);
            boolean pillowRefuses = Files.exists(Path.of(reference + ".refused"));
            try {
                RgbImage img = ImageDecoder.decode(f.getValue(), ImageDecoder.DEFAULT_MAX_PIXELS);
                assertTrue(
                        !pillowRefuses,
                        name + ": Pillow refuses it ("
                                + (pillowRefuses ? Files.readString(Path.of(reference + ".refused")) : "")
                                + ") but it decoded");
                assertTrue(
                        Arrays.equals(Files.readAllBytes(Path.of(reference + ".rgb")), img.data()),
                        name + ": pixels differ from Pillow's");
            } catch (InvalidInputException e) {
                assertTrue(pillowRefuses, name + ": refused (" + e.getMessage() + ") but Pillow decodes it");
                assertTrue(e.getMessage().startsWith("broken PNG file (bad checksum in its "), e.getMessage());
                refused++;
            }
        }
        // The header and every chunk up to the image data: the fixture's own, and the inserted text chunk.
        assertEquals(idat + 1, refused, "chunks before the image data are checked");
    }
}
