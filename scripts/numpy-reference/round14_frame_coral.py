# Fourteenth round (reference only): CORAL's covariances estimated from the speech frames instead of the utterances,
# aimed at the pairwise table. The utterance-level covariance of a few hundred pooled vectors in 512 dimensions is a
# noisy estimate (hence CORAL's eps); the frames give a hundred times more rows, and their covariance describes how
# each language's sounds spread, which is what differs between languages. Each frame is standardised with its
# domain's pooled statistics (the source's over all its rows, the target's over its unlabelled adapt half), the
# frame covariance is scaled to the trace of the domain's utterance covariance (so eps keeps its meaning), then:
#   frame    CORAL from the frame covariances of source and target
#   mix      CORAL from the average of the utterance and the (scaled) frame covariance, on each side
# Then as in round 5 (top 3 anchors of the ranking on the means, one head per anchor). Reads no target label.
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round14_frame_coral.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round5.py')).read().split('# --- the runs ---')[0])

def frame_covariances():
    """(corpus, role) -> 7 frame covariances; role 'src' = every row with the corpus's statistics, 'adapt' = the adapt half with its own."""
    out = {}
    for c in CORP:
        rr = [r for r in rows if r['corpus'] == c]; d = D[c]; U = d['split'] == 'adapt'
        stats = {'src': (dstats(d['X']), np.ones(len(rr), bool)), 'adapt': (dstats(d['X'][U]), U)}
        acc = {role: [np.zeros((7, 512, 512)), np.zeros((7, 512)), 0] for role in stats}   # sum z z^T, sum z, frames
        for i, r in enumerate(rr):
            F = np.load(ST + '/' + r['frames_file']).astype(np.float64)   # (7, T, 512)
            for role, ((m, v), member) in stats.items():
                if not member[i]: continue
                Z = (F - m[:, None, :]) / np.sqrt(np.maximum(v, 1e-12))[:, None, :]
                a = acc[role]; a[0] += np.matmul(Z.transpose(0, 2, 1), Z); a[1] += Z.sum(1); a[2] += Z.shape[1]
        for role, (S, s, n) in acc.items():
            mu = s / n; out[c, role] = [(S[l] - n * np.outer(mu[l], mu[l])) / (n - 1) for l in range(7)]
        print(f'{c}: frame covariances from {acc["src"][2]} frames (adapt half {acc["adapt"][2]})', flush=True)
    return out
FC = frame_covariances()

def coral_cov(Xs, Cs, Ct, eps=3.0):
    I = np.eye(Xs.shape[1]); return Xs @ psd_pow(Cs + eps * I, -0.5) @ psd_pow(Ct + eps * I, 0.5)
def scaled(F, C): return F * (np.trace(C) / np.trace(F))

def run(kind):
    def score(srcs, t):
        U, Te, yt = target(t); P = 0
        for s in srcs:
            Xs, ys = source(s); S = 0
            for l in top3(Xs, U):
                Cs, Ct = np.cov(Xs[:, l], rowvar=False), np.cov(U[:, l], rowvar=False)
                Fs, Ft = scaled(FC[s, 'src'][l], Cs), scaled(FC[t, 'adapt'][l], Ct)
                if kind == 'mix': Fs, Ft = (Fs + Cs) / 2, (Ft + Ct) / 2
                W, b = fit_lr(coral_cov(Xs[:, l], Fs, Ft), ys, 4, C=C_LR); S = S + softmax(Te[:, l] @ W + b) / 3
            P = P + S
        return uar(yt, P.argmax(1))
    return score

report('lam', lam)
report_score('frame CORAL', run('frame'))
report_score('mixed CORAL', run('mix'))
