import sys, json, time
import exp
from exp import *
dirs = exp.ALL
res = {}
def go(name, rec):
    t=time.time(); o = exp.run(rec, dirs); res[name] = {f'{k[0]}>{k[1]}>{int(k[2])}': v for k,v in o.items()}
    i,tr = summary(o); print(f'{name:40s} ind {i:.1f} trans {tr:.1f}  ({time.time()-t:.0f}s)', flush=True)
    json.dump(res, open('runs/numpy-reference/sweep3.json','w'))
R = lambda k: (lambda r: r[:k])
go('top3-C0.3-debias1', dict(layers=R(3), eps=1.0, C=0.3, debias=1.0))
go('top3-C0.3-debias0.5', dict(layers=R(3), eps=1.0, C=0.3, debias=0.5))
go('top3-C0.3-whiten', dict(layers=R(3), eps=1.0, C=0.3, whiten=True))
go('top5-C0.3-debias1', dict(layers=R(5), eps=1.0, C=0.3, debias=1.0))
go('last-nocoral-debias1', dict(layers=lambda r:[6], eps=None, debias=1.0))
