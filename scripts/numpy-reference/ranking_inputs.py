# Which vectors the label-free anchor ranking reads (docs/BENCHMARK.md "Anchors ranked on what the head reads"):
# the product ranked each layer by the per-domain CORAL distance of [mean ‖ std] while its head reads the means
# alone (headInputs: mean). The reference's lam (per-domain standardisation, CORAL ε 3 at the top 3 layers of
# the per-source ranking, one head per source with several sources, inductive), ranked either way.
# Printed: mean UAR % over the 12 pairwise directions, the 4 leave-one-language-out directions, and the 12
# held-out-source directions (two sources -> the third).
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/ranking_inputs.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'speakers_lib.py')).read())
C_LR = float(os.environ.get('C', '0.01'))
for c in CORP:
    rr = [r for r in rows if r['corpus'] == c]
    D[c]['MS'] = np.stack([np.load(ST + '/' + r['pooled_file']).reshape(7, -1) for r in rr]).astype(np.float64)
def source(c):
    d = D[c]; i = d['y'] >= 0
    return dom_std(d['X'], dstats(d['X']))[i], d['y'][i], dom_std(d['MS'], dstats(d['MS']))[i]
def target(c):
    d = D[c]; U = d['split'] == 'adapt'; T = d['split'] == 'test'; dom = dstats(d['X'][U]); yt = d['y'][T]; k = yt >= 0
    return dom_std(d['X'][U], dom), dom_std(d['X'][T], dom)[k], yt[k], dom_std(d['MS'][U], dstats(d['MS'][U]))
def lam(part, U, Te, Ums, rank_on, top=3):
    Xs, ys, Xms = part
    if rank_on == 'mean': dist = [coral_dist(Xs[:, l], U[:, l]) for l in range(7)]
    else: dist = [coral_dist(Xms[:, l], Ums[:, l]) for l in range(7)]
    return sum(softmax(Te[:, l] @ W + b) for l in np.argsort(dist)[:top] for W, b in [fit_lr(coral(Xs[:, l], U[:, l], 3.0), ys, 4, C=C_LR)])
pairwise = [([s], t) for s in CORP for t in CORP if s != t]
lolo = [([c for c in CORP if c != t], t) for t in CORP]
held_out_source = [([a for a in CORP if a not in (t, h)], h) for t in CORP for h in CORP if h != t]
for rank_on in ('mean-std', 'mean'):
    def one(srcs, t):
        U, Te, yt, Ums = target(t); return uar(yt, sum(lam(source(s), U, Te, Ums, rank_on) for s in srcs).argmax(1))
    p = [one(*d) for d in pairwise]; l = [one(*d) for d in lolo]; o = [one(*d) for d in held_out_source]
    print(f'ranked on {rank_on:9s} C {C_LR}  pairwise {np.mean(p)*100:.1f}  leave one language out {np.mean(l)*100:.1f} ['
          + ' '.join(f'{x*100:.1f}' for x in l) + f']  held-out sources {np.mean(o)*100:.1f}  pairwise each ['
          + ' '.join(f'{x*100:.0f}' for x in p) + ']', flush=True)
