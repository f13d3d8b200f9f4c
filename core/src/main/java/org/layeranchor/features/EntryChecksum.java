package org.layeranchor.features;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * The checksum kept in {@code index.csv} for each entry file: CRC-32 (the zlib/PNG polynomial) of
 * the whole {@code .npy} file, header included, as 8 lowercase hex digits. CRC-32 rather than
 * CRC-32C so that Python can check an entry with the standard library alone
 * ({@code format(zlib.crc32(open(f, 'rb').read()), '08x')}); any single flipped byte or burst up to
 * 32 bits changes it, which is what it is for (detecting damage, not tampering).
 */
public final class EntryChecksum {
    private EntryChecksum() {
    }

    public static String of(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return format(crc.getValue());
    }

    public static String of(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return format(crc.getValue());
    }

    static String format(long crc32) {
        return String.format("%08x", crc32);
    }

    /** Whether {@code s} is a checksum as written by {@link #of} (an empty one means "not recorded"). */
    static boolean isWellFormed(String s) {
        return s.matches("[0-9a-f]{8}");
    }
}
