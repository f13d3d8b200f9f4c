package org.layeranchor.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Audio → a canonical 16-bit PCM mono WAV file (44-byte header), e.g. as an HTTP request body. */
public final class WavEncoder {
    private WavEncoder() {
    }

    /** Samples are clipped to [-1, 1] and rounded to the nearest 16-bit value. */
    public static byte[] pcm16(Audio audio) {
        float[] x = audio.samples();
        int data = 2 * x.length;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + data).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(audio.sampleRate()).putInt(2 * audio.sampleRate()).putShort((short) 2).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(data);
        for (float v : x) {
            double c = Math.max(-1.0, Math.min(1.0, v));
            b.putShort((short) Math.round(c * 32767.0));
        }
        return b.array();
    }
}
