import os, sys; sys.argv=[sys.argv[0]]; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'speakers_lib.py')).read())
import json
def spread(c, trans=False):
    d=D[c]; U = np.ones(len(d['X']),bool) if trans else d['split']=='adapt'
    X = d['X'][U][:,3]; s = d['spk'][U]; tot = X.var(0).sum()
    between = sum((s==q).mean()*((X[s==q].mean(0)-X.mean(0))**2).sum() for q in np.unique(s))
    return between/tot
res = {}
def direction(srcs, t, setting, smode, tmode, k, algo='lam'):
    trans = setting=='trans'; tt = setting=='testtime'
    parts = [prep(s,'src', smode if not isinstance(smode,dict) else smode[s], k) for s in srcs]
    Xs = np.concatenate([p[0] for p in parts]); ys = np.concatenate([p[1] for p in parts])
    U,_ = prep(t,'adapt', tmode, k, trans)
    Te, yte, spk = prep(t,'test', tmode, k, trans, tt)
    if algo=='lam': pred, pu = lam(Xs, ys, U, Te, rank_src=[p[0] for p in parts])
    else: pred, pu = wsum(Xs, ys, U, Te)
    return uar(yte, pred), pu
t0=time.time()
dirs = [([s],t) for s in CORP for t in CORP if s!=t] + [([c for c in CORP if c!=t],t) for t in CORP]
for c in CORP: print(c, 'between-speaker share (layer3 adapt)', round(spread(c),3), 'trans', round(spread(c,True),3))
for setting in ['ind','trans','testtime']:
    for name,(sm,tm,k) in {'dom':('dom','dom',0),'spk0':('spk','spk',0),'spk5':('spk','spk',5),'spk20':('spk','spk',20),'srcspk5':('spk','dom',5)}.items():
        if setting=='testtime' and tm=='dom': continue
        out=[]
        for srcs,t in dirs:
            u, pu = direction(srcs,t,setting,sm,tm,k)
            out.append(u)
            if name=='dom' and setting=='ind':
                # label-free target statistic: predicted-class spread per speaker
                d=D[t]; U = d['split']=='adapt'
                parts = [prep(s,'src','dom',0) for s in srcs]
                Xs = np.concatenate([p[0] for p in parts]); ys = np.concatenate([p[1] for p in parts])
                Uu,_ = prep(t,'adapt','dom',0)
                _, pw = wsum(Xs, ys, Uu, Uu)
                print('  ', '+'.join(srcs),'->',t,'pred H(P|S)/H(P) lam =', round(cond_entropy_ratio(pu, d['spk'][U]),3), 'ws =', round(cond_entropy_ratio(pw, d['spk'][U]),3))
            res[f'{setting}/{name}/{"+".join(srcs)}>{t}'] = u
        pw = np.mean(out[:12])*100; lo = np.mean(out[12:])*100
        print(f'{setting:9s} {name:8s} pairwise {pw:.1f}  lolo {lo:.1f}  | ' + ' '.join(f'{x*100:.0f}' for x in out), f'({time.time()-t0:.0f}s)', flush=True)
json.dump(res, open('runs/numpy-reference/speakers.json','w'))
