package io.sparkformers.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkformers.codec.ImageDecoder;
import io.sparkformers.codec.RgbImage;
import io.sparkformers.testing.Fixtures;
import io.sparkformers.testing.Pillow;
import io.sparkformers.testing.References;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every resampling filter against Pillow 9.4.0 itself, byte for byte: NEAREST, LANCZOS, BILINEAR, BICUBIC, BOX and
 * HAMMING (the fixtures only use bilinear and bicubic), down- and upscaling, and resizes of one axis only (Pillow
 * skips the other pass), on the fixture's RGB photo.
 */
class PillowResizeFiltersTest {
    static final String[] FILTERS = {"NEAREST", "LANCZOS", "BILINEAR", "BICUBIC", "BOX", "HAMMING"};
    static final int[] CODES = {
        PillowResize.NEAREST,
        PillowResize.LANCZOS,
        PillowResize.BILINEAR,
        PillowResize.BICUBIC,
        PillowResize.BOX,
        PillowResize.HAMMING
    };

    static final String SCRIPT = Pillow.script(
            "src, out = sys.argv[1], sys.argv[2]",
            "im = Image.open(src).convert('RGB')",
            "for arg in sys.argv[3:]:",
            "    name, w, h = arg.split(':')",
            "    r = im.resize((int(w), int(h)), getattr(Image.Resampling, name))",
            "    open(f'{out}/{name}_{w}x{h}.rgb', 'wb').write(r.tobytes())");

    @TestFactory
    List<DynamicTest> everyFilterResizesAsPillowDoes() throws Exception {
        Path photo = Fixtures.image("JPEG", "RGB").file();
        RgbImage src = ImageDecoder.decode(Files.readAllBytes(photo), ImageDecoder.DEFAULT_MAX_PIXELS);
        int w = src.width();
        int h = src.height();
        int[][] sizes = {{w / 3, h / 3}, {w * 2 + 1, h * 2 - 1}, {w / 2, h}, {w, h / 2 + 3}, {w * 3 / 2, h}, {7, 5}};
        List<String> resizes = new ArrayList<>();
        for (String f : FILTERS) {
            for (int[] s : sizes) {
                resizes.add(f + ":" + s[0] + ":" + s[1]);
            }
        }
        Path references = References.once("pillow-resize", List.of(SCRIPT, photo, resizes), out -> {
            List<String> args = new ArrayList<>(List.of(photo.toString(), out.toString()));
            args.addAll(resizes);
            Pillow.run(
                    Pillow.python(), Files.writeString(out.resolve("resize.py"), SCRIPT), args.toArray(new String[0]));
        });
        List<DynamicTest> tests = new ArrayList<>();
        for (int k = 0; k < FILTERS.length; k++) {
            int code = CODES[k];
            for (int[] s : sizes) {
                String name = FILTERS[k] + "_" + s[0] + "x" + s[1];
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    byte[] want = Files.readAllBytes(references.resolve(name + ".rgb"));
                    RgbImage got = PillowResize.resize(src, s[0], s[1], code);
                    assertEquals(s[0], got.width());
                    assertEquals(s[1], got.height());
                    int differ = 0;
                    for (int i = 0; i < want.length; i++) {
                        differ += want[i] != got.data()[i] ? 1 : 0;
                    }
                    assertEquals(0, differ, name + ": values that differ from Pillow's");
                }));
            }
        }
        return tests;
    }

    @Test
    void aTargetWithoutPixelsIsRefused() {
        RgbImage one = new RgbImage(1, 1, new byte[3]);
        for (int[] size : new int[][] {{0, 1}, {1, 0}, {-1, 4}}) {
            IllegalArgumentException e = Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> PillowResize.resize(one, size[0], size[1], PillowResize.BICUBIC));
            Assertions.assertTrue(e.getMessage().contains("has no pixels"), e.getMessage());
        }
        assertEquals(1, PillowResize.resize(one, 1, 1, PillowResize.BICUBIC).width());
    }
}
