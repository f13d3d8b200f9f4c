package org.layeranchor.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.UnsupportedAudioFileException;
import javazoom.spi.mpeg.sampled.convert.MpegFormatConversionProvider;
import javazoom.spi.mpeg.sampled.file.MpegAudioFileReader;

/**
 * Decodes MPEG audio (MP3, and layers I/II) through mp3spi's javax.sound.sampled providers.
 *
 * <p>An MP3 stream has no length field, so a cut-off file decodes without complaint; when the encoder
 * wrote a Xing/Info header (LAME always does) its frame count is compared with what was decoded.
 *
 * <p>The providers are called directly rather than through {@code AudioSystem}, so that the JDK's own
 * readers never get to guess at the bytes, and so that the result does not depend on which service
 * providers happen to be on the class path.
 */
final class Mp3Decoder {
    private Mp3Decoder() {
    }

    /** PCM bytes read from the decoder at a time: a few MPEG frames, whatever the stream's length. */
    private static final int CHUNK_BYTES = 1 << 16;

    static Audio decode(byte[] bytes, String source, AudioLimits limits, MonoOutput.Opener output) throws AudioException {
        try (AudioInputStream coded = new MpegAudioFileReader().getAudioInputStream(new ByteArrayInputStream(bytes))) {
            AudioFormat in = coded.getFormat();
            int channels = in.getChannels();
            float rate = in.getSampleRate();
            if (channels <= 0 || rate <= 0) {
                throw new AudioException(source, AudioException.Kind.CORRUPT,
                        "corrupt MP3 header: " + channels + " channel(s) at " + rate + " Hz");
            }
            int sampleRate = Math.round(rate);
            AudioLimits.requireSupportedRate(sampleRate, source, "MP3");
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, channels * 2, rate, false);
            // An MP3 has no length field and a small file can hold very many frames: decode in chunks
            // into a budgeted buffer rather than reading the whole decoded stream first.
            MonoOutput mono = output.open(sampleRate);
            try (AudioInputStream decoded = new MpegFormatConversionProvider().getAudioInputStream(pcm, coded)) {
                int frameBytes = 2 * channels;
                byte[] chunk = new byte[CHUNK_BYTES - CHUNK_BYTES % frameBytes];
                ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
                float[] block = new float[chunk.length / frameBytes];
                double scale = 1.0 / (32768.0 * channels);
                int filled;
                while ((filled = decoded.readNBytes(chunk, 0, chunk.length)) > 0) {
                    int frames = filled / frameBytes; // a trailing partial frame is dropped
                    for (int i = 0, p = 0; i < frames; i++) {
                        int sum = 0;
                        for (int c = 0; c < channels; c++, p += 2) {
                            sum += buf.getShort(p);
                        }
                        block[i] = (float) (sum * scale);
                    }
                    mono.append(block, frames);
                    if (filled < chunk.length) {
                        break;
                    }
                }
            }
            checkFrameCount(bytes, mono.length(), source);
            return mono.finish();
        } catch (UnsupportedAudioFileException e) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt MP3: no decodable MPEG audio frames", e);
        } catch (IOException | RuntimeException e) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt MP3 data (" + e.getMessage() + ")", e);
        }
    }

    /** Reports truncation when a Xing/Info header promises more MPEG frames than were decoded. */
    private static void checkFrameCount(byte[] b, long decodedSamples, String source) throws AudioException {
        int at = AudioContainer.id3v2Length(b);
        if (at + 4 > b.length) {
            return;
        }
        int b1 = b[at + 1] & 0xff;
        int b3 = b[at + 3] & 0xff;
        boolean mpeg1 = ((b1 >> 3) & 3) == 3;
        boolean layer3 = ((b1 >> 1) & 3) == 1;
        boolean mono = ((b3 >> 6) & 3) == 3;
        if (!layer3) {
            return;
        }
        // The tag sits right after the 4-byte header and the layer III side information.
        int sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int tag = at + 4 + sideInfo;
        if (tag + 12 > b.length) {
            return;
        }
        String id = new String(b, tag, 4, StandardCharsets.US_ASCII);
        boolean hasFrameCount = (b[tag + 7] & 1) != 0;
        if (!(id.equals("Xing") || id.equals("Info")) || !hasFrameCount) {
            return;
        }
        long promised = ByteBuffer.wrap(b, tag + 8, 4).getInt() & 0xffffffffL;
        int samplesPerFrame = mpeg1 ? 1152 : 576;
        // The decoder outputs the tag frame itself too (as silence), so a complete stream decodes to
        // promised + 1 frames; the one frame of slack keeps this check from depending on that habit.
        long decodedFrames = decodedSamples / samplesPerFrame;
        if (decodedFrames < promised) {
            throw new AudioException(source, AudioException.Kind.TRUNCATED, "truncated MP3: " + Math.max(0, decodedFrames - 1)
                    + " of the " + promised + " frames its Xing/Info header declares");
        }
    }
}
