# Round 9 again with the speakers heard (the benchmark's test-time table): does information maximisation add to
# per-speaker standardisation? Sources are standardised per speaker unless their own labels say speaker and emotion
# are confounded (URDU); the target's adapt half and test half per speaker where the product's label-free decision
# (docs/BENCHMARK.md, "Per-speaker standardisation, and when it is used") chose it: every direction except those
# into URDU and URDU -> RAVDESS. Those decisions are copied from that table for this diagnostic, not recomputed.
#   PYTHONPATH=scripts/numpy-reference STORE=store C=0.01 python3 scripts/numpy-reference/round9_infomax_testtime.py
import os, sys; sys.argv = [sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'round9_infomax.py')).read().split('check_gradient()\n')[0])
K_SHRINK = 5
SOURCES = None
def source(c):
    return prep(c, 'src', 'dom' if c == 'urdu' else 'spk', K_SHRINK)
def target(c):
    per_speaker = c != 'urdu' and not (c == 'ravdess' and SOURCES == ['urdu'])
    mode = 'spk' if per_speaker else 'dom'
    U = prep(c, 'adapt', mode, K_SHRINK)[0]; Te, yt, _ = prep(c, 'test', mode, K_SHRINK, testtime=True)
    return U, Te, yt
def one(head):
    def score(srcs, t):
        global SOURCES
        SOURCES = srcs; U, Te, yt = target(t); P = 0
        for s in srcs:
            Xs, ys = source(s); S, _ = head(Xs, ys, U, Te); P = P + np.exp(S)
        return uar(yt, P.argmax(1))
    return score
for name, h in [('lam, test-time', lam), ('infomax 0.1/1, test-time', infomax(0.1, 1.0)), ('infomax 0.1/0.5, test-time', infomax(0.1, 0.5))]:
    report(name, h)
