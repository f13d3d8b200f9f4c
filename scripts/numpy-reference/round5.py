# Fifth round of levers for anchoring (docs/BENCHMARK.md "Tried and not kept"), aimed at the pairwise table,
# on the speech-pooled faithful store. Each is scored like the product's defaults: per-domain standardisation,
# CORAL at the top 3 layers of the CORAL ranking on the means, one head per source with several sources,
# inductive (the target's adapt half unlabelled, its test half scored). Printed: mean UAR % over the 12
# pairwise directions, the 4 leave-one-language-out directions, and the 12 held-out-source directions.
#   lam        the reference recipe
#   ens-ws     lam's probabilities averaged with a weighted sum's (every layer's head, no CORAL)
#   hyper      lam averaged over CORAL eps {1, 3, 10} x C {C/3, C, 3C} (nine heads per anchor)
#   geo        the anchors' heads combined by their mean log-probability instead of their mean probability
#   balance    class biases moved until the unlabelled adapt half's predicted shares are equal (no labels read)
#   whiten     source and target each whitened by their own covariance (no colouring into the target's)
#   soft7      every layer, weighted by softmax(-distance / spread of the distances), not the top 3 alike
#   sa64/sa128 subspace alignment (source PCA basis mapped onto the target's) at 64 / 128 dimensions
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 ONLY=lam,balance python3 scripts/numpy-reference/round5.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'speakers_lib.py')).read())
from lib import psd_pow
C_LR = float(os.environ.get('C', '0.01'))
ONLY = os.environ.get('ONLY', '')

def source(c):
    d = D[c]; i = d['y'] >= 0; Z = dom_std(d['X'], dstats(d['X'])); return Z[i], d['y'][i]
def target(c):
    d = D[c]; U = d['split'] == 'adapt'; T = d['split'] == 'test'; dom = dstats(d['X'][U]); yt = d['y'][T]; k = yt >= 0
    return dom_std(d['X'][U], dom), dom_std(d['X'][T], dom)[k], yt[k]
def dists(Xs, U): return np.array([coral_dist(Xs[:, l], U[:, l]) for l in range(7)])
def top3(Xs, U): return np.argsort(dists(Xs, U))[:3]
def logp(Z): Z = Z - Z.max(1, keepdims=True); return Z - np.log(np.exp(Z).sum(1, keepdims=True))

# Each head returns (log-scores on the test rows, log-scores on the adapt rows), combined over sources by summing probabilities.
def lam(Xs, ys, U, Te, eps=3.0, C=None, layers=None, weights=None, combine='mean'):
    C = C_LR if C is None else C; layers = top3(Xs, U) if layers is None else layers
    weights = np.ones(len(layers)) / len(layers) if weights is None else weights
    P, PU = 0, 0
    for w, l in zip(weights, layers):
        W, b = fit_lr(coral(Xs[:, l], U[:, l], eps), ys, 4, C=C)
        if combine == 'geo': P = P + w * logp(Te[:, l] @ W + b); PU = PU + w * logp(U[:, l] @ W + b)
        else: P = P + w * softmax(Te[:, l] @ W + b); PU = PU + w * softmax(U[:, l] @ W + b)
    return (P, PU) if combine == 'geo' else (np.log(P), np.log(PU))
def wsum(Xs, ys, U, Te):
    P, PU = 0, 0
    for l in range(7):
        W, b = fit_lr(Xs[:, l], ys, 4, C=C_LR); P = P + softmax(Te[:, l] @ W + b) / 7; PU = PU + softmax(U[:, l] @ W + b) / 7
    return np.log(P), np.log(PU)
def averaged(first, second):
    """The head whose probabilities are the mean of two heads' (on the test rows and on the adapt rows)."""
    def head(Xs, ys, U, Te):
        a, au = first(Xs, ys, U, Te); b, bu = second(Xs, ys, U, Te)
        return np.log((np.exp(a) + np.exp(b)) / 2), np.log((np.exp(au) + np.exp(bu)) / 2)
    return head
