package io.sparkformers.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkformers.runtime.InvalidInputException;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The byte-level structure the decoder reads before handing a file to ImageIO, on segments and chunks written here
 * after the JPEG (T.81) and PNG specifications: which JPEG markers state the component count and the Adobe
 * transform (and which do not: DHT, JPG, DAC, anything after the scan), and which PNG chunks have their CRC checked.
 */
class JpegAndPngStructureTest {
    static final byte[] SOI = {(byte) 0xFF, (byte) 0xD8};

    static byte[] segment(int marker, byte... body) {
        byte[] s = new byte[4 + body.length];
        s[0] = (byte) 0xFF;
        s[1] = (byte) marker;
        s[2] = (byte) ((body.length + 2) >> 8);
        s[3] = (byte) (body.length + 2);
        System.arraycopy(body, 0, s, 4, body.length);
        return s;
    }

    /** A frame header: precision 8, 1x1 pixels, {@code components} components. */
    static byte[] sof(int marker, int components) {
        byte[] body = new byte[6 + 3 * components];
        body[0] = 8;
        body[2] = 1;
        body[4] = 1;
        body[5] = (byte) components;
        return segment(marker, body);
    }

    static byte[] adobe(int transform) {
        byte[] body = Arrays.copyOf("Adobe".getBytes(StandardCharsets.US_ASCII), 12);
        body[11] = (byte) transform;
        return segment(0xEE, body);
    }

    static final byte[] SOS = segment(0xDA, new byte[] {1, 1, 0, 0, 63, 0});

