# Eighth round (reference only): one round of self-training for a single source, aimed at the pairwise table.
# lam as the product (per-domain standardisation, CORAL at the top 3 layers ranked on the means, logistic head per
# anchor); then the target's unlabelled adapt half is predicted, and for each predicted class the most confident
# FRAC of the utterances on which the three anchor heads agree become labelled rows (in the target's own
# standardisation, so no CORAL for them), added to each anchor's training with weight W relative to a source row;
# the heads are refitted and the test half scored. Reads no target label (the adapt half's labels are never used).
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round8_selftraining.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])
def self_trained(frac, w):
    def head(Xs, ys, U, Te):
        L = top3(Xs, U); aligned = {l: coral(Xs[:, l], U[:, l], 3.0) for l in L}
        fits = {l: fit_lr(aligned[l], ys, 4, C=C_LR) for l in L}
        PU = [softmax(U[:, l] @ fits[l][0] + fits[l][1]) for l in L]
        votes = np.stack([p.argmax(1) for p in PU]); agree = (votes == votes[0]).all(0)
        conf = sum(PU) / 3; pred = conf.argmax(1); pick = []
        for k in range(4):
            idx = np.nonzero(agree & (pred == k))[0]
            n = int(np.ceil(frac * np.sum(pred == k)))
            pick += list(idx[np.argsort(-conf[idx, k])][:n])
        pick = np.array(pick, dtype=int)
        P, PUo = 0, 0
        for l in L:
            if len(pick):
                X = np.concatenate([aligned[l], U[pick, l]]); y = np.concatenate([ys, pred[pick]])
                cnt = np.bincount(ys, minlength=4).astype(float); sw_s = len(ys) / (4 * cnt[ys])
                cnt_t = np.bincount(pred[pick], minlength=4).astype(float); cnt_t[cnt_t == 0] = 1
                sw_t = w * len(pick) / (4 * cnt_t[pred[pick]]) * len(ys) / max(1, len(pick))
                W, b = fit_lr(X, y, 4, C=C_LR, sw=np.concatenate([sw_s, sw_t]))
            else:
                W, b = fits[l]
            P = P + softmax(Te[:, l] @ W + b) / 3; PUo = PUo + softmax(U[:, l] @ W + b) / 3
        return np.log(P), np.log(PUo)
    return head
for name, h in [('lam', lam)] + [(f'self-train {f:.0%} w {w}', self_trained(f, w)) for f, w in ((0.15, 0.5), (0.3, 0.5), (0.3, 1.0), (0.6, 1.0))]:
    report(name, h)
