# Several sources: variants, scored on the 4 LOLO directions and on the 12 two-source directions that
# leave-one-source-out selection uses (for target T: each of T's sources the target of the other two).
import os, sys; sys.argv=[sys.argv[0]]; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'speakers_lib.py')).read())
import json
MODE = os.environ.get('MODE','dom') if 'os' in dir() else 'dom'
import os; MODE = os.environ.get('MODE','dom'); K_=5
def data(srcs, t, setting, mode):
    trans = setting=='trans'; tt = setting=='testtime'
    # auto: sources per speaker when label spread >= .5, target per speaker when mode == spk
    parts=[]
    for s in srcs:
        y=D[s]['y']; l=y>=0
        sm = 'spk' if (mode=='spk' and cond_entropy_ratio(y[l], D[s]['spk'][l])>=0.5) else 'dom'
        parts.append(prep(s,'src',sm,K_))
    tm = mode if t!='urdu' else 'dom'   # oracle stand-in for the label-free target test (checked separately)
    U,_ = prep(t,'adapt',tm,K_,trans); Te,yte,_ = prep(t,'test',tm,K_,trans,tt)
    return parts, U, Te, yte
def members(parts, U, layers, align, eps=3.0, C=0.1, per_source_align=False, weights=None):
    Xs = np.concatenate([p[0] for p in parts]); ys = np.concatenate([p[1] for p in parts])
    sw = None
    if weights is not None:
        sw = np.concatenate([np.full(len(p[1]), w) for p,w in zip(parts, weights)])
        cnt = np.bincount(ys, minlength=4).astype(float); sw = sw * len(ys)/(4*cnt[ys]); sw = sw*len(ys)/sw.sum()
    out=[]
    for l in layers:
        if align and per_source_align: xs = np.concatenate([coral(p[0][:,l], U[:,l], eps) for p in parts])
        elif align: xs = coral(Xs[:,l], U[:,l], eps)
        else: xs = Xs[:,l]
        out.append((l,)+fit_lr(xs, ys, 4, C=C, sw=sw))
    return out
def predict(ms, Te): return sum(softmax(Te[:,l]@W+b) for l,W,b in ms)
def rank(parts, U, how='per-source'):
    if how=='per-source': return list(np.argsort([np.mean([coral_dist(p[0][:,l], U[:,l]) for p in parts]) for l in range(7)]))
    if how=='all-pairs':
        sets=[p[0] for p in parts]+[U]
        return list(np.argsort([np.mean([coral_dist(a[:,l], b[:,l]) for i,a in enumerate(sets) for b in sets[i+1:]]) for l in range(7)]))
def variants(parts, U, Te):
    r = rank(parts, U); ra = rank(parts, U, 'all-pairs')
    P = {}
    lam = members(parts, U, r[:3], True); ws = members(parts, U, range(7), False)
    P['lam'] = predict(lam, Te); P['ws'] = predict(ws, Te)
    P['lam+ws'] = P['lam']/3 + P['ws']/7
    P['lam-allpairs'] = predict(members(parts, U, ra[:3], True), Te)
    P['coral-all7'] = predict(members(parts, U, range(7), True), Te)
    P['lam5'] = predict(members(parts, U, r[:5], True), Te)
    P['lam-persrc-align'] = predict(members(parts, U, r[:3], True, per_source_align=True), Te)
    d = np.array([np.mean([coral_dist(p[0][:,l], U[:,l]) for l in r[:3]]) for p in parts]); w = (1/d)/np.mean(1/d)
    P['lam-srcweight'] = predict(members(parts, U, r[:3], True, weights=w), Te)
    # per-source heads combined
    P['lam-persrc-heads'] = sum(predict(members([p], U, rank([p],U)[:3], True), Te) for p in parts)
    P['ws-persrc-heads'] = sum(predict(members([p], U, range(7), False), Te) for p in parts)
    P['lam5-persrc-heads'] = sum(predict(members([p], U, rank([p],U)[:5], True), Te) for p in parts)
    return P
t0=time.time(); res={}
for setting in (['ind','testtime','trans'] if MODE=='spk' else ['ind','trans']):
    rows = {}
    dirs = [([c for c in CORP if c!=t],t) for t in CORP] + [([a for a in CORP if a not in (t,h)],h) for t in CORP for h in CORP if h!=t]
    for srcs,t in dirs:
        parts,U,Te,yte = data(srcs,t,setting,MODE)
        P = variants(parts,U,Te)
        for k,v in P.items(): rows.setdefault(k,[]).append(uar(yte, v.argmax(1)))
    for k,v in rows.items():
        lolo = np.mean(v[:4])*100
        # LOSO estimate per target T: mean over the 3 two-source directions of T's sources
        loso = [np.mean(v[4+3*i:4+3*i+3])*100 for i in range(4)]
        print(f'{MODE} {setting:9s} {k:18s} lolo {lolo:5.1f} ['+' '.join(f'{x*100:.0f}' for x in v[:4])+'] loso '+' '.join(f'{x:.1f}' for x in loso), flush=True)
        res[f'{setting}/{k}'] = v
    print(f'({time.time()-t0:.0f}s)')
json.dump(res, open(f'runs/numpy-reference/several-sources-{MODE}.json','w'))
