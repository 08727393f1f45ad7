package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.InvalidInputException;
import io.sparkformers.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every refusal of the image entry points with its exact reason, and Spark's image struct (BGR(A) or gray rows, as
 * {@code spark.read.format("image")} gives them) converted to RGB — without Spark: the decoder alone.
 */
class ImageRefusalsTest {
    static String refused(Executable decode) {
        return assertThrows(InvalidInputException.class, decode).getMessage();
    }

    @Test
    void filesThatAreNotImagesOrTooLarge() throws Exception {
        assertEquals("null input", refused(() -> ImageDecoder.decode(null, 100)));
        assertEquals("empty file (0 bytes)", refused(() -> ImageDecoder.decode(new byte[0], 100)));
        assertEquals(
                "unrecognised image format (first bytes 7468697320697320)",
                refused(() -> ImageDecoder.decode("this is not an image".getBytes(StandardCharsets.US_ASCII), 100)));
        assertEquals(
                "unrecognised image format (first bytes 0102)",
                refused(() -> ImageDecoder.decode(new byte[] {1, 2}, 100)));
        byte[] png = ImageFormatsTest.encode(ImageFormatsTest.quadrants(), "png");
        int w = ImageFormatsTest.W;
        int h = ImageFormatsTest.H;
        assertEquals(w, ImageDecoder.decode(png, w * h).width(), "exactly maxPixels is allowed");
        assertEquals(
                "image of " + w + "x" + h + " = " + w * h + " pixels exceeds maxPixels=" + (w * h - 1)
                        + " (possible decompression bomb)",
                refused(() -> ImageDecoder.decode(png, w * h - 1)));
        byte[] cat = Files.readAllBytes(Fixtures.image("JPEG", "RGB").file());
        String cut =
                refused(() -> ImageDecoder.decode(Arrays.copyOf(cat, cat.length / 3), ImageDecoder.DEFAULT_MAX_PIXELS));
        assertEquals("truncated JPEG: ", cut.substring(0, 16), cut);
        byte[] broken = cat.clone();
        Arrays.fill(broken, 200, broken.length, (byte) 0xFF);
        String corrupt = refused(() -> ImageDecoder.decode(broken, ImageDecoder.DEFAULT_MAX_PIXELS));
        assertTrue(corrupt.startsWith("corrupt JPEG: "), corrupt);
    }

    @Test
    void sparkImageRows() throws Exception {
        byte[] bgr = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(
                new byte[] {3, 2, 1, 6, 5, 4},
                ImageDecoder.fromSparkImage(1, 2, 3, bgr, 2).data());
        byte[] bgra = {1, 2, 3, 9, 4, 5, 6, 9};
        RgbImage two = ImageDecoder.fromSparkImage(2, 1, 4, bgra, 2);
        assertEquals(1, two.width());
        assertEquals(2, two.height());
        assertArrayEquals(new byte[] {3, 2, 1, 6, 5, 4}, two.data());
        assertArrayEquals(
                new byte[] {7, 7, 7, 8, 8, 8},
                ImageDecoder.fromSparkImage(1, 2, 1, new byte[] {7, 8}, 2).data());
        String couldNot = "Spark could not decode the file";
        assertEquals(
                "invalid image row (height=-1, width=0): " + couldNot,
                refused(() -> ImageDecoder.fromSparkImage(-1, 0, 3, new byte[0], 2)));
        assertEquals(
                "invalid image row (height=0, width=2): " + couldNot,
                refused(() -> ImageDecoder.fromSparkImage(0, 2, 3, new byte[0], 2)));
        assertEquals(
                "invalid image row (height=1, width=0): " + couldNot,
                refused(() -> ImageDecoder.fromSparkImage(1, 0, 3, new byte[0], 2)));
        assertEquals(
                "invalid image row (height=1, width=1): " + couldNot,
                refused(() -> ImageDecoder.fromSparkImage(1, 1, 3, null, 2)));
        assertEquals(
                "image of 2x1 pixels exceeds maxPixels=1", refused(() -> ImageDecoder.fromSparkImage(1, 2, 3, bgr, 1)));
        assertEquals(
                "image struct has nChannels=2; expected 1 (gray), 3 (BGR) or 4 (BGRA)",
                refused(() -> ImageDecoder.fromSparkImage(1, 2, 2, new byte[4], 2)));
        assertEquals(
                "image struct data has 5 bytes, expected height*width*nChannels = 6",
                refused(() -> ImageDecoder.fromSparkImage(1, 2, 3, new byte[5], 2)));
        assertEquals(
                "image struct data has 7 bytes, expected height*width*nChannels = 6",
                refused(() -> ImageDecoder.fromSparkImage(1, 2, 3, new byte[7], 2)));
    }

    @Test
    void rgbOfTheRasterKinds() {
        // 16-bit gray clips (Pillow's mode I), 16-bit RGB keeps the high byte, 8-bit gray replicates.
        BufferedImage gray16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setPixels(0, 0, 3, 1, new int[] {254, 255, 4000});
        assertArrayEquals(
                new byte[] {
                    (byte) 254,
                    (byte) 254,
                    (byte) 254,
                    (byte) 255,
                    (byte) 255,
                    (byte) 255,
                    (byte) 255,
                    (byte) 255,
                    (byte) 255
                },
                ImageDecoder.toRgb(gray16).data());
        BufferedImage gray8 = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray8.getRaster().setPixels(0, 0, 2, 1, new int[] {9, 200});
        assertArrayEquals(
                new byte[] {9, 9, 9, (byte) 200, (byte) 200, (byte) 200},
                ImageDecoder.toRgb(gray8).data());
        BufferedImage rgb = new BufferedImage(1, 2, BufferedImage.TYPE_3BYTE_BGR);
        rgb.getRaster().setPixels(0, 0, 1, 2, new int[] {1, 2, 3, 250, 251, 252});
        assertArrayEquals(
                new byte[] {1, 2, 3, (byte) 250, (byte) 251, (byte) 252},
                ImageDecoder.toRgb(rgb).data());
    }
}
