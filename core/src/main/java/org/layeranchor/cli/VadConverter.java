package org.layeranchor.cli;

import org.layeranchor.segmentation.SpeechDetectorKind;
import picocli.CommandLine;

/** {@code --vad energy|silero}: the error names the detectors allowed. */
final class VadConverter implements CommandLine.ITypeConverter<SpeechDetectorKind> {
    @Override
    public SpeechDetectorKind convert(String value) {
        try {
            return SpeechDetectorKind.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
