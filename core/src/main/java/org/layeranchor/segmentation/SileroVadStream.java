package org.layeranchor.segmentation;

import java.util.Arrays;

/**
 * Speech probabilities of one recording fed to the Silero network in pieces of any length, one per
 * {@link SileroVadModel#CHUNK}-sample chunk. The network is recurrent: what it says about a chunk
 * depends on the chunks before it, so the state it returns and the last {@link SileroVadModel#CONTEXT}
 * samples are carried from chunk to chunk (and from piece to piece), and a recording gives the same
 * probabilities whether it arrives whole or in pieces. One stream per recording; not thread-safe.
 */
final class SileroVadStream {
    private final SileroVadModel model;
    private final float[] state = new float[SileroVadModel.STATE_SIZE];
    /** The context then the chunk being filled: the window handed to the model. */
    private final float[] window = new float[SileroVadModel.CONTEXT + SileroVadModel.CHUNK];
    private int filled;

    SileroVadStream(SileroVadModel model) {
        this.model = model;
    }

    /** Takes samples; returns the probabilities of the chunks they completed (none while a chunk is partial). */
    float[] accept(float[] samples) {
        float[] out = new float[(filled + samples.length) / SileroVadModel.CHUNK];
        int n = 0;
        for (float s : samples) {
            window[SileroVadModel.CONTEXT + filled++] = s;
            if (filled == SileroVadModel.CHUNK) {
                out[n++] = step();
            }
        }
        return out;
    }

    /** The probability of the last, partial chunk padded with zeros (as silero-vad pads it), if there is one. */
    float[] finish() {
        if (filled == 0) {
            return new float[0];
        }
        Arrays.fill(window, SileroVadModel.CONTEXT + filled, window.length, 0f);
        filled = SileroVadModel.CHUNK;
        return new float[] {step()};
    }

    private float step() {
        float p = model.step(window, state);
        // The end of this chunk is the next one's context.
        System.arraycopy(window, SileroVadModel.CHUNK, window, 0, SileroVadModel.CONTEXT);
        filled = 0;
        return p;
    }
}