    @Test
    void jpegMarkersStateComponentsAndTransform() {
        for (int marker : new int[] {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC7, 0xC9, 0xCB, 0xCD, 0xCF}) {
            CmykJpeg.Markers m = CmykJpeg.markers(FlacStreamsTest.concat(SOI, sof(marker, 4), SOS));
            assertEquals(4, m.components(), Integer.toHexString(marker));
            assertFalse(m.adobe());
        }
        // DHT (C4), JPG (C8) and DAC (CC) share the SOF range but are not frame headers.
        for (int marker : new int[] {0xC4, 0xC8, 0xCC}) {
            assertNull(CmykJpeg.markers(FlacStreamsTest.concat(SOI, sof(marker, 4), SOS)), Integer.toHexString(marker));
            assertEquals(
                    3,
                    CmykJpeg.markers(FlacStreamsTest.concat(SOI, sof(marker, 4), sof(0xC0, 3), SOS))
                            .components());
        }
        CmykJpeg.Markers ycck = CmykJpeg.markers(FlacStreamsTest.concat(SOI, adobe(2), sof(0xC0, 4), SOS));
        assertTrue(ycck.adobe());
        assertEquals(2, ycck.adobeTransform());
        assertTrue(ycck.ycck());
        CmykJpeg.Markers cmyk = CmykJpeg.markers(FlacStreamsTest.concat(SOI, sof(0xC2, 4), adobe(0), SOS));
        assertTrue(cmyk.adobe());
        assertFalse(cmyk.ycck(), "transform 0 under Adobe: plain CMYK");
        assertFalse(
                CmykJpeg.markers(FlacStreamsTest.concat(SOI, adobe(1), sof(0xC0, 3), SOS))
                        .ycck(),
                "three components");
        // Not Adobe: a short APP14, another name.
        assertFalse(CmykJpeg.markers(FlacStreamsTest.concat(SOI, segment(0xEE, "Adobe".getBytes()), sof(0xC0, 4), SOS))
                .adobe());
        assertFalse(CmykJpeg.markers(
                        FlacStreamsTest.concat(SOI, segment(0xEE, Arrays.copyOf("Adobf".getBytes(), 12)), sof(0xC0, 4)))
                .adobe());
        for (int i = 0; i < 5; i++) {
            byte[] name = Arrays.copyOf("Adobe".getBytes(), 12);
            name[i] ^= 0x20;
            assertFalse(
                    CmykJpeg.markers(FlacStreamsTest.concat(SOI, segment(0xEE, name), sof(0xC0, 4)))
                            .adobe(),
                    new String(name));
        }
        // Fill bytes before a marker are skipped; markers after the scan or the end are not read.
        byte[] fill = {(byte) 0xFF, (byte) 0xFF};
        assertEquals(
                4,
                CmykJpeg.markers(FlacStreamsTest.concat(SOI, fill, sof(0xC0, 4)))
                        .components());
        assertNull(CmykJpeg.markers(FlacStreamsTest.concat(SOI, SOS, sof(0xC0, 4))));
        assertNull(CmykJpeg.markers(FlacStreamsTest.concat(SOI, new byte[] {(byte) 0xFF, (byte) 0xD9}, sof(0xC0, 4))));
        // A byte that is not a marker where one must be: not a JPEG this reads.
        assertNull(CmykJpeg.markers(FlacStreamsTest.concat(SOI, new byte[] {0x12, 0x34}, sof(0xC0, 4))));
        // A frame header cut before its component count.
        assertNull(CmykJpeg.markers(Arrays.copyOf(FlacStreamsTest.concat(SOI, sof(0xC0, 4)), 11)));
        assertEquals(
                4,
                CmykJpeg.markers(Arrays.copyOf(FlacStreamsTest.concat(SOI, sof(0xC0, 4)), 12))
                        .components());
        assertNull(CmykJpeg.markers(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
        assertNull(CmykJpeg.markers(FlacStreamsTest.concat(new byte[] {(byte) 0xFF, (byte) 0xD9}, sof(0xC0, 4))));
        assertNull(CmykJpeg.markers(FlacStreamsTest.concat(new byte[] {(byte) 0xFE, (byte) 0xD8}, sof(0xC0, 4))));
        // Segments are skipped by their length: an APP0 whose body holds a fake frame header.
        byte[] app0 = segment(0xE0, sof(0xC0, 4));
        assertEquals(
                3,
                CmykJpeg.markers(FlacStreamsTest.concat(SOI, app0, sof(0xC0, 3)))
                        .components());
    }

    static byte[] chunk(String type, byte[] data, boolean goodCrc) {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length)
                .put(type.getBytes(StandardCharsets.US_ASCII))
                .put(data)
                .putInt((int) crc.getValue() ^ (goodCrc ? 0 : 1))
                .array();
    }

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void pngChunksBeforeTheImageDataAreChecked() {
        assertTrue(PngChunks.isPng(SIGNATURE));
        assertFalse(PngChunks.isPng(Arrays.copyOf(SIGNATURE, 7)));
        for (int i = 0; i < 8; i++) {
            byte[] s = SIGNATURE.clone();
            s[i] ^= 1;
            assertFalse(PngChunks.isPng(s), "byte " + i);
        }
        byte[] ihdr = new byte[13];
        // A bad CRC in the last chunk of the file, ending exactly at its end, is found.
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> PngChunks.verify(FlacStreamsTest.concat(SIGNATURE, chunk("IHDR", ihdr, false))));
        assertEquals("broken PNG file (bad checksum in its IHDR chunk)", e.getMessage());
        e = assertThrows(
                InvalidInputException.class,
                () -> PngChunks.verify(FlacStreamsTest.concat(
                        SIGNATURE, chunk("IHDR", ihdr, true), chunk("tEXt", new byte[0], false))));
        assertEquals("broken PNG file (bad checksum in its tEXt chunk)", e.getMessage());
        // Image data and what follows are not checked; a chunk cut by the end of the file is left to the reader.
        assertDoesNotThrow(() -> PngChunks.verify(FlacStreamsTest.concat(
                SIGNATURE,
                chunk("IHDR", ihdr, true),
                chunk("IDAT", new byte[3], false),
                chunk("IEND", new byte[0], false))));
        byte[] cut = FlacStreamsTest.concat(SIGNATURE, chunk("IHDR", ihdr, true), chunk("tEXt", new byte[20], false));
        assertDoesNotThrow(() -> PngChunks.verify(Arrays.copyOf(cut, cut.length - 1)));
        assertDoesNotThrow(() -> PngChunks.verify(Arrays.copyOf(cut, cut.length - 24)));
    }

    @Test
    void sixteenBitRgbKeepsTheHighByte() {
        ComponentColorModel model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixels(0, 0, 2, 1, new int[] {0x1234, 0xABFF, 0x00FF, 0xFF00, 0x0100, 0x7F80});
        BufferedImage img = new BufferedImage(model, raster, false, null);
        assertArrayEquals(
                new byte[] {0x12, (byte) 0xAB, 0x00, (byte) 0xFF, 0x01, 0x7F},
                ImageDecoder.toRgb(img).data());
    }
}
