# Pooling over speech only (docs/BENCHMARK.md "Speech frames only"): the stored frame features of a
# faithful store (extract --frames) pooled three ways -- every frame (as stored), from the first to the
# last speech the energy detector finds (SpeechSpans.java), and over the speech stretches alone -- then
# the reference's lam (per-domain standardisation, CORAL at the top 3 layers of the per-source ranking,
# one head per source with several sources), inductive. Needs runs/numpy-reference/speech-spans.csv:
#   java -cp core/target/layeranchor.jar scripts/numpy-reference/SpeechSpans.java store/<key>/index.csv runs/numpy-reference/speech-spans.csv
#   PYTHONPATH=scripts/numpy-reference STORE=store python3 scripts/numpy-reference/speech_pooling.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'speakers_lib.py')).read())

spans = {r['path']: [tuple(map(float, x.split(':'))) for x in r['ranges'].split()]
         for r in csv.DictReader(open('runs/numpy-reference/speech-spans.csv'))}
views = {'every frame': {}, 'first to last speech': {}, 'speech stretches only': {}}
for c in CORP:
    out = {k: [] for k in views}
    for r in [r for r in rows if r['corpus'] == c]:
        a = np.load(ST + '/' + r['frames_file']).astype(np.float64)   # layers, frames, dim (float16 stored)
        t = (np.arange(a.shape[1]) + 0.5) * 0.02                       # frame centres, 50 frames/s
        rg = spans[c + '/' + r['path']]
        span = (t >= rg[0][0]) & (t < rg[-1][1]) if rg else np.ones(len(t), bool)
        speech = np.zeros(len(t), bool)
        for s, e in rg: speech |= (t >= s) & (t < e)
        if span.sum() == 0: span[:] = True
        if speech.sum() == 0: speech[:] = True
        out['every frame'].append(a.mean(1)); out['first to last speech'].append(a[:, span].mean(1))
        out['speech stretches only'].append(a[:, speech].mean(1))
    for k in views: views[k][c] = np.array(out[k])

def source(c):
    d = D[c]; i = d['y'] >= 0; Z = dom_std(d['X'], dstats(d['X'])); return Z[i], d['y'][i]
def target(c):
    d = D[c]; U = d['split'] == 'adapt'; T = d['split'] == 'test'; dom = dstats(d['X'][U]); yt = d['y'][T]; k = yt >= 0
    return dom_std(d['X'][U], dom), dom_std(d['X'][T], dom)[k], yt[k]
def lam_probs(parts, U, Te):
    Xs = np.concatenate([p[0] for p in parts]); ys = np.concatenate([p[1] for p in parts])
    dist = [np.mean([coral_dist(p[0][:, l], U[:, l]) for p in parts]) for l in range(7)]
    return sum(softmax(Te[:, l] @ W + b) for l in np.argsort(dist)[:3] for W, b in [fit_lr(coral(Xs[:, l], U[:, l], 3.0), ys, 4, C=0.1)])
def score(srcs, t):
    parts = [source(s) for s in srcs]; U, Te, yt = target(t)
    return uar(yt, sum(lam_probs([p], U, Te) for p in parts).argmax(1))
pairwise = [([s], t) for s in CORP for t in CORP if s != t]
lolo = [([c for c in CORP if c != t], t) for t in CORP]
held_out_source = [([a for a in CORP if a not in (t, h)], h) for t in CORP for h in CORP if h != t]
for name, X in views.items():
    for c in CORP: D[c]['X'] = X[c]
    p = [score(*d) for d in pairwise]; l = [score(*d) for d in lolo]; o = [score(*d) for d in held_out_source]
    print(f'{name:22s} pairwise {np.mean(p)*100:.1f}  leave one language out {np.mean(l)*100:.1f} ['
          + ' '.join(f'{x*100:.0f}' for x in l) + f']  held-out sources {np.mean(o)*100:.1f}', flush=True)
