import sys, json, time
import exp
from exp import *
dirs = exp.ALL
res = {}
def go(name, rec):
    t=time.time(); o = exp.run(rec, dirs); res[name] = {f'{k[0]}>{k[1]}>{int(k[2])}': v for k,v in o.items()}
    i,tr = summary(o); print(f'{name:40s} ind {i:.1f} trans {tr:.1f}  ({time.time()-t:.0f}s)', flush=True)
    json.dump(res, open('runs/numpy-reference/sweep2.json','w'))
R = lambda k: (lambda r: r[:k])
go('top3-C0.1-eps3', dict(layers=R(3), eps=3.0, C=0.1))
go('top5-C0.1-eps3', dict(layers=R(5), eps=3.0, C=0.1))
go('top3-pca128-eps1', dict(layers=R(3), eps=1.0, C=0.1, pca=128))
go('top3-pca256-eps1', dict(layers=R(3), eps=1.0, C=0.1, pca=256))
go('top3-meanonly', dict(layers=R(3), eps=1.0, C=0.1, part='mean'))
go('top5-C0.1-eps1', dict(layers=R(5), eps=1.0, C=0.1))
go('l1-6-C0.1-eps3', dict(layers=lambda r:[1,2,3,4,5,6], eps=3.0, C=0.1))
go('top3-C0.03-eps3', dict(layers=R(3), eps=3.0, C=0.03))
go('top3-C0.1-eps10', dict(layers=R(3), eps=10.0, C=0.1))
