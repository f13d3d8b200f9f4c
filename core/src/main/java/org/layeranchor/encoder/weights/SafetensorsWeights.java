package org.layeranchor.encoder.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.layeranchor.io.Half;

/**
 * Weights from a Hugging Face checkpoint folder: {@code config.json} plus either one
 * {@code model.safetensors} or a sharded {@code model.safetensors.index.json} with its shard files.
 *
 * <p>The safetensors format is an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, offsets relative
 * to the end of the header), then the raw little-endian data. Every header is validated when the
 * folder is opened (offsets inside the file, byte counts equal to dtype width × shape), so a truncated
 * or corrupt download fails at once with the file named, not half-way through a corpus. Tensor data is
 * memory-mapped per tensor on {@link #load}, so opening a multi-gigabyte checkpoint reads only its
 * headers and the heap holds only the tensors asked for.
 *
 * <p>F32, F16 and BF16 tensors are converted to float32. Other dtypes (e.g. the I64
 * {@code position_ids} buffers older checkpoints carry) are listed and validated but fail on load.
 *
 * <p>Names are canonical: the first matching prefix of {@link #DEFAULT_PREFIXES} (or of the list given
 * to the constructor) is stripped, so {@code model.encoder.layers.0.fc1.weight} (WhisperModel,
 * WhisperForConditionalGeneration) and {@code encoder.layers.0.fc1.weight} both read as
 * {@code layers.0.fc1.weight}. {@link #load} also accepts the key as stored.
 *
 * <p>{@link #load}'s expected shape is checked exactly; with no expected shape the tensor is returned
 * as stored. Safe for concurrent {@code load} calls.
 */
public final class SafetensorsWeights implements WeightSource {
    /** Prefixes stripped by default, most specific first; keys matching none are kept as they are. */
    public static final List<String> DEFAULT_PREFIXES = List.of("model.encoder.", "encoder.", "model.");

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    public static final String CONFIG_FILE = "config.json";

