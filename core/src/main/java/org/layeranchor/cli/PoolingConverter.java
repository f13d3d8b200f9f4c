package org.layeranchor.cli;

import org.layeranchor.features.Pooling;
import picocli.CommandLine;

/** {@code --pooling whole|speech}, with {@link Pooling#parse}'s message on a bad value. */
final class PoolingConverter implements CommandLine.ITypeConverter<Pooling> {
    @Override
    public Pooling convert(String value) {
        try {
            return Pooling.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
