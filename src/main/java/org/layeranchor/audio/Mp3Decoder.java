package org.layeranchor.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.UnsupportedAudioFileException;
import javazoom.spi.mpeg.sampled.convert.MpegFormatConversionProvider;
import javazoom.spi.mpeg.sampled.file.MpegAudioFileReader;

/**
 * Decodes MPEG audio (MP3, and layers I/II) through mp3spi's javax.sound.sampled providers.
 *
 * <p>The providers are called directly rather than through {@code AudioSystem}, so that the JDK's own
 * readers never get to guess at the bytes, and so that the result does not depend on which service
 * providers happen to be on the class path.
 */
final class Mp3Decoder {
    private Mp3Decoder() {
    }

    static Audio decode(byte[] bytes, String source) throws AudioException {
        try (AudioInputStream coded = new MpegAudioFileReader().getAudioInputStream(new ByteArrayInputStream(bytes))) {
            AudioFormat in = coded.getFormat();
            int channels = in.getChannels();
            float rate = in.getSampleRate();
            if (channels <= 0 || rate <= 0) {
                throw new AudioException(source, AudioException.Kind.CORRUPT,
                        "corrupt MP3 header: " + channels + " channel(s) at " + rate + " Hz");
            }
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, channels * 2, rate, false);
            byte[] raw;
            try (AudioInputStream decoded = new MpegFormatConversionProvider().getAudioInputStream(pcm, coded)) {
                raw = decoded.readAllBytes();
            }
            ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            int frames = raw.length / (2 * channels);
            float[] mono = new float[frames];
            double scale = 1.0 / (32768.0 * channels);
            for (int i = 0, p = 0; i < frames; i++) {
                int sum = 0;
                for (int c = 0; c < channels; c++, p += 2) {
                    sum += buf.getShort(p);
                }
                mono[i] = (float) (sum * scale);
            }
            return new Audio(mono, Math.round(rate), source);
        } catch (UnsupportedAudioFileException e) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt MP3: no decodable MPEG audio frames", e);
        } catch (IOException | RuntimeException e) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt MP3 data (" + e.getMessage() + ")", e);
        }
    }
}