    /** The format's own limit on header size (100 MB); larger values mean a corrupt length field. */
    private static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Tensors are mapped in pieces of at most this size, as one mapping cannot exceed 2 GiB. */
    private static final long MAP_CHUNK_BYTES = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path location;
    private final List<Shard> shards = new ArrayList<>();
    private final Map<String, Entry> byCanonicalName = new TreeMap<>();
    private final Map<String, Entry> byStoredKey = new LinkedHashMap<>();
    private final Map<String, Object> config;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Opens a checkpoint folder (or a single {@code .safetensors} file) with {@link #DEFAULT_PREFIXES}. */
    public SafetensorsWeights(Path location) throws IOException {
        this(location, DEFAULT_PREFIXES);
    }

    /**
     * Opens a checkpoint folder, or a single {@code .safetensors} file (then {@code config.json} is
     * looked for beside it).
     *
     * @param prefixes stripped from stored keys to make canonical names; the first that matches wins
     */
    public SafetensorsWeights(Path location, List<String> prefixes) throws IOException {
        this.location = location;
        Path folder;
        Layout layout;
        try {
            if (Files.isRegularFile(location)) {
                folder = location.toAbsolutePath().getParent();
                layout = new Layout(List.of(location), null, Map.of());
            } else if (Files.isDirectory(location)) {
                folder = location;
                layout = layoutOf(location);
            } else {
                throw new IOException(location + ": no such checkpoint folder or .safetensors file");
            }
            for (Path file : layout.files) {
                shards.add(openShard(file));
            }
            indexEntries(List.copyOf(prefixes));
            checkIndexAgreesWithShards(layout);
            config = WeightSources.readConfig(folder.resolve(CONFIG_FILE));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Tensor load(String name, long... expectedShape) throws IOException {
        Entry e = byCanonicalName.get(name);
        if (e == null) {
            e = byStoredKey.get(name);
        }
        if (e == null) {
            throw new IOException(description() + ": no tensor '" + name + "'"
                    + (expectedShape.length > 0 ? " (expected shape " + Arrays.toString(expectedShape) + ")" : "")
                    + "; it has " + byCanonicalName.size() + " tensors, e.g. " + examples());
        }
        String where = e.shard.file + ": tensor '" + name + "'"
                + (e.key.equals(name) ? "" : " (stored as '" + e.key + "')");
        if (expectedShape.length > 0 && !Arrays.equals(expectedShape, e.shape)) {
            throw new IOException(where + " has shape " + Arrays.toString(e.shape)
                    + ", expected " + Arrays.toString(expectedShape));
        }
        DType dtype = DType.of(e.dtype);
        if (dtype == null || !dtype.convertible) {
            throw new IOException(where + " has dtype " + e.dtype + "; only F32, F16 and BF16 load as float32");
        }
        long count = elementCount(e.shape);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException(where + " has " + count + " elements, more than one Java array holds");
        }
        float[] data = new float[(int) count];
        readInto(e, dtype, data);
        return new Tensor(e.canonical, e.shape.clone(), data);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(byCanonicalName.keySet());
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    /** The {@code __metadata__} maps of all files, merged (e.g. {@code format: pt}). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** The key a canonical name is stored under, e.g. {@code model.encoder.layers.0.fc1.weight}. */
    public String storedKey(String canonicalName) throws IOException {
        Entry e = byCanonicalName.get(canonicalName);
        if (e == null) {
            throw new IOException(description() + ": no tensor '" + canonicalName + "'");
        }
        return e.key;
    }

    @Override
    public String description() {
        return location.toString();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Shard s : shards) {
            try {
                s.channel.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The files to open; for a sharded checkpoint also the index and its tensor → shard map. */
    private record Layout(List<Path> files, Path index, Map<String, String> weightMap) {
    }

    /**
     * A sharded checkpoint's index ({@code model.safetensors.index.json}): tensor name → shard file,
     * in the file's order; a file that is not JSON or has no non-empty {@code weight_map} is refused,
     * naming it.
     */
    public static Map<String, String> weightMap(Path index) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new IOException(index + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new IOException(index + ": no \"weight_map\" object naming the shard of each tensor");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        map.fields().forEachRemaining(f -> weightMap.put(f.getKey(), f.getValue().asText()));
        return weightMap;
    }

    private static Layout layoutOf(Path folder) throws IOException {
        Path single = folder.resolve(SINGLE_FILE);
        Path index = folder.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            Map<String, String> weightMap = weightMap(index);
            Set<String> names = new LinkedHashSet<>(weightMap.values());
            List<Path> files = new ArrayList<>();
            for (String n : names) {
                Path p = folder.resolve(n).normalize();
                if (!p.startsWith(folder.normalize()) || !Files.isRegularFile(p)) {
                    throw new IOException(index + ": shard '" + n + "' is missing from " + folder);
                }
                files.add(p);
            }
            return new Layout(files, index, weightMap);
        }
        if (Files.isRegularFile(single)) {
            return new Layout(List.of(single), null, Map.of());
        }
        throw new IOException(folder + ": no " + SINGLE_FILE + " and no " + INDEX_FILE);
    }

    private Shard openShard(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 8) {
                throw new IOException(file + ": " + size + " bytes, too short for a safetensors file "
                        + "(truncated download?)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file, "header length");
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
                throw new IOException(file + ": header length " + headerLen
                        + " is not plausible; not a safetensors file, or corrupt");
            }
            if (8 + headerLen > size) {
                throw new IOException(file + ": header of " + headerLen + " bytes runs past the end of the "
                        + size + "-byte file (truncated download?)");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8, file, "header");
            String header = new String(headerBuf.array(), StandardCharsets.UTF_8);
            JsonNode root;
            try {
                root = JSON.readTree(header);
            } catch (IOException e) {
                throw new IOException(file + ": header is not valid JSON (" + e.getMessage() + ")", e);
            }
            if (root == null || !root.isObject()) {
                throw new IOException(file + ": header is not a JSON object");
            }
            Shard shard = new Shard(file, ch, 8 + headerLen, size - 8 - headerLen, new ArrayList<>());
            Iterator<Map.Entry<String, JsonNode>> it = root.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                } else {
                    shard.entries.add(parseEntry(shard, f.getKey(), f.getValue()));
                }
            }
            return shard;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static Entry parseEntry(Shard shard, String key, JsonNode node) throws IOException {
        String where = shard.file + ": tensor '" + key + "'";
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsetsNode = node.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual() || shapeNode == null || !shapeNode.isArray()
                || offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2) {
            throw new IOException(where + ": header entry needs dtype, shape and data_offsets [begin, end], got " + node);
        }
        DType dtype = DType.of(dtypeNode.asText());
        if (dtype == null) {
            throw new IOException(where + ": unknown dtype " + dtypeNode.asText());
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new IOException(where + ": bad shape " + shapeNode);
            }
            shape[i] = d.asLong();
        }
        long begin = offsetsNode.get(0).asLong(-1);
        long end = offsetsNode.get(1).asLong(-1);
        if (!offsetsNode.get(0).isIntegralNumber() || !offsetsNode.get(1).isIntegralNumber() || begin < 0 || end < begin) {
            throw new IOException(where + ": bad data_offsets " + offsetsNode);
        }
        if (end > shard.dataLength) {
            throw new IOException(where + ": data_offsets " + offsetsNode + " run past the end of the data ("
                    + shard.dataLength + " bytes after the header; truncated download?)");
        }
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(elementCount(shape), (long) dtype.width);
        } catch (ArithmeticException e) {
            throw new IOException(where + ": shape " + shapeNode + " is too large");
        }
        if (end - begin != expectedBytes) {
            throw new IOException(where + ": " + (end - begin) + " bytes of data, but " + dtype.name()
                    + " " + Arrays.toString(shape) + " needs " + expectedBytes);
        }
        return new Entry(key, dtype.name(), shape, begin, end, shard);
    }

