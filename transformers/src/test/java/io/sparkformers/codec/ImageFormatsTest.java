package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lossless formats decode to their exact pixels, converted to RGB the way Pillow converts them. */
class ImageFormatsTest {
    static final int W = 7;
    static final int H = 5;

    /** Four quadrant colours, so orientation and channel order are visible. */
    static BufferedImage quadrants() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int rgb = y < 2 ? (x < 3 ? 0xFF0000 : 0x00FF00) : (x < 3 ? 0x0000FF : 0xFFFF00);
                img.setRGB(x, y, rgb + x * 3 + y);
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    static int rgbAt(RgbImage img, int x, int y) {
        return (img.get(x, y, 0) << 16) | (img.get(x, y, 1) << 8) | img.get(x, y, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tiff"})
    void losslessRgbFormats(String format) throws Exception {
        BufferedImage src = quadrants();
        RgbImage got = ImageDecoder.decode(encode(src, format), 1000);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(src.getRGB(x, y) & 0xFFFFFF, rgbAt(got, x, y), format + " pixel " + x + "," + y);
            }
        }
    }

    @Test
    void gifUsesItsPalette() throws Exception {
        byte[] r = {0, (byte) 200, 10};
        byte[] g = {0, 100, (byte) 250};
        byte[] b = {0, 50, 30};
        BufferedImage src =
                new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 3, r, g, b));
        WritableRaster ras = src.getRaster();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                ras.setSample(x, y, 0, (x + y) % 3);
            }
        }
        RgbImage got = ImageDecoder.decode(encode(src, "gif"), 1000);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = (x + y) % 3;
                assertEquals(((r[i] & 0xFF) << 16) | ((g[i] & 0xFF) << 8) | (b[i] & 0xFF), rgbAt(got, x, y));
            }
        }
    }

    @Test
    void sixteenBitPngsConvertLikePillow() throws Exception {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 200);
        gray.getRaster().setSample(1, 0, 0, 40000);
        RgbImage g = ImageDecoder.decode(encode(gray, "png"), 1000);
        // Pillow opens 16-bit gray as mode I; convert("RGB") clips to 255 rather than rescaling.
        assertArrayEquals(
                new byte[] {(byte) 200, (byte) 200, (byte) 200, (byte) 255, (byte) 255, (byte) 255}, g.data());
    }

    @Test
    void alphaIsDroppedNotComposited() throws Exception {
        BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x00123456); // fully transparent, colour kept
        assertArrayEquals(
                new byte[] {0x12, 0x34, 0x56},
                ImageDecoder.decode(encode(rgba, "png"), 1000).data());
    }

    /** A PNG with an eXIf chunk (before IDAT) holding only the orientation tag. */
    static byte[] withExifOrientation(byte[] png, int orientation) throws Exception {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        tiff.putInt(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33); // signature + IHDR
        DataOutputStream d = new DataOutputStream(out);
        byte[] body = new byte[4 + tiff.capacity()];
        System.arraycopy("eXIf".getBytes(), 0, body, 0, 4);
        System.arraycopy(tiff.array(), 0, body, 4, tiff.capacity());
        d.writeInt(tiff.capacity());
        d.write(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        d.writeInt((int) crc.getValue());
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void exifOrientationShowsThePictureUpright(int orientation) throws Exception {
        BufferedImage src = quadrants();
        RgbImage got = ImageDecoder.decode(withExifOrientation(encode(src, "png"), orientation), 1000);
        boolean swapped = orientation >= 5;
        assertEquals(swapped ? H : W, got.width());
        assertEquals(swapped ? W : H, got.height());
        // Where the stored top-left pixel is shown, per the EXIF specification.
        int w = got.width() - 1;
        int h = got.height() - 1;
        int[][] corner = {null, {0, 0}, {w, 0}, {w, h}, {0, h}, {0, 0}, {w, 0}, {w, h}, {0, h}};
        assertEquals(
                src.getRGB(0, 0) & 0xFFFFFF,
                rgbAt(got, corner[orientation][0], corner[orientation][1]),
                "orientation " + orientation);
        // And where the stored top-right pixel goes.
        int[][] topRight = {null, {w, 0}, {0, 0}, {0, h}, {w, h}, {0, h}, {w, h}, {w, 0}, {0, 0}};
        assertEquals(
                src.getRGB(W - 1, 0) & 0xFFFFFF,
                rgbAt(got, topRight[orientation][0], topRight[orientation][1]),
                "orientation " + orientation);
    }

    @Test
    void losslessWebp() throws Exception {
        // quadrants.webp: cwebp -lossless -exact of quadrants.png (the quadrants() picture).
        byte[] webp = getClass().getResourceAsStream("/images/quadrants.webp").readAllBytes();
        RgbImage got = ImageDecoder.decode(webp, 1000);
        BufferedImage src = quadrants();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(src.getRGB(x, y) & 0xFFFFFF, rgbAt(got, x, y), "webp pixel " + x + "," + y);
            }
        }
    }
}
