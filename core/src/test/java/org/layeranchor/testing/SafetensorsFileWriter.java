package org.layeranchor.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes float32 tensors as a {@code model.safetensors} file, for tests that need a checkpoint. */
public final class SafetensorsFileWriter {
    private final Map<String, float[]> data = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    public SafetensorsFileWriter put(String name, float[] values, long... shape) {
        data.put(name, values);
        shapes.put(name, shape);
        return this;
    }

    public void write(Path file) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (String name : data.keySet()) {
            long len = data.get(name).length * 4L;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("dtype", "F32");
            e.put("shape", shapes.get(name));
            e.put("data_offsets", List.of(offset, offset + len));
            header.put(name, e);
            offset += len;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            for (float[] v : data.values()) {
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                out.write(b.array());
            }
        }
    }

    public static void writeConfig(Path file, Map<String, Object> config) throws IOException {
        Files.writeString(file, new ObjectMapper().writeValueAsString(config), StandardCharsets.UTF_8);
    }
}
