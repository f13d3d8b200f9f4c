package org.layeranchor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 25 row 9: .npy headers with odd values gave "error: -1", "error: -7" or "integer overflow".
 * Each is now one line naming the file and what is wrong, before anything is allocated from it.
 */
class NpyHeaderTest {
    /** A version-2 .npy whose header-length field says {@code declaredLength}, followed by {@code header}. */
    private static byte[] npy2(long declaredLength, String header, int dataBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) declaredLength).array());
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    private static String header(String shape) {
        return "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }\n";
    }

    private static String refused(byte[] bytes) {
        return assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(bytes), "e.npy")).getMessage();
    }

    @Test
    void aHeaderLengthOf0xFFFFFFFFIsRefusedNamingTheFile() {
        assertEquals("e.npy: corrupt .npy header: it declares a header of 4294967295 bytes (at most 65536 are read)",
                refused(npy2(0xFFFFFFFFL, header("2,"), 8)));
    }

    @Test
    void negativeAndOverflowingShapesAreRefused() {
        String h = header("-7, 2, -512");
        assertEquals("e.npy: corrupt .npy header: negative dimension -7 in shape (-7, 2, -512)",
                refused(npy2(h.length(), h, 16)));
        String huge = header("4294967296, 4294967296");
        assertEquals("e.npy: array of shape [4294967296, 4294967296] is too large (over 2^31 elements)",
                refused(npy2(huge.length(), huge, 16)));
    }

    @Test
    void aShapeLargerThanTheBytesThatRemainIsRefusedBeforeAllocating() throws IOException {
        String h = header("100000000,");
        assertEquals("e.npy: file ends early: shape [100000000] of <f4 needs 400000000 bytes of data, 8 remain",
                refused(npy2(h.length(), h, 8)));
        String ok = header("2,");
        assertEquals(2, Npy.read(new ByteArrayInputStream(npy2(ok.length(), ok, 8)), "ok.npy").data().length);
    }
}
