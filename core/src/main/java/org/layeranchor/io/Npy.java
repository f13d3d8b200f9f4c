package org.layeranchor.io;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy's {@code .npy} format (versions 1.0-3.0, little-endian, C order), so that
 * everything LayerAnchor stores loads with {@code numpy.load} and nothing else.
 *
 * <p>Reading converts float16, float32, float64 and integer arrays to float32. Writing produces
 * float32 ({@code <f4}) or float16 ({@code <f2}) arrays.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    /** numpy writes headers of a few hundred bytes (and reads at most 10,000 by default). */
    static final int MAX_HEADER_BYTES = 1 << 16;
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static NpyArray read(Path file) throws IOException {
        try {
            RegularFiles.require(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        // Read whole (entries are small), so that every declared length is checked against the bytes there are.
        return read(new java.io.ByteArrayInputStream(Files.readAllBytes(file)), file.toString());
    }

    /**
     * Reads one array; {@code name} appears in every error message. Every length the header declares
     * (its own length, the shape) is checked before anything is allocated from it; from an in-memory
     * stream, against the bytes that remain.
     */
    public static NpyArray read(InputStream raw, String name) throws IOException {
        long remaining = raw instanceof java.io.ByteArrayInputStream ? raw.available() : Long.MAX_VALUE;
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = new byte[6];
        readFully(in, magic, name, "magic string");
        for (int i = 0; i < 6; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new IOException(name + ": not a .npy file (bad magic string)");
            }
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLen;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        } else if (major == 2 || major == 3) {
            headerLen = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        } else {
            throw new IOException(name + ": unsupported .npy version " + major);
        }
        if (headerLen > MAX_HEADER_BYTES || headerLen > remaining) {
            throw new IOException(name + ": corrupt .npy header: it declares a header of " + headerLen + " bytes ("
                    + (headerLen > MAX_HEADER_BYTES ? "at most " + MAX_HEADER_BYTES + " are read" : "the file is shorter") + ")");
        }
        byte[] headerBytes = new byte[(int) headerLen];
        readFully(in, headerBytes, name, "header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        String descr = group(DESCR, header, name, "descr");
        if ("True".equals(group(FORTRAN, header, name, "fortran_order"))) {
            throw new IOException(name + ": Fortran-order arrays are not supported");
        }
        long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IOException(name + ": corrupt .npy header: negative dimension " + d + " in shape ("
                        + group(SHAPE, header, name, "shape") + ")");
            }
            count = d == 0 || count <= (Integer.MAX_VALUE - 8) / d ? count * d : Long.MAX_VALUE;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": array of shape " + Arrays.toString(shape) + " is too large (over 2^31 elements)");
        }
        int n = (int) count;
        int width = elementWidth(descr, name);
        long dataBytes = (long) n * width;
        long left = remaining - (major == 1 ? 10 : 12) - headerLen; // magic, version, length field, header
        if (dataBytes > left) {
            throw new IOException(name + ": file ends early: shape " + Arrays.toString(shape) + " of " + descr + " needs "
                    + dataBytes + " bytes of data, " + Math.max(0, left) + " remain");
        }
        byte[] bytes = new byte[(int) dataBytes];
        readFully(in, bytes, name, "data (expected " + n + " elements of " + descr + ")");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[n];
        switch (descr) {
            case "<f2" -> {
                for (int i = 0; i < n; i++) {
                    data[i] = Half.toFloat(buf.getShort());
                }
            }
            case "<f4" -> buf.asFloatBuffer().get(data);
            case "<f8" -> {
                for (int i = 0; i < n; i++) {
                    data[i] = (float) buf.getDouble();
                }
            }
            case "<i4" -> {
                for (int i = 0; i < n; i++) {
                    data[i] = buf.getInt();
                }
            }
            case "<i8" -> {
                for (int i = 0; i < n; i++) {
                    data[i] = buf.getLong();
                }
            }
            default -> throw new IOException(name + ": unsupported dtype " + descr);
        }
        return new NpyArray(shape, data, descr);
    }

    /** Writes float32 ({@code <f4}) data of the given shape. */
    public static void writeFloat32(Path file, float[] data, long... shape) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeFloat32(out, data, shape);
        }
    }

    public static void writeFloat32(OutputStream out, float[] data, long... shape) throws IOException {
        checkCount(data.length, shape);
        writeHeader(out, "<f4", shape);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** Writes float16 ({@code <f2}) data of the given shape (values rounded to nearest). */
    public static void writeFloat16(OutputStream out, float[] data, long... shape) throws IOException {
        checkCount(data.length, shape);
        writeHeader(out, "<f2", shape);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putShort(Half.fromFloat(v));
        }
        out.write(buf.array(), 0, buf.position());
    }

    private static void writeHeader(OutputStream out, String descr, long[] shape) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dims.append(shape.length == 1 ? "," : ", ");
            }
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        // Header (magic 6 + version 2 + length 2 + dict + newline) is padded to a multiple of 64 bytes.
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        int len = header.length();
        out.write(len & 0xff);
        out.write((len >> 8) & 0xff);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void checkCount(int length, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("data has " + length + " values but shape "
                    + Arrays.toString(shape) + " needs " + n);
        }
    }

    private static int elementWidth(String descr, String name) throws IOException {
        return switch (descr) {
            case "<f2" -> 2;
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw new IOException(name + ": unsupported dtype " + descr
                    + " (supported: <f2, <f4, <f8, <i4, <i8)");
        };
    }

    private static String group(Pattern p, String header, String name, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(name + ": .npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String s, String name) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                try {
                    dims.add(Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t));
                } catch (NumberFormatException e) {
                    throw new IOException(name + ": bad shape (" + s + ")");
                }
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static void readFully(DataInputStream in, byte[] b, String name, String what) throws IOException {
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException(name + ": file ends early while reading the " + what);
        }
    }
}
