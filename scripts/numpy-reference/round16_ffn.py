# Sixteenth round (reference only): features from inside Whisper's blocks, aimed at the pairwise table. The anchor
# oracle says the three anchors' heads cannot reach 66 % however they are chosen, so better features are needed. Each
# block's feed-forward activations (GELU's output, 2,048 dimensions, before fc2 projects them back into the residual
# stream) are a non-linear view of that block's input that a linear head cannot form from the hidden states.
# FfnTaps.java pools them over the speech frames as the store pools the hidden states, and the hidden states too
# (checked here against the store). Then the product's recipe on each view: per-domain standardisation, CORAL
# (eps 3) at the top 3 of the view's ranking, one logistic head per anchor.
#   hidden   the recipe on the hidden states pooled by FfnTaps (should equal lam on the store)
#   ffn      the recipe on the six blocks' feed-forward activations instead
#   both     hidden and ffn heads averaged (six members)
#   java -cp core/target/layeranchor.jar scripts/numpy-reference/FfnTaps.java ../shared/models/whisper-base STORE_KEY_DIR/index.csv runs/taps emodb emovo ravdess urdu
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 TAPS=runs/taps python3 scripts/numpy-reference/round16_ffn.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])

TAPS = os.environ.get('TAPS', 'runs/taps')
order = list(csv.DictReader(open(TAPS + '.csv'))); N = len(order)
H = np.fromfile(TAPS + '.hidden.f32', '<f4').reshape(N, 7, 512).astype(np.float64)
F = np.fromfile(TAPS + '.ffn.f32', '<f4').reshape(N, 6, 2048).astype(np.float64)
VIEW = {}
for c in CORP:
    i = np.array([r['corpus'] == c for r in order]); paths = [r['path'] for r in rows if r['corpus'] == c]
    assert [r['path'] for r in order if r['corpus'] == c] == paths, c
    VIEW['hidden', c], VIEW['ffn', c] = H[i], F[i]
    rel = np.abs(H[i] - D[c]['X']).max() / np.abs(D[c]['X']).max()
    print(f'{c}: hidden states pooled by FfnTaps against the store: largest difference {rel:.1e} of the largest value', flush=True)

POW = {}
def power(key, C, p):
    if key not in POW: POW[key] = psd_pow(C + 3.0 * np.eye(len(C)), p)
    return POW[key]
def heads(view, s, t):
    """Probabilities on t's labelled test rows from the view's top-3 anchors, s as the labelled source."""
    d = D[s]; i = d['y'] >= 0; Xs = dom_std(VIEW[view, s], dstats(VIEW[view, s]))[i]; ys = d['y'][i]
    e = D[t]; U = e['split'] == 'adapt'; T = e['split'] == 'test'; k = e['y'][T] >= 0; dom = dstats(VIEW[view, t][U])
    XU, XT = dom_std(VIEW[view, t][U], dom), dom_std(VIEW[view, t][T], dom)[k]
    L = np.argsort([coral_dist(Xs[:, l], XU[:, l]) for l in range(Xs.shape[1])])[:3]; P = []
    for l in L:
        A = Xs[:, l] @ power((view, s, 'src', l), np.cov(Xs[:, l], rowvar=False), -0.5) @ power((view, t, 'adapt', l), np.cov(XU[:, l], rowvar=False), 0.5)
        W, b = fit_lr(A, ys, 4, C=C_LR); P.append(softmax(XT[:, l] @ W + b))
    return P, e['y'][T][k]
def score(views):
    def f(srcs, t):
        P = 0
        for s in srcs:
            for v in views:
                hs, yt = heads(v, s, t); P = P + sum(hs) / len(hs)
        return uar(yt, P.argmax(1))
    return f
for name, views in (('hidden', ['hidden']), ('ffn', ['ffn']), ('both', ['hidden', 'ffn'])):
    report_score(name, score(views), held_out=False)   # the 2,048-dimensional heads: pairwise and leave one out only
