# Ninth round (reference only): information maximisation on the target's unlabelled adapt half, for a single
# source (the soft counterpart of round 8's self-training; SHOT, Liang et al. 2020, without its network).
# lam as the product (per-domain standardisation, CORAL at the top 3 layers ranked on the means, logistic head per
# anchor); each anchor's head is then refitted from the source-only fit with, added to its loss,
#   LAMBDA * (source weight) * [ mean entropy of the adapt rows' predictions  -  BETA * entropy of their mean prediction ]
# BETA 0 is entropy minimisation alone (confident predictions), BETA 1 also keeps the predicted classes diverse.
# Reads no target label. The gradient is checked against central differences before the runs.
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 [GRID=0.1/0,0.1/1] python3 scripts/numpy-reference/round9_infomax.py
# (GRID: LAMBDA/BETA pairs; the default is the grid in docs/BENCHMARK.md)
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])
from lib import lbfgs

def im_objective(X, y, U, K, C, lam_im, beta):
    n, d = X.shape; m = U.shape[0]
    cnt = np.bincount(y, minlength=K).astype(float); sw = n / (np.sum(cnt > 0) * cnt[y]); Y = np.eye(K)[y]
    scale = C * n * lam_im
    def f(th):
        W = th[:d * K].reshape(d, K); b = th[d * K:]
        P = softmax(X @ W + b); lp = np.log(np.clip(P[np.arange(n), y], 1e-300, None))
        Q = softmax(U @ W + b); lq = np.log(np.clip(Q, 1e-300, None))
        H = -(Q * lq).sum(1); qbar = Q.mean(0); lbar = np.log(np.clip(qbar, 1e-300, None))
        loss = -C * np.sum(sw * lp) + 0.5 * np.sum(W * W) + scale * (H.mean() + beta * (qbar * lbar).sum())
        G = C * (P - Y) * sw[:, None]
        dH = -Q * (lq + H[:, None]) / m
        dHbar = -Q * (lbar[None, :] - (Q * lbar[None, :]).sum(1, keepdims=True)) / m
        GU = scale * (dH - beta * dHbar)
        return loss, np.concatenate([(X.T @ G + U.T @ GU + W).ravel(), G.sum(0) + GU.sum(0)])
    return f

def check_gradient():
    rng = np.random.default_rng(0); X = rng.normal(size=(30, 5)); y = rng.integers(0, 4, 30); U = rng.normal(size=(20, 5))
    f = im_objective(X, y, U, 4, 0.5, 0.7, 1.0); th = rng.normal(size=5 * 4 + 4) * 0.3; _, g = f(th); worst = 0
    for i in range(len(th)):
        e = np.zeros_like(th); e[i] = 1e-5
        worst = max(worst, abs((f(th + e)[0] - f(th - e)[0]) / 2e-5 - g[i]) / max(1, abs(g[i])))
    assert worst < 1e-6, worst
    print(f'gradient against central differences: worst relative difference {worst:.1e}')

def infomax(lam_im, beta):
    def head(Xs, ys, U, Te):
        P, PU = 0, 0
        for l in top3(Xs, U):
            A = coral(Xs[:, l], U[:, l], 3.0); W0, b0 = fit_lr(A, ys, 4, C=C_LR)
            th = lbfgs(im_objective(A, ys, U[:, l], 4, C_LR, lam_im, beta), np.concatenate([W0.ravel(), b0]))
            W = th[:-4].reshape(-1, 4); b = th[-4:]
            P = P + softmax(Te[:, l] @ W + b) / 3; PU = PU + softmax(U[:, l] @ W + b) / 3
        return np.log(P), np.log(PU)
    return head

check_gradient()
GRID = [tuple(map(float, g.split('/'))) for g in os.environ.get('GRID', '0.1/0,0.3/0,0.03/1,0.1/1,0.3/1,1/1').split(',')]
for name, h in [('lam', lam)] + [(f'infomax lambda {a:g} beta {b:g}', infomax(a, b)) for a, b in GRID]:
    report(name, h)
