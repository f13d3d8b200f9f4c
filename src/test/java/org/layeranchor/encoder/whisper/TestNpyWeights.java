package org.layeranchor.encoder.whisper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.layeranchor.encoder.weights.Tensor;
import org.layeranchor.encoder.weights.WeightSource;
import org.layeranchor.npy.Npy;
import org.layeranchor.npy.NpyArray;

/** Minimal reader of the shared per-tensor .npy layout (temporary, until NpyFolderWeights lands). */
final class TestNpyWeights implements WeightSource {
    private final Path dir;

    TestNpyWeights(Path dir) {
        this.dir = dir;
    }

    @Override
    public Tensor load(String name, long... expectedShape) throws IOException {
        Path f = dir.resolve(name.replace('.', '_') + "_fp16.npy");
        NpyArray a = Npy.read(f);
        if (expectedShape.length > 0 && !Arrays.equals(a.shape(), expectedShape)) {
            throw new IOException(f + ": expected shape " + Arrays.toString(expectedShape) + ", found " + a.shapeString());
        }
        return new Tensor(name, a.shape(), a.data());
    }

    @Override
    public Set<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("layers_") && n.contains("fc1_weight"))
                    .map(n -> "layers." + n.split("_")[1] + ".fc1.weight").collect(Collectors.toSet());
        }
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    @Override
    public String description() {
        return dir.toString();
    }
}
