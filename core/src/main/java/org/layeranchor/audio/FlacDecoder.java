package org.layeranchor.audio;

import java.io.EOFException;
import java.io.IOException;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/**
 * Decodes FLAC with jflac's frame decoder, reading its integer output directly (no byte round trip
 * through javax.sound) and averaging channels to mono.
 *
 * <p>jflac does not fail on damaged input: a frame whose CRC-16 does not match is zero-filled and only
 * reported to frame listeners, a frame with a bad header is skipped, and input that ends early just
 * ends. Each would change the audio without a word, so the listener's errors, the bad-frame count and
 * the sample total from STREAMINFO are all checked here, and so is each frame header's sample rate
 * and size against STREAMINFO's. Metadata blocks are read by {@link FlacMetadata}, never by jflac.
 */
final class FlacDecoder {
    private FlacDecoder() {
    }

    static Audio decode(byte[] bytes, String source, AudioLimits limits, MonoOutput.Opener output) throws AudioException {
        try {
            return decodeOrThrow(bytes, source, limits, output);
        } catch (java.util.concurrent.CancellationException e) {
            throw e; // the thread was interrupted (Resampler): not a property of the file
        } catch (RuntimeException e) {
            // jflac reports some malformed input as index/array errors rather than IOExceptions.
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt FLAC data (" + e + ")", e);
        }
    }

    private static Audio decodeOrThrow(byte[] bytes, String source, AudioLimits limits, MonoOutput.Opener output)
            throws AudioException {
        // Metadata lengths are checked here, and jflac sees only STREAMINFO: see FlacMetadata.
        FLACDecoder decoder = new FLACDecoder(FlacMetadata.read(bytes, source).streamInfoAndFrames());
        DecoderErrors errors = new DecoderErrors();
        decoder.addFrameListener(errors);
        try {
            decoder.readMetadata();
        } catch (EOFException e) {
            throw new AudioException(source, AudioException.Kind.TRUNCATED, "truncated FLAC header (file ends in the metadata)");
        } catch (IOException e) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt FLAC header: " + e.getMessage(), e);
        }
        StreamInfo info = decoder.getStreamInfo();
        if (info == null) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt FLAC header: no STREAMINFO block");
        }
        int rate = info.getSampleRate();
        int bits = info.getBitsPerSample();
        if (rate <= 0) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt FLAC header: sample rate " + rate);
        }
        if (bits < 4 || bits > 24) {
            throw new AudioException(source, AudioException.Kind.UNSUPPORTED,
                    "unsupported FLAC encoding: " + bits + " bits per sample (supported: 4 to 24)");
        }
        AudioLimits.requireSupportedRate(rate, source, "FLAC");
        long total = info.getTotalSamples(); // 0 = unknown
        limits.requireDeclaredWithinBudget(total, rate, source, "FLAC");
        // Filled frame by frame: a header's total is a claim, and a claim must cost nothing.
        MonoOutput mono = output.open(rate);
        float[] block = new float[0];
        double fullScale = 1L << (bits - 1);
        while (total == 0 || mono.length() < total) {
            Frame frame;
            try {
                frame = decoder.readNextFrame();
            } catch (IOException e) {
                throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt FLAC frame: " + e.getMessage(), e);
            }
            if (frame == null) {
                break;
            }
            requireStreamInfoFormat(frame, rate, bits, mono.length(), source);
            int blockSize = frame.header.blockSize;
            int channels = frame.header.channels;
            ChannelData[] data = decoder.getChannelData();
            if (blockSize > block.length) {
                block = new float[blockSize];
            }
            double scale = 1.0 / (fullScale * channels);
            for (int i = 0; i < blockSize; i++) {
                long sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += data[c].getOutput()[i];
                }
                block[i] = (float) (sum * scale);
            }
            // A last frame that runs past the declared total is cut to it.
            mono.append(block, total > 0 ? (int) Math.min(blockSize, total - mono.length()) : blockSize);
        }
        long n = mono.length();
        // A frame cut off by the end of the file is reported by jflac as an error too: that is truncation.
        boolean endedEarly = total > 0 && n < total;
        boolean onlyCutOff = errors.count <= 1 && decoder.getBadFrames() == 0
                && (errors.first == null || errors.first.contains("EOF"));
        if (endedEarly && onlyCutOff) {
            throw new AudioException(source, AudioException.Kind.TRUNCATED,
                    "truncated FLAC: stream ends after " + n + " of the " + total + " samples its header declares");
        }
        if (decoder.getBadFrames() > 0 || errors.count > 0) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "corrupt FLAC data: "
                    + (decoder.getBadFrames() + errors.count) + " frame error(s)"
                    + (errors.first == null ? "" : ", first: " + errors.first));
        }
        if (endedEarly) {
            throw new AudioException(source, AudioException.Kind.TRUNCATED,
                    "truncated FLAC: stream ends after " + n + " of the " + total + " samples its header declares");
        }
        return mono.finish();
    }

    /**
     * Refuses a frame whose header states another sample rate or sample size than STREAMINFO: which
     * one is right cannot be told, and guessing either gives confident answers from wrong audio.
     */
    private static void requireStreamInfoFormat(Frame frame, int rate, int bits, long samplesBefore, String source)
            throws AudioException {
        String where = "the frame at sample " + samplesBefore;
        if (frame.header.sampleRate != rate) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "inconsistent FLAC headers: " + where
                    + " declares " + frame.header.sampleRate + " Hz, STREAMINFO declares " + rate + " Hz");
        }
        if (frame.header.bitsPerSample != bits) {
            throw new AudioException(source, AudioException.Kind.CORRUPT, "inconsistent FLAC headers: " + where
                    + " declares " + frame.header.bitsPerSample + " bits per sample, STREAMINFO declares " + bits);
        }
    }

    /** Collects the errors jflac only reports to listeners (CRC mismatches, lost sync). */
    private static final class DecoderErrors implements FrameListener {
        int count;
        String first;

        @Override
        public void processMetadata(Metadata metadata) {
        }

        @Override
        public void processFrame(Frame frame) {
        }

        @Override
        public void processError(String message) {
            count++;
            if (first == null) {
                first = message;
            }
        }
    }
}
