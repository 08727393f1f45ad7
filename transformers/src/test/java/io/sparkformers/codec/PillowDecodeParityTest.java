package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Pillow;
import io.sparkformers.testing.References;
import io.sparkformers.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Decoding against Pillow 9.4.0 (Debian's python3-pil, the version the fixtures were made with) beyond the fixture
 * photos: Pillow writes the photos and a synthetic picture of hard edges in many encodings — JPEG subsamplings,
 * progressive and gray; PNG of every mode; GIF, BMP, TIFF (raw, LZW, deflate), WebP lossy (qualities 5 to 100, methods
 * 0 to 6, with alpha; and from Debian's {@code cwebp}: simple and strong loop filters, sharpness 1, 3, 4 and 7, one and
 * two segments, no filter, odd sizes) and lossless; and the
 * eight EXIF orientations in JPEG, PNG and WebP, against transformers' {@code ImageOps.exif_transpose} — and its {@code convert("RGB")} of each file must
 * equal our decode byte for byte.
 */
class PillowDecodeParityTest {
    static final String SCRIPT = Pillow.script(
            "import os",
            "CWEBP, out, srcs = sys.argv[1], sys.argv[2], sys.argv[3:]",
            "variants = [",
            "  ('jpeg_q75_420', 'RGB', 'JPEG', dict(quality=75)),",
            "  ('jpeg_q90_422', 'RGB', 'JPEG', dict(quality=90, subsampling=1)),",
            "  ('jpeg_q95_444', 'RGB', 'JPEG', dict(quality=95, subsampling=0)),",
            "  ('jpeg_progressive', 'RGB', 'JPEG', dict(quality=85, progressive=True)),",
            "  ('jpeg_optimized_q30', 'RGB', 'JPEG', dict(quality=30, optimize=True)),",
            "  ('jpeg_gray', 'L', 'JPEG', dict(quality=80)),",
            "  ('png_rgb', 'RGB', 'PNG', {}),",
            "  ('png_rgba', 'RGBA', 'PNG', {}),",
            "  ('png_gray', 'L', 'PNG', {}),",
            "  ('png_gray_alpha', 'LA', 'PNG', {}),",
            "  ('png_palette', 'P', 'PNG', {}),",
            "  ('png_bilevel', '1', 'PNG', {}),",
            "  ('png_gray16', 'I;16', 'PNG', {}),",
            "  ('gif', 'P', 'GIF', {}),",
            "  ('bmp_rgb', 'RGB', 'BMP', {}),",
            "  ('bmp_palette', 'P', 'BMP', {}),",
            "  ('tiff_raw', 'RGB', 'TIFF', {}),",
            "  ('tiff_lzw', 'RGB', 'TIFF', dict(compression='tiff_lzw')),",
            "  ('tiff_deflate', 'RGB', 'TIFF', dict(compression='tiff_adobe_deflate')),",
            "  ('webp_lossy', 'RGB', 'WEBP', dict(quality=80)),",
            "  ('webp_lossy_alpha', 'RGBA', 'WEBP', dict(quality=70)),",
            "  ('webp_lossless', 'RGB', 'WEBP', dict(lossless=True)),",
            "  ('webp_q5', 'RGB', 'WEBP', dict(quality=5)),",
            "  ('webp_q100_m6', 'RGB', 'WEBP', dict(quality=100, method=6)),",
            "  ('webp_q50_m0', 'RGB', 'WEBP', dict(quality=50, method=0)),",
            "]",
            "cwebp = [",
            "  ('cwebp_simple_filter', ['-q', '75', '-nostrong']),",
            "  ('cwebp_sharpness7', ['-q', '60', '-f', '80', '-sharpness', '7']),",
            "  ('cwebp_one_segment', ['-q', '40', '-segments', '1', '-sns', '0']),",
            "  ('cwebp_no_filter', ['-q', '90', '-f', '0']),",
            "  ('cwebp_strong_q20', ['-q', '20', '-f', '100', '-sharpness', '3', '-strong']),",
            "  ('cwebp_small_odd', ['-q', '70', '-crop', '3', '5', '37', '29']),",
            "  ('cwebp_sharpness4', ['-q', '50', '-f', '60', '-sharpness', '4']),",
            "  ('cwebp_sharpness1_two_segments', ['-q', '85', '-sharpness', '1', '-segments', '2']),",
            "]",
            "# A synthetic third source of hard edges, where the loop filter's clamps bind.",
            "from PIL import ImageDraw",
            "checker = Image.new('RGB', (67, 45))",
            "draw = ImageDraw.Draw(checker)",
            "for y in range(0, 45, 5):",
            "    for x in range(0, 67, 5):",
            "        if (x // 5 + y // 5) % 2:",
            "            draw.rectangle([x, y, x + 4, y + 4], fill=(255, 255, 255))",
            "draw.line([(0, 0), (66, 44)], fill=(255, 0, 0), width=3)",
            "checker.save(os.path.join(out, 'checker.png'))",
            "srcs = srcs + [os.path.join(out, 'checker.png')]",
            "import subprocess",
            "for i, src in enumerate(srcs):",
            "    png = os.path.join(out, f'src{i}.png')",
            "    Image.open(src).convert('RGB').save(png)",
            "    for name, args in cwebp:",
            "        f = os.path.join(out, f'{i}_{name}.webp')",
            "        subprocess.run([CWEBP, '-quiet'] + args + [png, '-o', f], check=True)",
            "        reference(f, Image.open(f))",
            "from PIL import ImageOps",
            "for o in range(1, 9):",
            "    base = Image.open(srcs[0]).convert('RGB').crop((0, 0, 61, 37))",
            "    exif = Image.Exif()",
            "    exif[0x0112] = o",
            "    for fmt, ext in (('JPEG', 'jpeg'), ('PNG', 'png'), ('WEBP', 'webp')):",
            "        f = os.path.join(out, f'exif_orientation{o}.{ext}')",
            "        base.save(f, fmt, exif=exif.tobytes(), **({'quality': 90} if fmt != 'PNG' else {}))",
            "        reference(f, ImageOps.exif_transpose(Image.open(f)))",
            "for i, src in enumerate(srcs):",
            "    base = Image.open(src)",
            "    base.load()",
            "    for name, mode, fmt, kw in variants:",
            "        im = base.convert('RGBA' if mode in ('RGBA', 'LA') else 'RGB')",
            "        if mode == 'I;16':",
            "            im = im.convert('L').point(lambda v: v * 3)",
            "            im = im.convert('I').point(lambda v: v * 257).convert('I;16')",
            "        elif mode == 'P':",
            "            im = im.convert('P', palette=Image.ADAPTIVE, colors=200)",
            "        elif mode != im.mode:",
            "            im = im.convert(mode)",
            "        f = os.path.join(out, f'{i}_{name}.{fmt.lower()}')",
            "        im.save(f, fmt, **kw)",
            "        reference(f, Image.open(f))");

    @TestFactory
    List<DynamicTest> everyEncodingDecodesAsPillowDoes() throws Exception {
        Path jpeg = Fixtures.image("JPEG", "RGB").file();
        Path png = Fixtures.image("PNG", "RGBA").file();
        Path variants = References.once("pillow-decode", List.of(SCRIPT, jpeg, png), out -> {
            String python = Pillow.python();
            String cwebp = Tools.executable("webp", "/usr/bin/cwebp");
            Path script = Files.writeString(out.resolve("variants.py"), SCRIPT);
            Pillow.run(python, script, cwebp, out.toString(), jpeg.toString(), png.toString());
        });
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(variants)) {
            s.filter(f -> Files.exists(Path.of(f + ".rgb"))).sorted().forEach(files::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                String[] size = Files.readString(Path.of(f + ".size")).split(" ");
                RgbImage got = ImageDecoder.decode(Files.readAllBytes(f), ImageDecoder.DEFAULT_MAX_PIXELS);
                byte[] want = Files.readAllBytes(Path.of(f + ".rgb"));
                assertEquals(size[0] + "x" + size[1], got.width() + "x" + got.height());
                int differ = 0;
                int worst = 0;
                long total = 0;
                for (int i = 0; i < want.length; i++) {
                    int d = Math.abs((want[i] & 0xFF) - (got.data()[i] & 0xFF));
                    differ += d > 0 ? 1 : 0;
                    worst = Math.max(worst, d);
                    total += d;
                }
                assertEquals(
                        0,
                        differ,
                        f.getFileName() + " (Pillow mode " + size[2] + "): " + differ + " of " + want.length
                                + " values differ, by up to " + worst + " (mean " + (double) total / want.length + ")");
            }));
        }
        // Three sources (two fixture photos, the synthetic one) in 25 Pillow and 8 cwebp encodings, and the eight EXIF
        // orientations in three formats.
        assertEquals(3 * (25 + 8) + 8 * 3, tests.size());
        tests.add(DynamicTest.dynamicTest("damaged lossy WebP is refused with a reason or decodes", () -> {
            byte[] clean = Files.readAllBytes(files.stream()
                    .filter(f -> f.toString().endsWith("0_webp_lossy.webp"))
                    .findFirst()
                    .orElseThrow());
            Random random = new Random(11);
            for (int trial = 0; trial < 200; trial++) {
                byte[] damaged = clean.clone();
                for (int k = 0; k <= trial % 4; k++) {
                    int at = 30 + random.nextInt(damaged.length - 30);
                    damaged[at] ^= (byte) (1 + random.nextInt(255));
                }
                if (trial % 7 == 0) {
                    damaged = Arrays.copyOf(damaged, 40 + random.nextInt(damaged.length - 40));
                }
                try {
                    RgbImage img = ImageDecoder.decode(damaged, ImageDecoder.DEFAULT_MAX_PIXELS);
                    assertEquals(img.width() * img.height() * 3, img.data().length);
                } catch (InvalidInputException expected) {
                    Assertions.assertNotNull(expected.getMessage());
                }
            }
        }));
        return tests;
    }
}
