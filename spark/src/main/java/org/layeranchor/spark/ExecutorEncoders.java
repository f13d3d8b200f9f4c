package org.layeranchor.spark;

import java.util.HashMap;
import java.util.Map;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.SpeechEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One encoder per executor JVM, shared by the tasks that run there at once (ONNX Runtime sessions
 * are thread-safe). Building the Whisper graph takes seconds and hundreds of MB, so it is done once
 * per executor rather than once per task; the encoder lives as long as the executor. Each open is
 * logged (in the executor's log: "opened encoder ... in executor JVM PID"), which is how
 * SparkLocalClusterIT checks that separate executor JVMs open it once each.
 */
final class ExecutorEncoders {
    private static final Map<EncoderOpener, SpeechEncoder> OPEN = new HashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorEncoders.class);

    private ExecutorEncoders() {
    }

    /** The executor's encoder for {@code opener}, opened on first use; later tasks wait for the first open. */
    static synchronized SpeechEncoder get(EncoderOpener opener) throws EncoderException {
        SpeechEncoder encoder = OPEN.get(opener);
        if (encoder == null) {
            encoder = opener.open();
            OPEN.put(opener, encoder);
            LOG.info("opened encoder {} in executor JVM {}", encoder.info().identity(), ProcessHandle.current().pid());
        }
        return encoder;
    }
}
