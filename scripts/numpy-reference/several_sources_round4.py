# Fourth round of levers for anchoring (docs/BENCHMARK.md "Tried and not kept (several sources)"), on a
# speech-pooled faithful store with frames (extract --frames --pooling speech). Each is scored like the
# product's defaults: per-domain standardisation, CORAL at the top 3 layers of the per-source CORAL ranking,
# one head per source with several sources, inductive. Printed: mean UAR % over the 12 pairwise directions,
# the 4 leave-one-language-out directions, and the mean over the 12 held-out-source directions.
#   lnorm     each utterance's standardised vector scaled to unit length per layer (length normalisation)
#   concat    one regression on the 3 anchors' CORAL-aligned vectors side by side, not 3 averaged
#   chunks    the head trained on 1-s chunks of the speech span (hop 0.5 s), each utterance weighted 1 in
#             total; CORAL between the domains' chunks; tested on the utterance (mean of the span) or on its
#             chunks' averaged probabilities
# Needs runs/numpy-reference/speech-spans.csv (see speech_pooling.py).
#   PYTHONPATH=scripts/numpy-reference STORE=store python3 scripts/numpy-reference/several_sources_round4.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'speakers_lib.py')).read())
C_LR = float(os.environ.get('C', '0.1'))
spans = {r['path']: [tuple(map(float, x.split(':'))) for x in r['ranges'].split()]
         for r in csv.DictReader(open('runs/numpy-reference/speech-spans.csv'))}
W, HOP = int(os.environ.get('W', '50')), int(os.environ.get('HOP', '25'))
ONLY = os.environ.get('ONLY', '')
for c in CORP:
    means, owner = [], []
    for i, r in enumerate([r for r in rows if r['corpus'] == c]):
        a = np.load(ST + '/' + r['frames_file']).astype(np.float32)     # layers, frames, dim
        t = (np.arange(a.shape[1]) + 0.5) * 0.02
        rg = spans[c + '/' + r['path']]
        idx = np.nonzero((t >= rg[0][0]) & (t < rg[-1][1]))[0] if rg else np.arange(len(t))
        if len(idx) == 0: idx = np.arange(len(t))
        lo, hi = idx[0], idx[-1] + 1
        starts = list(range(lo, max(lo + 1, hi - W + 1), HOP))
        for s in starts:
            means.append(a[:, s:min(hi, s + W)].mean(1)); owner.append(i)
    D[c]['chunks'] = np.array(means, dtype=np.float64); D[c]['owner'] = np.array(owner)
    print(c, 'utterances', len(D[c]['X']), 'chunks', len(owner), flush=True)

def source(c, norm):
    d = D[c]; i = d['y'] >= 0; Z = norm(dom_std(d['X'], dstats(d['X']))); return Z[i], d['y'][i]
def target(c, norm):
    d = D[c]; U = d['split'] == 'adapt'; T = d['split'] == 'test'; dom = dstats(d['X'][U]); yt = d['y'][T]; k = yt >= 0
    return norm(dom_std(d['X'][U], dom)), norm(dom_std(d['X'][T], dom))[k], yt[k]
def ident(Z): return Z
def lnorm(Z): return Z / np.linalg.norm(Z, axis=2, keepdims=True) * np.sqrt(Z.shape[2])
def ranked(parts, U): return np.argsort([np.mean([coral_dist(p[0][:, l], U[:, l]) for p in parts]) for l in range(7)])[:3]
def lam(parts, U, Te):
    Xs = np.concatenate([p[0] for p in parts]); ys = np.concatenate([p[1] for p in parts])
    return sum(softmax(Te[:, l] @ Wl + b) for l in ranked(parts, U) for Wl, b in [fit_lr(coral(Xs[:, l], U[:, l], 3.0), ys, 4, C=C_LR)])
def concat(parts, U, Te):
    Xs = np.concatenate([p[0] for p in parts]); ys = np.concatenate([p[1] for p in parts]); L = ranked(parts, U)
    Wl, b = fit_lr(np.concatenate([coral(Xs[:, l], U[:, l], 3.0) for l in L], 1), ys, 4, C=C_LR)
    return softmax(np.concatenate([Te[:, l] for l in L], 1) @ Wl + b)

