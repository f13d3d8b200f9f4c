# Thirteenth round (reference only): speed-perturbed copies of the labelled source, aimed at the pairwise table. Few
# speakers per corpus (EMOVO 6, EmoDB 10) let a head learn their voices; each source utterance played at 0.9 and
# 1.1 times its speed (pitch and formants moved by the same factor, as in Ko et al. 2015's speech recognition
# augmentation) adds voices that no corpus has. The copies are made outside the product (the samples written as a
# WAV at 14,400 or 17,600 Hz, which the reader's windowed-sinc resampler brings back to 16 kHz), extracted into the
# same store as corpora `<corpus>-sp09` and `<corpus>-sp11` (the four classes only), and read here by corpus name.
# The target is never perturbed. Then as in round 5: CORAL at the top 3 layers, ranked on the original source rows.
#   own    each copy standardised with its own statistics (as a further source would be), rows stacked
#   orig   the copies standardised with the original source's statistics
#   /3     each copy's rows weighted a third (C / 3), so the source weighs as before; x1: every row at C
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round13_speed.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])

COPIES = ('sp09', 'sp11')
A = {}
for c in CORP:
    for k in COPIES:
        rr = [r for r in rows if r['corpus'] == f'{c}-{k}']
        assert rr, f'no rows of {c}-{k} in the store: extract /work/aug/{c}-{k} first'
        A[c, k] = (np.stack([np.load(ST + '/' + r['pooled_file'])[:, 0, :] for r in rr]).astype(np.float64),
                   np.array([CL.index(r['emotion']) for r in rr]))
print('copies:', ', '.join(f'{c}-{k} {len(A[c, k][1])}' for c in CORP for k in COPIES), flush=True)

def augmented(c, stats):
    d = D[c]; i = d['y'] >= 0; dom = dstats(d['X']); Z = [dom_std(d['X'], dom)[i]]; y = [d['y'][i]]
    for k in COPIES:
        X, yk = A[c, k]; Z.append(dom_std(X, dstats(X) if stats == 'own' else dom)); y.append(yk)
    return np.concatenate(Z), np.concatenate(y)

def run(stats, weight):
    def score(srcs, t):
        U, Te, yt = target(t); P = 0
        for s in srcs:
            Xo, _ = source(s); Xs, ys = augmented(s, stats)
            S, _ = lam(Xs, ys, U, Te, C=C_LR / (1 + len(COPIES)) if weight == '/3' else C_LR, layers=top3(Xo, U))
            P = P + np.exp(S)
        return uar(yt, P.argmax(1))
    return score

report('lam', lam)
for stats in ('own', 'orig'):
    for weight in ('/3', 'x1'):
        report_score(f'speed copies, {stats} {weight}', run(stats, weight))
