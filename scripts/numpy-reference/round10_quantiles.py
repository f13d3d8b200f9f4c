# Tenth round (reference only): per-domain quantile normalisation instead of per-domain standardisation, aimed at
# the pairwise table. Standardisation matches each dimension's mean and variance between domains; this matches each
# dimension's whole distribution: every value is replaced by its rank among the domain's own reference rows (the
# source's rows; the target's unlabelled adapt half, whose empirical distribution also maps the test half), turned
# into a standard-normal quantile (rank-gauss) or a unit-variance uniform (rank-uniform). Then the product's recipe
# as in round 5 (CORAL at the top 3 layers ranked on the means, logistic head per anchor). Reads no target label.
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round10_quantiles.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])

def normal_quantile(p):
    """Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9)."""
    a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
    c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    p = np.asarray(p, float); out = np.empty_like(p); lo = p < 0.02425; hi = p > 1 - 0.02425; mid = ~(lo | hi)
    q = np.sqrt(-2 * np.log(p[lo])); out[lo] = (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
    q = np.sqrt(-2 * np.log(1 - p[hi])); out[hi] = -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
    q = p[mid] - 0.5; r = q * q
    out[mid] = (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r+a[5])*q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r+1)
    return out
assert abs(normal_quantile(np.array([0.975]))[0] - 1.959963985) < 1e-8 and abs(normal_quantile(np.array([0.5]))[0]) < 1e-12

KIND = 'gauss'
def quantiles(X, ref):
    """Each value of X (N, L, d) as its mid-rank among ref's values of the same layer and dimension, in (0, 1)."""
    n = ref.shape[0]; R = np.sort(ref, axis=0); out = np.empty_like(X)
    for l in range(X.shape[1]):
        for j in range(X.shape[2]):
            col = R[:, l, j]; x = X[:, l, j]
            out[:, l, j] = (np.searchsorted(col, x, 'left') + np.searchsorted(col, x, 'right')) / 2
    p = (out + 0.5) / (n + 1)
    return normal_quantile(p) if KIND == 'gauss' else (p - 0.5) * np.sqrt(12)
def source(c):
    d = D[c]; i = d['y'] >= 0; Z = quantiles(d['X'], d['X']); return Z[i], d['y'][i]
def target(c):
    d = D[c]; U = d['split'] == 'adapt'; T = d['split'] == 'test'; yt = d['y'][T]; k = yt >= 0
    return quantiles(d['X'][U], d['X'][U]), quantiles(d['X'][T], d['X'][U])[k], yt[k]

for kind in ('gauss', 'uniform'):
    KIND = kind
    report(f'lam, rank-{kind}', lam)
