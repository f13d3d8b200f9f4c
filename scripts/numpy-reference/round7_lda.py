# Seventh round (reference only): another head, aimed at the pairwise table. Shrinkage linear discriminant
# analysis (class means and one shared within-class covariance, shrunk towards its mean variance:
# S = (1 - a) S_w + a * tr(S_w)/d * I) on the CORAL-aligned source rows, instead of the L2-penalised logistic
# regression; the rest of the product's recipe unchanged (per-domain standardisation, top 3 anchors ranked on the
# means, probabilities averaged, one head per source). Priors equal (the product's class weighting).
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round7_lda.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])
def fit_lda(X, y, K, a):
    mu = np.stack([X[y == k].mean(0) for k in range(K)]); R = X - mu[y]
    S = R.T @ R / (len(X) - K); d = X.shape[1]; S = (1 - a) * S + a * np.trace(S) / d * np.eye(d)
    W = np.linalg.solve(S, mu.T); b = -0.5 * np.sum(mu.T * W, 0)
    return W, b
def lda_head(a):
    def head(Xs, ys, U, Te):
        P, PU = 0, 0
        for l in top3(Xs, U):
            W, b = fit_lda(coral(Xs[:, l], U[:, l], 3.0), ys, 4, a)
            P = P + softmax(Te[:, l] @ W + b) / 3; PU = PU + softmax(U[:, l] @ W + b) / 3
        return np.log(P), np.log(PU)
    return head
for name, h in [('lam (logistic)', lam)] + [(f'lda a={a}', lda_head(a)) for a in (0.3, 0.6, 0.9, 0.99)]:
    report(name, h)
