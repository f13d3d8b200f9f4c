package org.layeranchor.analysis;

/**
 * Which labels a measure reads. Only {@link #NONE} measures may guide anchor selection in the
 * unsupervised setting; measures that read target labels are analysis only, and every output that
 * shows them says so.
 */
public enum LabelUse {
    /** Reads no labels at all: usable for anchor selection. */
    NONE("none", "label-free"),
    /** Reads the labelled source language only: legitimate in the unsupervised setting, but not label-free. */
    SOURCE_LABELS("source", "uses source labels"),
    /** Reads target-language labels: ANALYSIS ONLY, never for selection. */
    TARGET_LABELS("target", "uses target labels - analysis only");

    private final String code;
    private final String caption;

    LabelUse(String code, String caption) {
        this.code = code;
        this.caption = caption;
    }

    /** Short value for file columns: none, source, target. */
    public String code() {
        return code;
    }

    /** Phrase for titles and legends. */
    public String caption() {
        return caption;
    }

    public boolean labelFree() {
        return this == NONE;
    }

    public boolean analysisOnly() {
        return this == TARGET_LABELS;
    }
}
