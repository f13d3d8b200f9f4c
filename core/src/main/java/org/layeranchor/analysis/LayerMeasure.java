package org.layeranchor.analysis;

import java.util.Arrays;

/**
 * One measure evaluated at every layer.
 *
 * <p>Names of measures that read target labels must start with {@value #ANALYSIS_ONLY_PREFIX}, so the
 * marking survives into every file column and JSON field derived from the name.
 *
 * @param name      identifier for files, e.g. {@code coral_distance}
 * @param title     human-readable name for plot titles and legends
 * @param units     what the value is measured in and how features were normalised first
 * @param labelUse  which labels the measure reads
 * @param better    whether lower or higher values mean "more similar across languages" / "better"
 * @param values    one value per layer (index = layer); NaN where it could not be computed
 */
public record LayerMeasure(String name, String title, String units, LabelUse labelUse, Better better,
                           double[] values) {
    public static final String ANALYSIS_ONLY_PREFIX = "analysis_only_";

    /** Direction of improvement. */
    public enum Better {
        LOWER, HIGHER
    }

    public LayerMeasure {
        if (labelUse.analysisOnly() && !name.startsWith(ANALYSIS_ONLY_PREFIX)) {
            throw new IllegalArgumentException("a measure that reads target labels must be named "
                    + ANALYSIS_ONLY_PREFIX + "...: " + name);
        }
        if (!labelUse.analysisOnly() && name.startsWith(ANALYSIS_ONLY_PREFIX)) {
            throw new IllegalArgumentException("only target-label measures carry the analysis-only prefix: " + name);
        }
        values = values.clone();
    }

    public int layers() {
        return values.length;
    }

    /** Title with the label use appended, e.g. "... (uses target labels - analysis only)". */
    public String markedTitle() {
        return title + " (" + labelUse.caption() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerMeasure m && name.equals(m.name) && title.equals(m.title) && units.equals(m.units)
                && labelUse == m.labelUse && better == m.better && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(values);
    }
}
