package org.layeranchor.encoder.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.io.Half;

class SafetensorsWeightsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One tensor as the file stores it: key, dtype, shape and raw little-endian bytes. */
    record Stored(String key, String dtype, long[] shape, byte[] bytes) {
        static Stored f32(String key, long[] shape, float... v) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : v) {
                b.putFloat(x);
            }
            return new Stored(key, "F32", shape, b.array());
        }

        static Stored f16(String key, long[] shape, float... v) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : v) {
                b.putShort(Half.fromFloat(x));
            }
            return new Stored(key, "F16", shape, b.array());
        }

        /** bfloat16 by truncation; the test values are exactly representable, so no rounding is involved. */
        static Stored bf16(String key, long[] shape, float... v) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : v) {
                b.putShort((short) (Float.floatToRawIntBits(x) >>> 16));
            }
            return new Stored(key, "BF16", shape, b.array());
        }
    }

    /** Writes a safetensors file: header length, JSON header (space-padded to 8 bytes), data. */
    static byte[] safetensors(Map<String, String> metadata, Stored... tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null) {
            header.set("__metadata__", JSON.valueToTree(metadata));
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Stored t : tensors) {
            ObjectNode e = header.putObject(t.key);
            e.put("dtype", t.dtype);
            var shape = e.putArray("shape");
            for (long d : t.shape) {
                shape.add(d);
            }
            e.putArray("data_offsets").add(data.size()).add(data.size() + t.bytes.length);
            data.write(t.bytes);
        }
        return withHeader(JSON.writeValueAsString(header), data.toByteArray());
    }

    static byte[] withHeader(String json, byte[] data) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        b.put(data);
        return b.array();
    }

    private Path checkpoint(byte[] file) throws IOException {
        Files.write(dir.resolve("model.safetensors"), file);
        Files.writeString(dir.resolve("config.json"), "{\"d_model\": 512, \"encoder_layers\": 6, \"model_type\": \"whisper\"}");
        return dir;
    }

    private static Stored[] whisperLike() {
        return new Stored[]{
            Stored.f32("model.encoder.layers.0.self_attn.q_proj.weight", new long[]{2, 3}, 1f, -2f, 3.5f, 0f, 1e-3f, -7.25f),
            Stored.f16("model.encoder.conv1.bias", new long[]{4}, 0.5f, -1.25f, 3f, 65504f),
            Stored.bf16("model.encoder.layer_norm.weight", new long[]{2, 2}, 1f, -2.5f, 0.15625f, 3f),
            Stored.f32("model.decoder.layers.0.fc1.bias", new long[]{1}, 9f),
        };
    }

    @Test
    void convertsF32F16AndBf16ToFloatWithTheirShapes() throws IOException {
        try (SafetensorsWeights w = new SafetensorsWeights(checkpoint(safetensors(null, whisperLike())))) {
            Tensor q = w.load("layers.0.self_attn.q_proj.weight", 2, 3);
            assertArrayEquals(new long[]{2, 3}, q.shape());
            assertArrayEquals(new float[]{1f, -2f, 3.5f, 0f, 1e-3f, -7.25f}, q.data());
            assertEquals("layers.0.self_attn.q_proj.weight", q.name());

            Tensor bias = w.load("conv1.bias", 4);
            assertArrayEquals(new float[]{0.5f, -1.25f, 3f, 65504f}, bias.data());

            Tensor ln = w.load("layer_norm.weight", 2, 2);
            assertArrayEquals(new float[]{1f, -2.5f, 0.15625f, 3f}, ln.data());
        }
    }

    /**
     * A file written by the safetensors library itself (safetensors.torch.save_file with F32, BF16 and
     * F16 tensors and {"format": "pt"} metadata), so the reader is not only checked against this test's
     * own writer.
     */
    @Test
    void readsAFileWrittenByTheSafetensorsLibrary() throws Exception {
        Path file = Path.of(getClass().getResource("safetensors-library.safetensors").toURI());
        try (SafetensorsWeights w = new SafetensorsWeights(file)) {
            assertEquals(Set.of("conv1.bias", "layers.0.fc1.weight", "layer_norm.weight"), w.names());
            assertArrayEquals(new float[]{1f, -2f, 3.25f}, w.load("conv1.bias", 3).data());
            assertArrayEquals(new float[]{0.5f, -1.5f, 2f, 1024f}, w.load("layers.0.fc1.weight", 2, 2).data());
            assertArrayEquals(new float[]{1f, -0.375f}, w.load("layer_norm.weight", 2).data());
            assertEquals(Map.of("format", "pt"), w.metadata());
        }
    }

    @Test
    void bf16KeepsTheTopSixteenBitsOfFloat32() throws IOException {
        // Bit patterns written by hand, not by this test's own encoder: bfloat16 0x3f80 is 1.0 and
        // 0xc0a0 is -5.0, i.e. the 16 bits are the top half of the float32 bit pattern.
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x3f80).putShort((short) 0xc0a0); // 1.0 and -5.0 as bfloat16
        byte[] file = safetensors(null, new Stored("encoder.x", "BF16", new long[]{2}, b.array()));
        try (SafetensorsWeights w = new SafetensorsWeights(checkpoint(file))) {
            assertArrayEquals(new float[]{1f, -5f}, w.load("x").data());
        }
    }

    @Test
    void stripsModelPrefixesToCanonicalNames() throws IOException {
        byte[] file = safetensors(null,
                Stored.f32("model.encoder.layers.0.fc1.weight", new long[]{1}, 1f),
                Stored.f32("encoder.layers.1.fc1.weight", new long[]{1}, 2f),
                Stored.f32("model.decoder.embed_tokens.weight", new long[]{1}, 3f),
                Stored.f32("proj_out.weight", new long[]{1}, 4f));
        try (SafetensorsWeights w = new SafetensorsWeights(checkpoint(file))) {
            assertEquals(Set.of("layers.0.fc1.weight", "layers.1.fc1.weight", "decoder.embed_tokens.weight",
                    "proj_out.weight"), w.names());
            assertEquals(2f, w.load("layers.1.fc1.weight").data()[0]);
            // The key as stored still works, and the tensor comes back under its canonical name.
            Tensor t = w.load("model.encoder.layers.0.fc1.weight");
            assertEquals("layers.0.fc1.weight", t.name());
            assertEquals("model.encoder.layers.0.fc1.weight", w.storedKey("layers.0.fc1.weight"));
        }
    }

    @Test
    void prefixListIsConfigurable() throws IOException {
        byte[] file = safetensors(null,
                Stored.f32("wav2vec2.encoder.layers.0.attention.q_proj.weight", new long[]{1}, 1f),
                Stored.f32("lm_head.weight", new long[]{1}, 2f));
        try (SafetensorsWeights w = new SafetensorsWeights(checkpoint(file), List.of("wav2vec2.encoder.", "wav2vec2."))) {
            assertEquals(Set.of("layers.0.attention.q_proj.weight", "lm_head.weight"), w.names());
        }
    }

    @Test
    void prefixesThatMergeTwoKeysAreRejected() throws IOException {
        byte[] file = safetensors(null,
                Stored.f32("model.encoder.layer_norm.weight", new long[]{1}, 1f),
                Stored.f32("encoder.layer_norm.weight", new long[]{1}, 2f));
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(checkpoint(file)));
        assertTrue(e.getMessage().contains("both become 'layer_norm.weight'"), e.getMessage());
    }

    @Test
    void readsConfigAndMetadata() throws IOException {
        byte[] file = safetensors(Map.of("format", "pt"), whisperLike());
        try (SafetensorsWeights w = new SafetensorsWeights(checkpoint(file))) {
            assertEquals(512, w.config().get("d_model"));
            assertEquals("whisper", w.config().get("model_type"));
            assertEquals(Map.of("format", "pt"), w.metadata());
        }
    }

    @Test
    void configIsEmptyWithoutConfigJson() throws IOException {
        Path file = dir.resolve("weights.safetensors");
        Files.write(file, safetensors(null, whisperLike()));
        try (SafetensorsWeights w = new SafetensorsWeights(file)) {
            assertEquals(Map.of(), w.config());
            assertEquals(4, w.names().size());
        }
    }

    @Test
    void readsEveryShardOfAShardedCheckpoint() throws IOException {
        Files.write(dir.resolve("model-00001-of-00002.safetensors"), safetensors(null,
                Stored.f32("model.encoder.layers.0.fc1.weight", new long[]{2}, 1f, 2f)));
        Files.write(dir.resolve("model-00002-of-00002.safetensors"), safetensors(null,
                Stored.f16("model.encoder.layers.1.fc1.weight", new long[]{2}, 3f, 4f)));
        Files.writeString(dir.resolve("model.safetensors.index.json"), """
                {"metadata": {"total_size": 12}, "weight_map": {
                  "model.encoder.layers.0.fc1.weight": "model-00001-of-00002.safetensors",
                  "model.encoder.layers.1.fc1.weight": "model-00002-of-00002.safetensors"}}""");
        try (SafetensorsWeights w = new SafetensorsWeights(dir)) {
            assertEquals(Set.of("layers.0.fc1.weight", "layers.1.fc1.weight"), w.names());
            assertArrayEquals(new float[]{1f, 2f}, w.load("layers.0.fc1.weight", 2).data());
            assertArrayEquals(new float[]{3f, 4f}, w.load("layers.1.fc1.weight", 2).data());
        }
    }

    @Test
    void indexNamingAMissingShardFails() throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\"}}");
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(dir));
        assertTrue(e.getMessage().contains("model-00001-of-00002.safetensors' is missing"), e.getMessage());
    }

    @Test
    void indexThatDisagreesWithItsShardsFails() throws IOException {
        Files.write(dir.resolve("shard-a.safetensors"), safetensors(null, Stored.f32("a", new long[]{1}, 1f)));
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"a\": \"shard-a.safetensors\", \"b\": \"shard-a.safetensors\"}}");
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(dir));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("no shard has it"), e.getMessage());
    }

    @Test
    void missingTensorNamesFileTensorAndExpectedShape() throws IOException {
        try (SafetensorsWeights w = new SafetensorsWeights(checkpoint(safetensors(null, whisperLike())))) {
            IOException e = assertThrows(IOException.class, () -> w.load("layers.5.fc1.weight", 2048, 512));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("'layers.5.fc1.weight'"), e.getMessage());
            assertTrue(e.getMessage().contains("[2048, 512]"), e.getMessage());
        }
    }

    @Test
    void wrongShapeNamesFileTensorExpectedAndActual() throws IOException {
        try (SafetensorsWeights w = new SafetensorsWeights(checkpoint(safetensors(null, whisperLike())))) {
            IOException e = assertThrows(IOException.class, () -> w.load("layers.0.self_attn.q_proj.weight", 3, 2));
            String m = e.getMessage();
            assertTrue(m.contains("model.safetensors"), m);
            assertTrue(m.contains("'layers.0.self_attn.q_proj.weight'"), m);
            assertTrue(m.contains("has shape [2, 3], expected [3, 2]"), m);
        }
    }

    @Test
    void unsupportedDtypeFailsOnLoadButNotOnOpen() throws IOException {
        byte[] file = safetensors(null, Stored.f32("model.encoder.a", new long[]{1}, 1f),
                new Stored("model.encoder.position_ids", "I64", new long[]{2}, new byte[16]));
        try (SafetensorsWeights w = new SafetensorsWeights(checkpoint(file))) {
            assertEquals(1f, w.load("a", 1).data()[0]);
            IOException e = assertThrows(IOException.class, () -> w.load("position_ids"));
            assertTrue(e.getMessage().contains("dtype I64"), e.getMessage());
        }
    }

    @Test
    void truncatedDataIsReportedOnOpen() throws IOException {
        byte[] whole = safetensors(null, whisperLike());
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(checkpoint(cut)));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("run past the end of the data"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsReportedOnOpen() throws IOException {
        byte[] whole = safetensors(null, whisperLike());
        byte[] cut = Arrays.copyOf(whole, 40);
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(checkpoint(cut)));
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
    }

    @Test
    void fileShorterThanTheLengthFieldIsReported() throws IOException {
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(checkpoint(new byte[5])));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void implausibleHeaderLengthIsReported() throws IOException {
        byte[] notSafetensors = "PK\u0003\u0004 this is a zip, not safetensors".getBytes(StandardCharsets.ISO_8859_1);
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(checkpoint(notSafetensors)));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
    }

    @Test
    void headerThatIsNotJsonIsReported() throws IOException {
        byte[] file = withHeader("{\"a\": {\"dtype\": ", new byte[0]);
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(checkpoint(file)));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void byteCountThatDisagreesWithDtypeAndShapeIsReported() throws IOException {
        // Two F16 values need 4 bytes; the entry claims 8.
        byte[] file = withHeader("{\"encoder.a\": {\"dtype\": \"F16\", \"shape\": [2], \"data_offsets\": [0, 8]}}", new byte[8]);
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(checkpoint(file)));
        assertTrue(e.getMessage().contains("'encoder.a'") && e.getMessage().contains("8 bytes of data, but F16 [2] needs 4"),
                e.getMessage());
    }

    @Test
    void entryWithoutOffsetsOrWithUnknownDtypeIsReported() throws IOException {
        byte[] noOffsets = withHeader("{\"a\": {\"dtype\": \"F32\", \"shape\": [1]}}", new byte[4]);
        IOException e1 = assertThrows(IOException.class, () -> new SafetensorsWeights(checkpoint(noOffsets)));
        assertTrue(e1.getMessage().contains("data_offsets"), e1.getMessage());

        byte[] unknown = withHeader("{\"a\": {\"dtype\": \"Q4\", \"shape\": [1], \"data_offsets\": [0, 1]}}", new byte[1]);
        IOException e2 = assertThrows(IOException.class, () -> new SafetensorsWeights(checkpoint(unknown)));
        assertTrue(e2.getMessage().contains("unknown dtype Q4"), e2.getMessage());
    }

    @Test
    void folderWithoutCheckpointSaysWhatItLookedFor() {
        IOException e = assertThrows(IOException.class, () -> new SafetensorsWeights(dir));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("index.json"), e.getMessage());
    }

    @Test
    void concurrentLoadsReturnTheSameValues() throws Exception {
        try (SafetensorsWeights w = new SafetensorsWeights(checkpoint(safetensors(null, whisperLike())))) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    try {
                        for (int k = 0; k < 200; k++) {
                            assertArrayEquals(new float[]{0.5f, -1.25f, 3f, 65504f}, w.load("conv1.bias", 4).data());
                        }
                    } catch (Throwable ex) {
                        failures.add(ex);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(), failures);
        }
    }
}
