package org.layeranchor.audio;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.layeranchor.io.RegularFiles;

/**
 * The one way into LayerAnchor for audio: WAV, FLAC or MP3 bytes → mono float32 at
 * {@link Audio#TARGET_RATE}. The format comes from the leading bytes, never from the extension.
 *
 * <p>Every failure is an {@link AudioException} whose message starts with the file (or source) name.
 * Decoding stays within {@link AudioLimits}: the methods without a limits argument use
 * {@link AudioLimits#batch()}; a service passes its own per-request budget.
 */
public final class AudioReader {
    private AudioReader() {
    }

    /** Reads and decodes a file, averages its channels and resamples it to 16 kHz. */
    public static Audio read(Path file) throws AudioException {
        return read(file, AudioLimits.batch());
    }

    /** Like {@link #read(Path)}, within {@code limits}. */
    public static Audio read(Path file, AudioLimits limits) throws AudioException {
        return read(readBytes(file), file.toString(), limits);
    }

    /** Decodes an in-memory body (e.g. an HTTP upload); {@code sourceName} is used in messages. */
    public static Audio read(byte[] bytes, String sourceName) throws AudioException {
        return read(bytes, sourceName, AudioLimits.batch());
    }

    /**
     * Decodes an in-memory body within {@code limits}, e.g. a service's
     * {@code AudioLimits.ofSeconds(maxAudioSeconds)}: audio past the budget is an
     * {@link AudioException.Kind#TOO_LONG} error, found without decoding more than the budget.
     */
    public static Audio read(byte[] bytes, String sourceName, AudioLimits limits) throws AudioException {
        // Converted to 16 kHz as it is decoded: the audio is never held whole at its own rate (MonoOutput).
        return decode(bytes, sourceName, limits, MonoOutput.convertedTo(Audio.TARGET_RATE, limits, sourceName));
    }

    /** Like {@link #read(Path)} but keeps the file's own sample rate (for checks on the original signal). */
    public static Audio readNativeRate(Path file) throws AudioException {
        return decode(readBytes(file), file.toString());
    }

    /** Decodes to mono at the stream's own rate, rejecting empty and non-finite results. */
    public static Audio decode(byte[] bytes, String sourceName) throws AudioException {
        return decode(bytes, sourceName, AudioLimits.batch());
    }

    /** Like {@link #decode(byte[], String)}, within {@code limits}. */
    public static Audio decode(byte[] bytes, String sourceName, AudioLimits limits) throws AudioException {
        return decode(bytes, sourceName, limits, MonoOutput.atNativeRate(limits, sourceName));
    }

    /** Decodes into {@code output}, which also refuses NaN and infinite samples; refuses empty results. */
    private static Audio decode(byte[] bytes, String sourceName, AudioLimits limits, MonoOutput.Opener output)
            throws AudioException {
        Audio audio = switch (AudioContainer.detect(bytes, sourceName)) {
            case WAV -> WavDecoder.decode(bytes, sourceName, limits, output);
            case FLAC -> FlacDecoder.decode(bytes, sourceName, limits, output);
            case MP3 -> Mp3Decoder.decode(bytes, sourceName, limits, output);
        };
        if (audio.samples().length == 0) {
            throw new AudioException(sourceName, AudioException.Kind.NO_SAMPLES, "contains zero samples");
        }
        return audio;
    }

    private static byte[] readBytes(Path file) throws AudioException {
        try {
            // By type first: a FIFO would block the read for ever, a device never ends.
            RegularFiles.require(file);
            if (Files.size(file) > AudioLimits.MAX_ARRAY_LENGTH) {
                throw new AudioException(file.toString(), AudioException.Kind.UNSUPPORTED, String.format(
                        Locale.ROOT, "file of %,d bytes is too large (at most 2 GiB are read)", Files.size(file)));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AudioException(file.toString(), AudioException.Kind.UNREADABLE, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new AudioException(file.toString(), AudioException.Kind.UNREADABLE, "permission denied", e);
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().endsWith("not a regular file") ? e.getMessage()
                    : "cannot be read (" + e.getMessage() + ")";
            throw new AudioException(file.toString(), AudioException.Kind.UNREADABLE, why, e);
        } catch (OutOfMemoryError e) {
            throw new AudioException(file.toString(), AudioException.Kind.UNREADABLE, "too large to read into memory", e);
        }
    }
}
