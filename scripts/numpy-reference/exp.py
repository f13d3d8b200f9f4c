import numpy as np, sys, itertools, json, time
from lib import *
F = np.load('runs/numpy-reference/feat.npz')
CORP = sorted({k.split('_')[0] for k in F.files})
D = {c: {k: F[f'{c}_{k}'] for k in ['X','y','split','spk']} for c in CORP}
K=4
def direction(s, t, trans):
    S = D[s]; T = D[t]
    ls = S['y']>=0; Xs = S['X'][ls]; ys = S['y'][ls]
    um = np.ones(len(T['y']),bool) if trans else (T['split']=='adapt')
    tm = (T['y']>=0) & (np.ones(len(T['y']),bool) if trans else (T['split']=='test'))
    return Xs, ys, T['X'][um], T['X'][tm], T['y'][tm]
CACHE = {}
def prep(key, Xs, U, Xte, layer, perdomain=True, eps=1.0, pca=None, part=None, whiten=False):
    ck = key+(layer, perdomain, eps, pca, part, whiten)
    if ck in CACHE: return CACHE[ck]
    layers = layer if isinstance(layer, tuple) else (layer,)
    parts = []
    for l in layers:
        xs = Xs[:,l]; u = U[:,l]; te = Xte[:,l]
        if part == 'mean': xs, u, te = xs[:,:512], u[:,:512], te[:,:512]
        ms, ss = std_fit(xs)
        mt, st = std_fit(u) if perdomain else (ms, ss)
        parts.append(((xs-ms)/ss, (u-mt)/st, (te-mt)/st))
    xs = np.mean([p[0] for p in parts],0); u = np.mean([p[1] for p in parts],0); te = np.mean([p[2] for p in parts],0)
    if pca is not None:
        Z = np.vstack([xs, u]); Z = Z - Z.mean(0); w, V = np.linalg.eigh(Z.T@Z); V = V[:, ::-1][:, :pca]
        V = V / np.sqrt(w[::-1][:pca]/len(Z))  # whiten the pooled components so eps keeps its meaning
        xs, u, te = xs@V, u@V, te@V
    if eps is not None and whiten:
        d = xs.shape[1]
        xs = xs @ psd_pow(np.cov(xs, rowvar=False)+eps*np.eye(d), -0.5)
        Wt = psd_pow(np.cov(u, rowvar=False)+eps*np.eye(d), -0.5); u = u@Wt; te = te@Wt
    elif eps is not None: xs = coral(xs, u, eps)
    CACHE[ck] = (xs, u, te); return CACHE[ck]
def run(recipe, dirs):
    out = {}
    for (s,t,trans) in dirs:
        Xs, ys, U, Xte, yte = direction(s,t,trans)
        key = (s,t,trans)
        # ranking by coral distance on per-domain standardised
        if key+('rank',) not in CACHE:
            dist=[]
            for l in range(7):
                a,_ = std_fit(Xs[:,l]); 
                xs=(Xs[:,l]-Xs[:,l].mean(0))/std_fit(Xs[:,l])[1]; u=(U[:,l]-U[:,l].mean(0))/std_fit(U[:,l])[1]
                dist.append(coral_dist(xs,u))
            CACHE[key+('rank',)] = list(np.argsort(dist))
        rank = CACHE[key+('rank',)]
        layers = recipe['layers'](rank)
        P = 0; Z = 0
        for l in layers:
            xs,u,te = prep(key, Xs, U, Xte, l, recipe.get('perdomain',True), recipe.get('eps',1.0), recipe.get('pca'), recipe.get('part'), recipe.get('whiten', False))
            W,b = fit_lr(xs, ys, K, C=recipe.get('C',1.0))
            st = recipe.get('selftrain',0)
            for r in range(st):
                pu = softmax(u@W+b); conf = pu.max(1); lab = pu.argmax(1)
                # class-balanced top fraction per predicted class
                keep=[]
                for k in range(K):
                    idx = np.where(lab==k)[0]
                    if len(idx)==0: continue
                    idx = idx[np.argsort(-conf[idx])][:max(1,int(recipe.get('frac',0.5)*len(idx)))]
                    keep.extend(idx)
                keep=np.array(keep)
                W,b = fit_lr(np.vstack([xs,u[keep]]), np.concatenate([ys,lab[keep]]), K, C=recipe.get('C',1.0))
            z = te@W+b; Z = Z + z; P = P + softmax(z)
            PU = (PU if 'PU' in dir() else 0) + softmax(u@W+b)
        if recipe.get('debias'):
            pi = PU.mean(0); pi = pi/pi.sum()
            P = P/pi**recipe['debias']
        pred = (P if recipe.get('fuse','prob')=='prob' else Z).argmax(1)
        del PU
        out[key] = uar(yte, pred)
    return out
ALL = [(s,t,tr) for tr in (False,True) for s in CORP for t in CORP if s!=t]
def summary(o):
    ind = np.mean([v for k,v in o.items() if not k[2]])*100; tr = np.mean([v for k,v in o.items() if k[2]])*100
    return ind, tr
