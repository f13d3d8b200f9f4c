import sys, json, time
import exp
from exp import *
dirs = exp.ALL
res = {}
name_ = sys.argv[1]
def go(name, rec):
    t=time.time(); o = exp.run(rec, dirs); res[name] = {f'{k[0]}>{k[1]}>{int(k[2])}': v for k,v in o.items()}
    i,tr = summary(o); print(f'{name:40s} ind {i:.1f} trans {tr:.1f}  ({time.time()-t:.0f}s)', flush=True)
    json.dump(res, open(f'runs/numpy-reference/{name_}.json','w'))
R = lambda k: (lambda r: r[:k])
M = 'mean'
if name_ == 'sweep4a':
    go('M-top3-eps3-C0.1', dict(layers=R(3), eps=3.0, C=0.1, part=M))
    go('M-top5-eps1-C0.1', dict(layers=R(5), eps=1.0, C=0.1, part=M))
    go('M-top3-eps1-C0.03', dict(layers=R(3), eps=1.0, C=0.03, part=M))
    go('M-top5-eps3-C0.1', dict(layers=R(5), eps=3.0, C=0.1, part=M))
    go('M-l1-6-eps1-C0.1', dict(layers=lambda r:[1,2,3,4,5,6], eps=1.0, C=0.1, part=M))
else:
    go('M-last', dict(layers=lambda r:[6], eps=None, C=0.1, part=M))
    go('M-all7', dict(layers=R(7), eps=None, C=0.1, part=M))
    go('M-last-coral', dict(layers=lambda r:[6], eps=1.0, C=0.1, part=M))
    go('M-top3-eps1-C0.3', dict(layers=R(3), eps=1.0, C=0.3, part=M))
    go('M-top1-eps1-C0.1', dict(layers=R(1), eps=1.0, C=0.1, part=M))
