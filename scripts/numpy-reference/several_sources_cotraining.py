# Several sources, one head per source: stronger L2 (numpy C is 1/(lambda*n)), five anchors, and one round of
# co-training (target adapt rows on which every source head agrees, most confident per class, added as labelled
# rows). Scored like several_sources.py: the 4 LOLO directions and the 12 two-source directions of LOSO selection.
# Run from the repository root: STORE=store python3 scripts/numpy-reference/several_sources_cotraining.py
import os, sys, time
sys.argv=[sys.argv[0]]
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'speakers_lib.py')).read())
MODE='dom'; K_=5
SETTINGS = os.environ.get('SETTINGS','ind').split(',')
def data(srcs, t, setting):
    trans = setting=='trans'
    parts=[prep(s,'src','dom',K_) for s in srcs]
    U,_ = prep(t,'adapt','dom',K_,trans); Te,yte,_ = prep(t,'test','dom',K_,trans)
    return parts, U, Te, yte
def rankl(parts, U): return list(np.argsort([np.mean([coral_dist(p[0][:,l], U[:,l]) for p in parts]) for l in range(7)]))
def head(X, y, U, layers, eps=3.0, C=0.1, align=True, extra=None):
    ms=[]
    for l in layers:
        xs = coral(X[:,l], U[:,l], eps) if align else X[:,l]; yy=y
        if extra is not None:
            xs = np.concatenate([xs, extra[0][:,l]]); yy = np.concatenate([y, extra[1]])
        W,b = fit_lr(xs, yy, 4, C=C); ms.append((l,W,b))
    return ms
def pr(ms, Te): return sum(softmax(Te[:,l]@W+b) for l,W,b in ms)/len(ms)
def psh(parts, U, Te, top=3, C=0.1, eps=3.0, extra=None):
    return sum(pr(head(p[0],p[1],U,rankl([p],U)[:top],eps,C,extra=extra), Te) for p in parts)/len(parts)
def pseudo(parts, U, P_U, agree_all=True, frac=0.3):
    # co-training: members' argmax on U; keep rows where all source heads agree, per class the most confident frac of U/4
    votes = np.stack([p.argmax(1) for p in P_U]); mean = sum(P_U)/len(P_U); lab = mean.argmax(1)
    ok = np.all(votes==lab, 0) if agree_all else np.ones(len(lab),bool)
    keep=[]; per = int(frac*len(lab)/4)
    for k in range(4):
        idx = np.where(ok & (lab==k))[0]; idx = idx[np.argsort(-mean[idx,k])][:per]; keep += list(idx)
    keep=np.array(sorted(keep),int); return U[keep], lab[keep]
def variants(parts, U, Te):
    P={}
    P['psh3'] = psh(parts,U,Te)
    P['psh3 C.03'] = psh(parts,U,Te,C=0.03)
    P['psh3 C.3'] = psh(parts,U,Te,C=0.3)
    P['psh5'] = psh(parts,U,Te,top=5)
    P['psh3 C.01'] = psh(parts,U,Te,C=0.01)
    P['psh5 C.03'] = psh(parts,U,Te,top=5,C=0.03)
    P['psh5 C.01'] = psh(parts,U,Te,top=5,C=0.01)
    # co-training, one round
    heads = [head(p[0],p[1],U,rankl([p],U)[:3]) for p in parts]
    P_U = [pr(h,U) for h in heads]
    for frac in (0.15, 0.3):
        Xp, yp = pseudo(parts, U, P_U, True, frac)
        if len(yp)>=8 and len(np.unique(yp))==4:
            tgt = pr(head(Xp, yp, U, rankl(parts,U)[:3], align=False), Te)
            P[f'co{frac} tgt-head+psh'] = (P['psh3']*len(parts) + tgt)/(len(parts)+1)
            P[f'co{frac} psh+pseudo'] = psh(parts,U,Te,extra=(Xp,yp))
        else:
            P[f'co{frac} tgt-head+psh'] = P['psh3']; P[f'co{frac} psh+pseudo'] = P['psh3']
    return P
t0=time.time()
for setting in SETTINGS:
    rows={}
    dirs = [([c for c in CORP if c!=t],t) for t in CORP] + [([a for a in CORP if a not in (t,h)],h) for t in CORP for h in CORP if h!=t]
    for srcs,t in dirs:
        parts,U,Te,yte = data(srcs,t,setting)
        for k,v in variants(parts,U,Te).items(): rows.setdefault(k,[]).append(uar(yte, v.argmax(1)))
    for k,v in rows.items():
        lolo=np.mean(v[:4])*100; loso=[np.mean(v[4+3*i:7+3*i])*100 for i in range(4)]
        print(f'{setting:5s} {k:22s} lolo {lolo:5.1f} ['+' '.join(f'{x*100:.0f}' for x in v[:4])+'] loso '+' '.join(f'{x:.1f}' for x in loso)+f' | mean {np.mean(loso):.2f}', flush=True)
    print(f'({time.time()-t0:.0f}s)', flush=True)
