package org.layeranchor.analysis;

/**
 * ANALYSIS ONLY — reads target labels. Cosine similarity between per-emotion centroids of the two
 * languages at one layer: entry [e][e'] compares source emotion e with target emotion e'.
 *
 * <p>Each language is first centred on the unweighted mean of its own class centroids. Without this
 * a language offset shared by all of a corpus's utterances would dominate every centroid and push
 * all cosines towards the same value; after it, the cosine compares the <em>direction</em> in which
 * each emotion moves away from its language's average. The unweighted mean keeps class imbalance
 * from tilting that average.
 */
public final class CentroidCosineSimilarity {
    private CentroidCosineSimilarity() {
    }

    /**
     * @return classes × classes cosines; a row (column) is NaN when that class has no source (target) rows
     */
    public static double[][] matrix(double[][] source, int[] sourceClass, double[][] target, int[] targetClass,
                                    int classes) {
        double[][] cs = languageCentredCentroids(source, sourceClass, classes);
        double[][] ct = languageCentredCentroids(target, targetClass, classes);
        double[][] cos = new double[classes][classes];
        for (int a = 0; a < classes; a++) {
            for (int b = 0; b < classes; b++) {
                cos[a][b] = cs[a] == null || ct[b] == null ? Double.NaN : cosine(cs[a], ct[b]);
            }
        }
        return cos;
    }

    /** Mean of the diagonal (same emotion in both languages) over the classes present on both sides. */
    public static double diagonalMean(double[][] cosines) {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < cosines.length; c++) {
            if (!Double.isNaN(cosines[c][c])) {
                sum += cosines[c][c];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Class centroids minus the mean of the centroids; null for a class without rows. */
    static double[][] languageCentredCentroids(double[][] x, int[] y, int classes) {
        int d = x[0].length;
        double[][] centroid = new double[classes][d];
        int[] count = new int[classes];
        for (int i = 0; i < x.length; i++) {
            count[y[i]]++;
            for (int j = 0; j < d; j++) {
                centroid[y[i]][j] += x[i][j];
            }
        }
        double[] grand = new double[d];
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) {
                centroid[c] = null;
                continue;
            }
            present++;
            for (int j = 0; j < d; j++) {
                centroid[c][j] /= count[c];
                grand[j] += centroid[c][j];
            }
        }
        for (double[] c : centroid) {
            if (c != null) {
                for (int j = 0; j < d; j++) {
                    c[j] -= grand[j] / present;
                }
            }
        }
        return centroid;
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int j = 0; j < a.length; j++) {
            ab += a[j] * b[j];
            aa += a[j] * a[j];
            bb += b[j] * b[j];
        }
        return aa == 0 || bb == 0 ? Double.NaN : ab / Math.sqrt(aa * bb);
    }
}
