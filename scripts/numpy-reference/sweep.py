import sys, json, time
import exp
from exp import *
dirs = exp.ALL
res = {}
def go(name, rec):
    t=time.time(); o = exp.run(rec, dirs); res[name] = {f'{k[0]}>{k[1]}>{int(k[2])}': v for k,v in o.items()}
    i,tr = summary(o); print(f'{name:40s} ind {i:.1f} trans {tr:.1f}  ({time.time()-t:.0f}s)', flush=True)
    json.dump(res, open('runs/numpy-reference/sweep.json','w'))
R = lambda k: (lambda r: r[:k])
go('last-std-src', dict(layers=lambda r:[6], perdomain=False, eps=None))
go('last-perdomain', dict(layers=lambda r:[6], eps=None))
go('top1', dict(layers=R(1), eps=None))
go('top3-prob', dict(layers=R(3), eps=None))
go('all7-prob', dict(layers=R(7), eps=None))
for C in [1.0, 0.1, 0.3, 3.0]:
    go(f'top3-coral-C{C}', dict(layers=R(3), eps=1.0, C=C))
for eps in [0.3, 3.0]:
    go(f'top3-coral-eps{eps}', dict(layers=R(3), eps=eps, C=1.0))
for k in [1,2,4,5,7]:
    go(f'top{k}-coral', dict(layers=R(k), eps=1.0, C=1.0))
go('last-coral', dict(layers=lambda r:[6], eps=1.0))
go('top3-coral-logit', dict(layers=R(3), eps=1.0, fuse='logit'))
go('top3-coral-self1', dict(layers=R(3), eps=1.0, selftrain=1, frac=0.5))
go('gl-layers-123-456', dict(layers=lambda r:[1,2,3,4,5,6], eps=1.0))
go('gl-mean-123-456', dict(layers=lambda r:[(1,2,3),(4,5,6)], eps=1.0))
go('gl-layers-123', dict(layers=lambda r:[1,2,3], eps=1.0))