def ens_ws(Xs, ys, U, Te): return averaged(lam, wsum)(Xs, ys, U, Te)
def hyper(Xs, ys, U, Te):
    L = top3(Xs, U); P, PU = 0, 0
    for eps in (1.0, 3.0, 10.0):
        for c in (C_LR / 3, C_LR, C_LR * 3):
            a, au = lam(Xs, ys, U, Te, eps=eps, C=c, layers=L); P = P + np.exp(a) / 9; PU = PU + np.exp(au) / 9
    return np.log(P), np.log(PU)
def geo(Xs, ys, U, Te): return lam(Xs, ys, U, Te, combine='geo')
def balancing_bias(SU, iters=200):
    """Class biases b such that softmax(SU + b) gives equal mean shares on the unlabelled adapt rows."""
    b = np.zeros(4)
    for _ in range(iters):
        share = softmax(SU + b).mean(0); b -= 0.5 * np.log(share / 0.25)
    return b
def balance(Xs, ys, U, Te):
    S, SU = lam(Xs, ys, U, Te); b = balancing_bias(SU)
    return S + b, SU + b
def whiten(Xs, ys, U, Te, eps=3.0):
    P, PU = 0, 0
    for l in top3(Xs, U):
        d = Xs.shape[2]
        Ws = psd_pow(np.cov(Xs[:, l], rowvar=False) + eps * np.eye(d), -0.5)
        Wt = psd_pow(np.cov(U[:, l], rowvar=False) + eps * np.eye(d), -0.5)
        W, b = fit_lr(Xs[:, l] @ Ws, ys, 4, C=C_LR)
        P = P + softmax(Te[:, l] @ Wt @ W + b) / 3; PU = PU + softmax(U[:, l] @ Wt @ W + b) / 3
    return np.log(P), np.log(PU)
def soft7(Xs, ys, U, Te):
    dd = dists(Xs, U); w = np.exp(-(dd - dd.min()) / dd.std()); w = w / w.sum()
    return lam(Xs, ys, U, Te, layers=np.arange(7), weights=w)
def sa(k):
    def head(Xs, ys, U, Te):
        P, PU = 0, 0
        for l in top3(Xs, U):
            def basis(X): X = X - X.mean(0); return np.linalg.svd(X, full_matrices=False)[2][:k].T
            Ps, Pt = basis(Xs[:, l]), basis(U[:, l])
            W, b = fit_lr(Xs[:, l] @ Ps @ (Ps.T @ Pt), ys, 4, C=C_LR)
            P = P + softmax(Te[:, l] @ Pt @ W + b) / 3; PU = PU + softmax(U[:, l] @ Pt @ W + b) / 3
        return np.log(P), np.log(PU)
    return head

pairwise = [([s], t) for s in CORP for t in CORP if s != t]
lolo = [([c for c in CORP if c != t], t) for t in CORP]
held_out_source = [([a for a in CORP if a not in (t, h)], h) for t in CORP for h in CORP if h != t]
def one(head):
    def score(srcs, t):
        U, Te, yt = target(t); P = 0
        for s in srcs:
            Xs, ys = source(s); S, _ = head(Xs, ys, U, Te); P = P + np.exp(S)
        return uar(yt, P.argmax(1))
    return score
def report_score(name, f, held_out=True):
    """Prints f(sources, target)'s mean UAR over the pairwise, leave-one-language-out and (unless held_out is False)
    held-out-source directions; the later rounds pass their own scoring here."""
    p = [f(*d) for d in pairwise]; l = [f(*d) for d in lolo]; o = [f(*d) for d in held_out_source] if held_out else []
    print(f'{name:24s} C {C_LR}  pairwise {np.mean(p)*100:.1f} [' + ' '.join(f'{x*100:.0f}' for x in p)
          + f']  leave one language out {np.mean(l)*100:.1f} [' + ' '.join(f'{x*100:.0f}' for x in l) + ']'
          + (f'  held-out sources {np.mean(o)*100:.1f}' if held_out else ''), flush=True)
def report(name, head): report_score(name, one(head))
# --- the runs --- (the other rounds exec everything above this line)
runs = {'lam': lam, 'ens-ws': ens_ws, 'hyper': hyper, 'geo': geo, 'balance': balance, 'whiten': whiten,
        'soft7': soft7, 'sa64': sa(64), 'sa128': sa(128)}
for k, h in runs.items():
    if not ONLY or k in ONLY.split(','): report(k, h)
