package org.layeranchor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.SharedData;

class NpyTest {
    @Test
    void halfToFloatMatchesTheDefinitionForEveryBitPattern() {
        for (int bits = 0; bits < 65536; bits++) {
            int sign = bits >>> 15;
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            float got = Half.toFloat((short) bits);
            if (exp == 31) {
                assertTrue(mant == 0 ? Float.isInfinite(got) : Float.isNaN(got), "bits " + bits);
                continue;
            }
            double expected = exp == 0 ? mant * Math.pow(2, -24) : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
            if (sign == 1) {
                expected = -expected;
            }
            assertEquals(expected, got, 0.0, "bits " + Integer.toHexString(bits));
            if (!Float.isNaN(got)) {
                // Every finite half survives the round trip exactly (signed zero included).
                assertEquals((short) bits, Half.fromFloat(got), "round trip " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void floatToHalfRoundsToNearestEven() {
        assertEquals(Half.toFloat(Half.fromFloat(1.0f)), 1.0f);
        // 1 + 2^-11 is exactly halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1.0).
        assertEquals(1.0f, Half.toFloat(Half.fromFloat(1f + 0x1p-11f)));
        // 1 + 3*2^-11 is halfway between 1+2^-10 (odd) and 1+2^-9 (even).
        assertEquals(1f + 0x1p-9f, Half.toFloat(Half.fromFloat(1f + 3 * 0x1p-11f)));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(Half.fromFloat(70000f)));
        assertEquals(65504f, Half.toFloat(Half.fromFloat(65504f)));
    }

    @Test
    void float32RoundTripThroughAFile(@TempDir Path dir) throws IOException {
        float[] data = {1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, 1e30f};
        Path f = dir.resolve("a.npy");
        Npy.writeFloat32(f, data, 2, 3);
        NpyArray a = Npy.read(f);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(data, a.data());
        assertEquals("<f4", a.dtype());
        // NumPy requires the header (incl. magic) to be a multiple of 64 bytes.
        byte[] bytes = Files.readAllBytes(f);
        int headerLen = (bytes[8] & 0xff) | ((bytes[9] & 0xff) << 8);
        assertEquals(0, (10 + headerLen) % 64);
        assertEquals('\n', bytes[10 + headerLen - 1]);
    }

    @Test
    void oneDimensionalShapeUsesATrailingComma() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeFloat16(out, new float[] {1, 2, 3}, 3);
        String header = out.toString(StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'shape': (3,)"), header);
        NpyArray a = Npy.read(new ByteArrayInputStream(out.toByteArray()), "mem");
        assertArrayEquals(new float[] {1, 2, 3}, a.data());
        assertEquals("<f2", a.dtype());
    }

    @Test
    void truncatedAndForeignFilesNameTheFile() {
        IOException e = assertThrows(IOException.class,
                () -> Npy.read(new ByteArrayInputStream("hello world".getBytes()), "x.npy"));
        assertTrue(e.getMessage().startsWith("x.npy: not a .npy file"), e.getMessage());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Npy.writeFloat32(out, new float[] {1, 2, 3, 4}, 4);
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
        byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() - 3);
        IOException e2 = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(cut), "cut.npy"));
        assertTrue(e2.getMessage().contains("cut.npy: file ends early"), e2.getMessage());
    }

    @Test
    void readsTheSharedFloat16Weights() throws IOException {
        NpyArray w = Npy.read(SharedData.whisperBase().resolve("conv1_weight_fp16.npy"));
        assertEquals("<f2", w.dtype());
        assertArrayEquals(new long[] {512, 80, 3}, w.shape());
        NpyArray ref = Npy.read(SharedData.whisperBase().resolve("reference/blocks_input.npy"));
        assertEquals("<f4", ref.dtype());
        assertArrayEquals(new long[] {512, 512}, ref.shape());
    }
}
