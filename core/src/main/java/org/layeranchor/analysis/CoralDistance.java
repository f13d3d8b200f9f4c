package org.layeranchor.analysis;

import org.layeranchor.numeric.Moments;

/**
 * The Deep CORAL distance (Sun &amp; Saenko 2016), the quantity the CORAL loss minimises at the anchors:
 * ‖C_s − C_t‖²_F / (4 d²), with C the unbiased feature covariance and d the dimension.
 */
public final class CoralDistance implements CrossLanguageDistance {
    public static final String NAME = "coral_distance";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "CORAL distance ||C_s - C_t||_F^2 / (4 d^2) (covariances of the two languages)";
    }

    @Override
    public double distance(double[][] source, double[][] target) {
        CrossLanguageDistance.checkSameDimension(source, target);
        return between(Moments.of(source).covariance(), Moments.of(target).covariance());
    }

    /** The distance between two given d × d covariance matrices. */
    public static double between(double[][] covarianceSource, double[][] covarianceTarget) {
        int d = covarianceSource.length;
        double sum = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double diff = covarianceSource[i][j] - covarianceTarget[i][j];
                sum += diff * diff;
            }
        }
        return sum / (4.0 * d * d);
    }
}
