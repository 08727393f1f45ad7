package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Pillow;
import io.sparkformers.testing.References;
import io.sparkformers.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Lossy WebP from another encoder: libvpx's {@code vpxenc} (Debian's vpx-tools; {@code .ci/run} installs it) encodes
 * one key frame of a fixture photo, wrapped here as a WebP file, and Pillow's decode of each is the expected one, byte
 * for byte. libvpx writes what libwebp's encoder never does — loop-filter deltas per reference frame and mode,
 * several token partitions, its own segmentation and quantizer deltas (the y2 DC delta of the lowest quantizers) — so the decoder meets the whole VP8 key frame
 * syntax, not only libwebp's subset.
 */
class LibvpxDecodeParityTest {
    static final String SCRIPT = Pillow.script(
            "VPXENC, out, src = sys.argv[1], sys.argv[2], sys.argv[3]",
            "import os, struct, subprocess",
            "VPXENC, out, src = sys.argv[1], sys.argv[2], sys.argv[3]",
            "variants = [",
            "  ('vpx_q4_12', None, ['--min-q=4', '--max-q=12']),",
            "  ('vpx_q0_8', None, ['--min-q=0', '--max-q=8']),",
            "  ('vpx_four_partitions', None, ['--min-q=20', '--max-q=30', '--token-parts=2']),",
            "  ('vpx_sharpness5', None, ['--min-q=30', '--max-q=40', '--sharpness=5']),",
            "  ('vpx_q48_63', None, ['--min-q=48', '--max-q=63']),",
            "  ('vpx_static_thresh', None, ['--min-q=10', '--max-q=20', '--static-thresh=2000']),",
            "  ('vpx_odd_size', (37, 29), ['--min-q=16', '--max-q=24']),",
            "]",
            "base = Image.open(src).convert('RGB')",
            "for name, size, args in variants:",
            "    im = base.crop((3, 5, 3 + size[0], 5 + size[1])) if size else base",
            "    w, h = im.size",
            "    y, u, v = im.convert('YCbCr').split()",
            "    cw, ch = (w + 1) // 2, (h + 1) // 2",
            "    raw = os.path.join(out, name + '.yuv')",
            "    with open(raw, 'wb') as f:",
            "        f.write(y.tobytes()); f.write(u.resize((cw, ch), Image.BOX).tobytes()); f.write(v.resize((cw, ch), Image.BOX).tobytes())",
            "    ivf = os.path.join(out, name + '.ivf')",
            "    subprocess.run([VPXENC, '--codec=vp8', '--quiet', '--limit=1', '--kf-max-dist=0', '--ivf', '--i420',",
            "                    f'--width={w}', f'--height={h}', '-o', ivf] + args + [raw],",
            "                   check=True, stdin=subprocess.DEVNULL)  # a configuration warning asks; never wait",
            "    data = open(ivf, 'rb').read()",
            "    assert data[:4] == b'DKIF', data[:4]",
            "    header = struct.unpack('<H', data[6:8])[0]",
            "    size0 = struct.unpack('<I', data[header:header + 4])[0]",
            "    frame = data[header + 12:header + 12 + size0]",
            "    chunk = b'VP8 ' + struct.pack('<I', len(frame)) + frame + (b'\\0' if len(frame) & 1 else b'')",
            "    webp = os.path.join(out, name + '.webp')",
            "    open(webp, 'wb').write(b'RIFF' + struct.pack('<I', 4 + len(chunk)) + b'WEBP' + chunk)",
            "    reference(webp, Image.open(webp))",
            "    os.remove(raw); os.remove(ivf)");

    @TestFactory
    List<DynamicTest> keyFramesOfLibvpxDecodeAsPillowDoes() throws Exception {
        Path photo = Fixtures.image("JPEG", "RGB").file();
        Path dir = References.once("libvpx-webp", List.of(SCRIPT, photo), out -> {
            String vpxenc = Tools.executable("vpx-tools", "/usr/bin/vpxenc");
            Pillow.run(
                    Pillow.python(),
                    Files.writeString(out.resolve("vpx.py"), SCRIPT),
                    vpxenc,
                    out.toString(),
                    photo.toString());
        });
        List<DynamicTest> tests = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".webp")).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                    String[] size = Files.readString(Path.of(f + ".size")).split(" ");
                    RgbImage got = ImageDecoder.decode(Files.readAllBytes(f), ImageDecoder.DEFAULT_MAX_PIXELS);
                    assertEquals(size[0] + "x" + size[1], got.width() + "x" + got.height());
                    assertArrayEquals(
                            Files.readAllBytes(Path.of(f + ".rgb")),
                            got.data(),
                            f.getFileName().toString());
                }));
            }
        }
        assertEquals(7, tests.size(), "one file per vpxenc setting");
        return tests;
    }
}
