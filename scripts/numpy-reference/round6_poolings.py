# Sixth round (reference only): other statistics of the speech frames than their mean, for the pairwise table.
# On the speech-pooled faithful store with frames; the speech span as in round 4 (first to last speech frame).
# Each view gets the product's recipe (per-domain standardisation, CORAL at the top 3 layers of its own CORAL
# ranking, one head per source); printed like round5.py.
#   mean      the mean over the span (the product's input; a check against round5's lam)
#   median    the per-dimension median over the span
#   delta     the mean absolute first difference over the span (how fast each dimension moves)
#   mean+delta  the two views' heads averaged (six heads)
#   meandelta   one head per anchor on [mean ‖ delta]
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round6_poolings.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])
spans = {r['path']: [tuple(map(float, x.split(':'))) for x in r['ranges'].split()]
         for r in csv.DictReader(open('runs/numpy-reference/speech-spans.csv'))}
V = {}
for c in CORP:
    views = {'mean': [], 'median': [], 'delta': []}
    for r in [r for r in rows if r['corpus'] == c]:
        a = np.load(ST + '/' + r['frames_file']).astype(np.float32)     # layers, frames, dim
        t = (np.arange(a.shape[1]) + 0.5) * 0.02
        rg = spans[c + '/' + r['path']]
        idx = np.nonzero((t >= rg[0][0]) & (t < rg[-1][1]))[0] if rg else np.arange(len(t))
        if len(idx) < 2: idx = np.arange(len(t))
        s = a[:, idx[0]:idx[-1] + 1]
        views['mean'].append(s.mean(1)); views['median'].append(np.median(s, 1))
        views['delta'].append(np.abs(np.diff(s, axis=1)).mean(1))
    V[c] = {k: np.array(v, dtype=np.float64) for k, v in views.items()}
    V[c]['meandelta'] = np.concatenate([V[c]['mean'], V[c]['delta']], 2)
    print(c, 'utterances', len(V[c]['mean']), flush=True)

def src_view(c, X):
    d = D[c]; i = d['y'] >= 0; Z = dom_std(X, dstats(X)); return Z[i], d['y'][i]
def tgt_view(c, X):
    d = D[c]; U = d['split'] == 'adapt'; T = d['split'] == 'test'; dom = dstats(X[U]); yt = d['y'][T]; k = yt >= 0
    return dom_std(X[U], dom), dom_std(X[T], dom)[k], yt[k]
def score(views, srcs, t):
    P = 0; yt = None
    for v in views:
        U, Te, yt = tgt_view(t, V[t][v])
        for s in srcs:
            Xs, ys = src_view(s, V[s][v]); S, _ = lam(Xs, ys, U, Te); P = P + np.exp(S)
    return uar(yt, P.argmax(1))
for name, views in [('mean', ['mean']), ('median', ['median']), ('delta', ['delta']), ('mean+delta', ['mean', 'delta']),
                    ('meandelta', ['meandelta'])]:
    p = [score(views, *d) for d in pairwise]; l = [score(views, *d) for d in lolo]
    print(f'{name:12s} C {C_LR}  pairwise {np.mean(p)*100:.1f} [' + ' '.join(f'{x*100:.0f}' for x in p)
          + f']  leave one language out {np.mean(l)*100:.1f} [' + ' '.join(f'{x*100:.0f}' for x in l) + ']', flush=True)
