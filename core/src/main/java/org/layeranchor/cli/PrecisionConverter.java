package org.layeranchor.cli;

import org.layeranchor.encoder.whisper.Precision;
import picocli.CommandLine;

/** {@code --precision fp32|int8}: the error names the values allowed. */
final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
        try {
            return Precision.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