    private void indexEntries(List<String> prefixes) throws IOException {
        for (Shard shard : shards) {
            for (Entry e : shard.entries) {
                Entry clash = byStoredKey.put(e.key, e);
                if (clash != null) {
                    throw new IOException(description() + ": tensor '" + e.key + "' appears in both "
                            + clash.shard.file + " and " + e.shard.file);
                }
            }
        }
        for (Entry e : byStoredKey.values()) {
            String canonical = e.key;
            for (String p : prefixes) {
                if (canonical.startsWith(p) && canonical.length() > p.length()) {
                    canonical = canonical.substring(p.length());
                    break;
                }
            }
            e.canonical = canonical;
            Entry clash = byCanonicalName.put(canonical, e);
            if (clash != null) {
                throw new IOException(description() + ": '" + clash.key + "' and '" + e.key
                        + "' both become '" + canonical + "' after stripping the prefixes " + prefixes
                        + "; open it with a prefix list that keeps them apart");
            }
        }
    }

    private void checkIndexAgreesWithShards(Layout layout) throws IOException {
        for (Map.Entry<String, String> w : layout.weightMap.entrySet()) {
            Entry e = byStoredKey.get(w.getKey());
            Path named = layout.index.getParent().resolve(w.getValue()).normalize();
            if (e == null || !e.shard.file.normalize().equals(named)) {
                throw new IOException(layout.index + ": says tensor '" + w.getKey() + "' is in " + w.getValue()
                        + ", but " + (e == null ? "no shard has it" : "it is in " + e.shard.file.getFileName()));
            }
        }
    }


    private static void readInto(Entry e, DType dtype, float[] data) throws IOException {
        long start = e.shard.dataStart + e.begin;
        long total = e.end - e.begin;
        long chunk = MAP_CHUNK_BYTES - MAP_CHUNK_BYTES % dtype.width;
        int next = 0;
        for (long done = 0; done < total; done += chunk) {
            long len = Math.min(chunk, total - done);
            MappedByteBuffer mapped = e.shard.channel.map(FileChannel.MapMode.READ_ONLY, start + done, len);
            ByteBuffer buf = mapped.order(ByteOrder.LITTLE_ENDIAN);
            int n = (int) (len / dtype.width);
            switch (dtype) {
                case F32 -> buf.asFloatBuffer().get(data, next, n);
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        data[next + i] = Half.toFloat(buf.getShort());
                    }
                }
                case BF16 -> {
                    // bfloat16 is the top half of a float32: shifting the bits back up is exact.
                    for (int i = 0; i < n; i++) {
                        data[next + i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                    }
                }
                default -> throw new IllegalStateException("not convertible: " + dtype);
            }
            next += n;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file, String what)
            throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException(file + ": file ends inside the " + what + " (truncated download?)");
            }
            pos += n;
        }
        buf.flip();
    }

    private static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private String examples() {
        List<String> some = new ArrayList<>();
        for (String n : byCanonicalName.keySet()) {
            if (some.size() == 5) {
                some.add("...");
                break;
            }
            some.add(n);
        }
        return String.join(", ", some);
    }

    /** Element types of the safetensors format, with their byte widths. */
    private enum DType {
        F32(4, true), F16(2, true), BF16(2, true),
        F64(8, false), I64(8, false), U64(8, false), I32(4, false), U32(4, false),
        I16(2, false), U16(2, false), I8(1, false), U8(1, false), BOOL(1, false),
        F8_E4M3(1, false), F8_E5M2(1, false);

        final int width;
        final boolean convertible;

        DType(int width, boolean convertible) {
            this.width = width;
            this.convertible = convertible;
        }

        static DType of(String name) {
            for (DType t : values()) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    private record Shard(Path file, FileChannel channel, long dataStart, long dataLength, List<Entry> entries) {
    }

    private static final class Entry {
        final String key;
        final String dtype;
        final long[] shape;
        final long begin;
        final long end;
        final Shard shard;
        String canonical;

        Entry(String key, String dtype, long[] shape, long begin, long end, Shard shard) {
            this.key = key;
            this.dtype = dtype;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
            this.shard = shard;
        }
    }
}
