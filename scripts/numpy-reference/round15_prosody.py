# Fifteenth round (reference only): prosody beside the anchors, aimed at the pairwise table. Pitch and loudness carry
# arousal in much the same way across languages; Whisper's states, trained for transcription, may keep less of them.
# Sixteen utterance-level prosodic statistics (ProsodyFeatures.java: pitch in semitones over voiced frames, level in
# dB, voiced and vowel shares, vowel runs per second), each domain standardised with its own statistics, CORAL
# (eps 1, 16 dimensions) and a logistic head, alone and as a further member beside lam's three anchor heads.
#   java -cp core/target/layeranchor.jar scripts/numpy-reference/ProsodyFeatures.java STORE_KEY_DIR/index.csv runs/prosody.csv emodb emovo ravdess urdu
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 PROSODY=runs/prosody.csv python3 scripts/numpy-reference/round15_prosody.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])

pros = {(r['corpus'], r['path']): np.array([float(v) for k, v in r.items() if k not in ('corpus', 'path')])
        for r in csv.DictReader(open(os.environ.get('PROSODY', 'runs/prosody.csv')))}
PR = {c: np.stack([pros[c, r['path']] for r in rows if r['corpus'] == c]) for c in CORP}

def p_source(c):
    d = D[c]; i = d['y'] >= 0; X = PR[c]; return dom_std(X, dstats(X))[i]
def p_target(c):
    d = D[c]; U = d['split'] == 'adapt'; T = d['split'] == 'test'; k = d['y'][T] >= 0; dom = dstats(PR[c][U])
    return dom_std(PR[c][U], dom), dom_std(PR[c][T], dom)[k]
def prosody_head(s, t, ys, C):
    Ps = p_source(s); PU, PT = p_target(t); W, b = fit_lr(coral(Ps, PU, 1.0), ys, 4, C=C); return softmax(PT @ W + b)

def run(weight, C):
    def score(srcs, t):
        U, Te, yt = target(t); P = 0
        for s in srcs:
            Xs, ys = source(s); L = 0 if weight == 1 else np.exp(lam(Xs, ys, U, Te)[0])
            P = P + (1 - weight) * L + weight * prosody_head(s, t, ys, C)
        return uar(yt, P.argmax(1))
    return score

report('lam', lam)
for C in (0.01, 0.1):
    report_score(f'prosody alone (head C {C})', run(1, C))
    report_score(f'lam + prosody 1/4 (head C {C})', run(0.25, C))
    report_score(f'lam + prosody 1/2 (head C {C})', run(0.5, C))
