# Eighteenth round (reference only): the directions that tell the languages apart, projected out (iterative nullspace
# projection, Ravfogel et al. 2020, with the domain as the attribute), aimed at the pairwise table. A linear classifier
# tells any two corpora apart at every layer even after standardisation and CORAL (the proxy A-distance saturates, see
# README), so the head may read directions that exist in one language only. At each of lam's three anchors, after
# CORAL: a logistic regression separates the aligned source rows from the target's unlabelled adapt rows (balanced, C
# as the emotion heads'); its normalised weight vector is projected out of both, and again K times; the emotion head is
# trained on the projected source and applied to the projected target rows. Reads no target label.
# Per-domain standardisation leaves both domains with zero mean, so a linear classifier has little to find: what it
# finds is mostly the shift of the four classes' rows within a source standardised over all its utterances (for URDU,
# all four-class, the weights stay zero and nothing is removed); the languages differ in second and higher moments.
#   inlp-K     up to K directions removed per anchor (fewer where the weights vanish)
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round18_inlp.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])

NORMS = []
def inlp(k, eps=3.0):
    def head(Xs, ys, U, Te):
        P, PU = 0, 0
        for l in top3(Xs, U):
            A, V, T = coral(Xs[:, l], U[:, l], eps), U[:, l].copy(), Te[:, l].copy()
            for _ in range(k):
                W, _ = fit_lr(np.vstack([A, V]), np.r_[np.zeros(len(A), int), np.ones(len(V), int)], 2, C=C_LR)
                w = W[:, 1] - W[:, 0]; norm = np.linalg.norm(w); NORMS.append(norm)
                if norm < 1e-6: break  # nothing linear tells the domains apart: their means are equal (see below)
                w /= norm
                A, V, T = A - np.outer(A @ w, w), V - np.outer(V @ w, w), T - np.outer(T @ w, w)
            Wc, b = fit_lr(A, ys, 4, C=C_LR)
            P = P + softmax(T @ Wc + b) / 3; PU = PU + softmax(V @ Wc + b) / 3
        return np.log(P), np.log(PU)
    return head

report('lam', lam)
for k in (1, 4):
    NORMS.clear(); report(f'inlp-{k}', inlp(k))
    print(f'  domain classifier weight norms: largest {max(NORMS):.2e}, median {np.median(NORMS):.2e}', flush=True)
