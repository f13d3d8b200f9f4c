# How much could a better anchor choice give pairwise? A DIAGNOSTIC that reads the target's test labels (never
# a method): for each of the 12 pairwise directions, the reference `lam` (per-domain standardisation, CORAL,
# one logistic regression per layer, probabilities averaged) with its label-free top 3 layers, against the
# best 3 layers, the best single layer and the best subset of any size, each picked by the test UAR itself
# (so the oracle figures are optimistic: the maximum over 35 / 7 / 127 choices on the same test rows).
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/anchor_oracle.py
import os, sys, itertools; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])
label_free, best3, best1, best_any = [], [], [], []
for srcs, t in pairwise:
    U, Te, yt = target(t); Xs, ys = source(srcs[0])
    probs = []
    for l in range(7):
        W, b = fit_lr(coral(Xs[:, l], U[:, l], 3.0), ys, 4, C=C_LR); probs.append(softmax(Te[:, l] @ W + b))
    def score(layers): return uar(yt, sum(probs[l] for l in layers).argmax(1))
    label_free.append(score(top3(Xs, U)))
    best3.append(max(score(c) for c in itertools.combinations(range(7), 3)))
    best1.append(max(score([l]) for l in range(7)))
    best_any.append(max(score(c) for k in range(1, 8) for c in itertools.combinations(range(7), k)))
print('pairwise mean UAR %%, C %s: label-free top 3 %.1f | oracle best 3 %.1f | oracle best single %.1f | oracle any subset %.1f'
      % ((C_LR,) + tuple(100 * np.mean(x) for x in (label_free, best3, best1, best_any))))
