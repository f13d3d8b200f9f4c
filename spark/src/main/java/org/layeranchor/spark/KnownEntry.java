package org.layeranchor.spark;

import java.io.Serializable;

/**
 * What the index already records about an entry, so that an executor can write the index row of an
 * utterance whose entry is in the store without encoding it again (with the checksums recorded
 * when the entry was written).
 */
record KnownEntry(double durationS, int frames, boolean hasFrames, String pooledCrc32, String framesCrc32)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
