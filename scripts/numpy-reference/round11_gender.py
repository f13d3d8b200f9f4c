# Eleventh round (reference only): per-gender standardisation, aimed at the inductive pairwise table. Per-speaker
# standardisation pays only where the test speakers are heard; a speaker's gender is a coarser group that an unheard
# test utterance can be assigned to by itself. Sources are standardised per (corpus, gender) with their own gender
# metadata; the target's gender is predicted per utterance by a classifier trained on the sources' gender metadata
# (never the target's: its metadata is read only to print the classifier's accuracy and for the oracle line), and
# each target utterance, adapt or test, is standardised with the statistics of the target's adapt-half rows of its
# predicted gender (shrunk towards the domain's with k = 5 utterances). Then the product's recipe as in round 5.
#   g-oracle  the target's gender metadata instead of the prediction (a diagnostic, not a method)
#   g-pred    predicted target gender, every domain per gender
#   g-auto    as g-pred, but a domain stays per-domain where gender carries its emotions: a source by its own labels,
#             H(emotion | gender) / H(emotion) < 0.85; the target without labels, by the spread of a per-domain
#             weighted sum's predicted classes within each predicted gender, H(pred | gender) / H(pred) < 0.85
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round11_gender.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])

G = {c: np.array([1 if r['gender'] == 'f' else 0 for r in rows if r['corpus'] == c]) for c in CORP}
K = 5.0
THRESHOLD = 0.85

def group_stats(X, g, dom, k=K):
    m_d, v_d = dom; S = {}
    for s in np.unique(g):
        i = g == s; n = i.sum(); m = X[i].mean(0); v = ((X[i] - m) ** 2).mean(0)
        S[s] = ((n * m + k * m_d) / (n + k), (n * v + k * v_d) / (n + k))
    return S
def apply_groups(X, g, S, dom):
    out = np.empty_like(X)
    for s in np.unique(g):
        i = g == s; m, v = S.get(s, dom); out[i] = (X[i] - m) / np.sqrt(np.maximum(v, 1e-12))
    return out
def entropy_ratio(lab, grp):
    """speakers_lib's H(lab | group) / H(lab), with groups for speakers; 1 where lab has a single value (nothing to lose)."""
    return cond_entropy_ratio(lab, grp) if len(np.unique(lab)) > 1 else 1.0

def gender_classifier(srcs):
    """Per-layer logistic heads on the sources' per-domain rows and their gender metadata, averaged over layers."""
    Xs = np.concatenate([dom_std(D[s]['X'], dstats(D[s]['X'])) for s in srcs]); gs = np.concatenate([G[s] for s in srcs])
    heads = []
    for l in range(7):
        W, b = fit_lr(Xs[:, l], gs, 2, C=C_LR); heads.append((l, W, b))
    return lambda Z: sum(softmax(Z[:, l] @ W + b) for l, W, b in heads).argmax(1)

def src_rows(c, per_gender):
    d = D[c]; i = d['y'] >= 0; dom = dstats(d['X'])
    Z = apply_groups(d['X'], G[c], group_stats(d['X'], G[c], dom), dom) if per_gender else dom_std(d['X'], dom)
    return Z[i], d['y'][i]

def direction(srcs, t, mode, log=None):
    d = D[t]; U = d['split'] == 'adapt'; T = d['split'] == 'test'; yt = d['y'][T]; k = yt >= 0
    dom = dstats(d['X'][U]); ZU, ZT = dom_std(d['X'][U], dom), dom_std(d['X'][T], dom)
    src_pg = {s: mode != 'lam' for s in srcs}
    tgt_pg = mode != 'lam'
    if mode == 'g-oracle':
        gU, gT = G[t][U], G[t][T]
    elif mode != 'lam':
        clf = gender_classifier(srcs); gU, gT = clf(ZU), clf(ZT)
        if log is not None: log.append(np.mean(np.concatenate([gU, gT]) == np.concatenate([G[t][U], G[t][T]])))
    if mode == 'g-auto':
        for s in srcs:
            ys = D[s]['y']; l = ys >= 0; src_pg[s] = entropy_ratio(ys[l], G[s][l]) >= THRESHOLD
        # the target's decision reads no label: a per-domain weighted sum's predicted classes on the adapt half
        P = 0
        for s in srcs:
            Xs, ys = src_rows(s, False); _, PU = wsum(Xs, ys, ZU, ZT); P = P + np.exp(PU)
        tgt_pg = entropy_ratio(P.argmax(1), gU) >= THRESHOLD
    if tgt_pg:
        S = group_stats(d['X'][U], gU, dom); ZU, ZT = apply_groups(d['X'][U], gU, S, dom), apply_groups(d['X'][T], gT, S, dom)
    P = 0
    for s in srcs:
        Xs, ys = src_rows(s, src_pg[s]); S_, _ = lam(Xs, ys, ZU, ZT); P = P + np.exp(S_)
    return uar(yt[k], P[k].argmax(1)), tgt_pg, src_pg

for c in CORP:
    ys = D[c]['y']; l = ys >= 0
    print(f'{c}: H(emotion | gender) / H(emotion) = {entropy_ratio(ys[l], G[c][l]):.3f}, female share {G[c].mean():.2f}')
for mode in ('lam', 'g-oracle', 'g-pred', 'g-auto'):
    acc = []; res = {}
    for name, dirs in (('pairwise', pairwise), ('lolo', lolo), ('held-out', held_out_source)):
        res[name] = [direction(s, t, mode, acc) for s, t in dirs]
    p, l, o = ([r[0] for r in res[n]] for n in ('pairwise', 'lolo', 'held-out'))
    dec = ' '.join(('G' if r[1] else 'd') for r in res['pairwise'])
    print(f'{mode:10s} C {C_LR}  pairwise {np.mean(p)*100:.1f} [' + ' '.join(f'{x*100:.0f}' for x in p)
          + f']  leave one language out {np.mean(l)*100:.1f} [' + ' '.join(f'{x*100:.0f}' for x in l)
          + f']  held-out sources {np.mean(o)*100:.1f}'
          + (f'  gender accuracy {np.mean(acc)*100:.1f}' if acc else '') + f'  target per gender (pairwise): {dec}', flush=True)
