# Twelfth round (reference only): one head shared by the anchors, aimed at the pairwise table. Whisper's layers
# write into one residual stream, so after per-layer standardisation and CORAL a dimension means much the same in
# neighbouring layers; a head that must work on all three anchors at once may find directions that transfer better.
#   shared3   one logistic regression fitted on the three anchors' aligned source rows stacked (each utterance three
#             times, once per layer, at C / 3 so that each utterance weighs as in lam), applied to each anchor of the
#             target, probabilities averaged
#   avg3      the three anchors' aligned rows averaged into one vector per utterance, one head on it
# Then as in round 5 (per-domain standardisation, CORAL at the top 3 of the ranking on the means). Reads no target label.
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round12_shared_head.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])

def shared3(Xs, ys, U, Te, eps=3.0):
    # C / 3: the reference's loss sums over rows, and each utterance is here three rows
    L = top3(Xs, U); A = np.concatenate([coral(Xs[:, l], U[:, l], eps) for l in L]); W, b = fit_lr(A, np.tile(ys, len(L)), 4, C=C_LR / len(L))
    P = sum(softmax(Te[:, l] @ W + b) for l in L) / len(L); PU = sum(softmax(U[:, l] @ W + b) for l in L) / len(L)
    return np.log(P), np.log(PU)
def avg3(Xs, ys, U, Te, eps=3.0):
    L = top3(Xs, U); A = sum(coral(Xs[:, l], U[:, l], eps) for l in L) / len(L); W, b = fit_lr(A, ys, 4, C=C_LR)
    T = sum(Te[:, l] for l in L) / len(L); V = sum(U[:, l] for l in L) / len(L)
    return logp(T @ W + b), logp(V @ W + b)

report('lam', lam)
report('shared3', shared3)
report('avg3', avg3)
