# Three more levers for anchoring, tried with the independent reference (docs/BENCHMARK.md "Tried and not
# kept (several sources)", third round). Each is scored like the product's defaults: per-domain
# standardisation, CORAL at the top 3 layers of the per-source CORAL ranking, one head per source with
# several sources. Printed: mean UAR % over the 12 pairwise directions (inductive), the 4
# leave-one-language-out directions, and per leave-one-language-out target the mean over its three
# held-out-source directions (two sources -> the third), the label-free selection's view.
#   nap K       speaker directions projected out before anchoring (nuisance attribute projection):
#               the top K principal directions of the speakers' means, sources class-centred with their
#               own labels, the target's adapt speakers added unless the target's speakers carry one
#               emotion each (Urdu, stood in for the label-free test here)
#   ncm         a nearest-class-mean head (cosine) instead of logistic regression
#   kmeans      the class means refined by spherical k-means on the target's unlabelled adapt half
#   views       faithful and fast-mode states together (needs FAST=<fast-mode store directory>):
#               each view its own top 3 anchors, averaged; or the 14 layers ranked together
#   PYTHONPATH=scripts/numpy-reference STORE=store [FAST=...] python3 scripts/numpy-reference/several_sources_round3.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'speakers_lib.py')).read())

FAST = os.environ.get('FAST')
if FAST:
    FAST = glob.glob(FAST + '/whisper-*mode-fast*')[0]
    fast_rows = {r['path']: r for r in csv.DictReader(open(FAST + '/index.csv'))}
    for c in CORP:
        rr = [r for r in rows if r['corpus'] == c]
        Xf = np.stack([np.load(FAST + '/' + fast_rows[r['path']]['pooled_file'])[:, 0, :] for r in rr]).astype(np.float64)
        D[c]['both'] = np.concatenate([D[c]['X'], Xf], 1)

def source(c, view):
    d = D[c]; i = d['y'] >= 0; X = d[view]; Z = dom_std(X, dstats(X)); return Z[i], d['y'][i], d['spk'][i]
def target(c, view):
    d = D[c]; U = d['split'] == 'adapt'; T = d['split'] == 'test'; X = d[view]; dom = dstats(X[U])
    yt = d['y'][T]; k = yt >= 0
    return dom_std(X[U], dom), d['spk'][U], dom_std(X[T], dom)[k], yt[k]

def unit(X): return X / np.linalg.norm(X, axis=1, keepdims=True)
def head(kind, xs, ys, U, Te):
    if kind == 'lr':
        W, b = fit_lr(xs, ys, 4, C=0.1); return softmax(Te @ W + b)
    centres = unit(np.stack([xs[ys == c].mean(0) for c in range(4)]))
    if kind == 'kmeans':
        for _ in range(10):
            a = (unit(U) @ centres.T).argmax(1)
            centres = np.stack([unit(U[a == k].mean(0, keepdims=True))[0] if np.any(a == k) else centres[k] for k in range(4)])
    return softmax(20 * unit(Te) @ centres.T)
def anchored(parts, U, Te, kind='lr', layers=range(7), top=3):
    Xs = np.concatenate([p[0] for p in parts]); ys = np.concatenate([p[1] for p in parts])
    dist = {l: np.mean([coral_dist(p[0][:, l], U[:, l]) for p in parts]) for l in layers}
    return sum(head(kind, coral(Xs[:, l], U[:, l], 3.0), ys, U[:, l], Te[:, l]) for l in sorted(layers, key=dist.get)[:top])

def speaker_means(Z, spk, y=None):
    R = Z.copy()
    if y is None: R -= R.mean(0)
    else:
        for c in np.unique(y): R[y == c] -= Z[y == c].mean(0)
    return np.array([R[spk == s].mean(0) for s in np.unique(spk) if (spk == s).sum() >= 2])
def without_speaker_directions(parts, Zu, su, Zt, t, k):
    bases = []
    for l in range(7):
        M = [speaker_means(Z[:, l], s, y) for Z, y, s in parts]
        if t != 'urdu': M.append(speaker_means(Zu[:, l], su))
        bases.append(np.linalg.svd(np.concatenate(M), full_matrices=False)[2][:k].T)
    def proj(Z):
        out = Z.copy()
        for l, V in enumerate(bases): out[:, l] -= (Z[:, l] @ V) @ V.T
        return out
    return [(proj(Z), y, s) for Z, y, s in parts], proj(Zu), proj(Zt)

pairwise = [([s], t) for s in CORP for t in CORP if s != t]
lolo = [([c for c in CORP if c != t], t) for t in CORP]
held_out_source = [([a for a in CORP if a not in (t, h)], h) for t in CORP for h in CORP if h != t]
def report(name, probs, view='X'):
    def one(srcs, t):
        parts = [source(s, view) for s in srcs]; Zu, su, Zt, yt = target(t, view)
        return uar(yt, probs(parts, Zu, su, Zt, t).argmax(1))
    p = [one(*d) for d in pairwise]; l = [one(*d) for d in lolo]; o = [one(*d) for d in held_out_source]
    print(f'{name:22s} pairwise {np.mean(p)*100:.1f}  leave one language out {np.mean(l)*100:.1f}  held-out sources '
          + ' '.join(f'{np.mean(o[3*i:3*i+3])*100:.1f}' for i in range(4)) + f' (mean {np.mean(o)*100:.1f})', flush=True)
def each_source(f): return lambda parts, Zu, su, Zt, t: sum(f([p], Zu, su, Zt, t) for p in parts)

report('lam (reference)', each_source(lambda ps, Zu, su, Zt, t: anchored(ps, Zu, Zt)))
for k in (2, 4, 8, 16):
    def nap(ps, Zu, su, Zt, t, k=k):
        ps2, Zu2, Zt2 = without_speaker_directions(ps, Zu, su, Zt, t, k); return anchored(ps2, Zu2, Zt2)
    report(f'nap {k}', each_source(nap))
for kind in ('ncm', 'kmeans'):
    report(kind, each_source(lambda ps, Zu, su, Zt, t, kind=kind: anchored(ps, Zu, Zt, kind)))
if FAST:
    report('views, 3 + 3 anchors', each_source(lambda ps, Zu, su, Zt, t: anchored(ps, Zu, Zt, layers=range(7)) + anchored(ps, Zu, Zt, layers=range(7, 14))), 'both')
    report('views, 14 layers ranked', each_source(lambda ps, Zu, su, Zt, t: anchored(ps, Zu, Zt, layers=range(14))), 'both')