def chunk_rows(c, rows_mask, dom_rows):
    d = D[c]; sel = rows_mask[d['owner']]; return d['chunks'][sel], d['owner'][sel]
def chunked(srcs, t, test_on, with_utterances=False):
    d = D[t]; U = d['split'] == 'adapt'; T = d['split'] == 'test'
    Cu, _ = chunk_rows(t, U, U); dom = dstats(Cu); Zu = dom_std(Cu, dom)
    P = 0
    for s in srcs:
        e = D[s]; lab = e['y'] >= 0; Cs, own = chunk_rows(s, lab, lab); Zs = dom_std(Cs, dstats(Cs)); ys = e['y'][own]
        n_per = np.bincount(own, minlength=len(e['y']))[own]
        cnt = np.bincount(e['y'][lab], minlength=4).astype(float); sw = lab.sum() / (4 * cnt[ys]) / n_per
        if with_utterances:   # the utterances themselves as rows too, each half the weight (chunks the other half)
            Xu = e['X'][lab]; Zs = np.concatenate([Zs, dom_std(Xu, dstats(Cs))]); yu = e['y'][lab]
            sw = np.concatenate([sw, lab.sum() / (4 * cnt[yu])]) / 2; ys = np.concatenate([ys, yu])
        for l in ranked([(Zs, ys)], Zu):
            Wl, b = fit_lr(coral(Zs[:, l], Zu[:, l], 3.0), ys, 4, C=C_LR, sw=sw)
            if test_on == 'utterance':
                P = P + softmax(dom_std(d['X'][T], dom)[:, l] @ Wl + b)
            elif test_on == 'utterance-own-statistics':   # the utterances standardised with the adapt half's utterance statistics
                P = P + softmax(dom_std(d['X'][T], dstats(d['X'][U]))[:, l] @ Wl + b)
            else:
                Ct, ot = chunk_rows(t, T, T); p = softmax(dom_std(Ct, dom)[:, l] @ Wl + b)
                agg = np.zeros((len(d['y']), 4)); np.add.at(agg, ot, p); P = P + agg[T] / np.maximum(1, np.bincount(ot, minlength=len(d['y']))[T])[:, None]
    yt = d['y'][T]; k = yt >= 0
    return uar(yt[k], P[k].argmax(1))

pairwise = [([s], t) for s in CORP for t in CORP if s != t]
lolo = [([c for c in CORP if c != t], t) for t in CORP]
held_out_source = [([a for a in CORP if a not in (t, h)], h) for t in CORP for h in CORP if h != t]
def report(name, one):
    p = [one(*d) for d in pairwise]; l = [one(*d) for d in lolo]; o = [one(*d) for d in held_out_source]
    print(f'{name:28s} pairwise {np.mean(p)*100:.1f}  leave one language out {np.mean(l)*100:.1f} ['
          + ' '.join(f'{x*100:.0f}' for x in l) + f']  held-out sources {np.mean(o)*100:.1f}', flush=True)
def utterance_level(head, norm):
    def one(srcs, t):
        U, Te, yt = target(t, norm); return uar(yt, sum(head([source(s, norm)], U, Te) for s in srcs).argmax(1))
    return one
runs = {'lam': lambda: report(f'lam (reference, C {C_LR})', utterance_level(lam, ident)),
        'lnorm': lambda: report('lnorm', utterance_level(lam, lnorm)),
        'concat': lambda: report('concat', utterance_level(concat, ident)),
        'chunks': lambda: report(f'chunks {W}/{HOP}, test utterance', lambda s, t: chunked(s, t, 'utterance')),
        'chunktest': lambda: report(f'chunks {W}/{HOP}, test chunks', lambda s, t: chunked(s, t, 'chunks')),
        'chunksu': lambda: report(f'chunks {W}/{HOP}, test utterance, own stats', lambda s, t: chunked(s, t, 'utterance-own-statistics')),
        'mixed': lambda: report(f'chunks {W}/{HOP} + utterances', lambda s, t: chunked(s, t, 'utterance', True))}
for k, f in runs.items():
    if not ONLY or k in ONLY.split(','): f()
