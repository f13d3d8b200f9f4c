# Independent numpy reference for docs/BENCHMARK.md "Several sources and speakers" (not product): per-speaker standardisation with shrinkage, label-free decision statistics.
import numpy as np, csv, glob, sys, itertools, time, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import fit_lr, softmax, uar, coral, coral_dist
import os; ST = glob.glob(os.environ.get('STORE','store')+'/whisper-*mode-'+os.environ.get('SMODE','faithful')+'*')[0]
CL = ['neutral','happy','sad','angry']; CORP=['emodb','emovo','ravdess','urdu']
rows = list(csv.DictReader(open(ST+'/index.csv')))
D = {}
for c in CORP:
    split = {r['path']: r['split'] for r in csv.DictReader(open(f'splits/{c}.adapt-test.csv'))}
    rr = [r for r in rows if r['corpus']==c]
    X = np.stack([np.load(ST+'/'+r['pooled_file'])[:,0,:] for r in rr]).astype(np.float64)  # N,L,d means
    D[c] = dict(X=X, y=np.array([CL.index(r['emotion']) if r['emotion'] in CL else -1 for r in rr]),
                split=np.array([split[r['path']] for r in rr]), spk=np.array([c+':'+r['speaker'] for r in rr]))
def dstats(X): m = X.mean(0); v = X.var(0); return m, v
def spk_std(X, spk, dom, k):
    m_d, v_d = dom; out = np.empty_like(X)
    for s in np.unique(spk):
        i = spk==s; n = i.sum(); m = X[i].mean(0); v = ((X[i]-m)**2).mean(0)
        mm = (n*m + k*m_d)/(n+k); vv = (n*v + k*(v_d + (m_d-mm)**2*0))/(n+k)
        out[i] = (X[i]-mm)/np.sqrt(np.maximum(vv,1e-12))
    return out
def dom_std(X, dom): m,v = dom; return (X-m)/np.sqrt(np.maximum(v,1e-12))
def cond_entropy_ratio(lab, spk, K=4):
    def H(p): p=p[p>0]; return -(p*np.log(p)).sum()
    tot = H(np.bincount(lab, minlength=K)/len(lab))
    h = sum((spk==s).sum()/len(lab) * H(np.bincount(lab[spk==s], minlength=K)/(spk==s).sum()) for s in np.unique(spk))
    return h/tot
for c in CORP:
    y=D[c]['y']; l=y>=0; print(c, 'H(E|S)/H(E) =', round(cond_entropy_ratio(y[l], D[c]['spk'][l]),3))
def prep(c, role, mode, k, trans=False, testtime=False):
    """role: src | adapt | test. returns X (N,L,d) standardised, y"""
    d = D[c]; X = d['X']
    if role == 'src':
        i = d['y']>=0; dom = dstats(X)  # source stats over all its rows
        Z = spk_std(X, d['spk'], dom, k) if mode=='spk' else dom_std(X, dom)
        return Z[i], d['y'][i]
    U = np.ones(len(X),bool) if trans else d['split']=='adapt'
    dom = dstats(X[U])
    if role == 'adapt':
        return (spk_std(X[U], d['spk'][U], dom, k) if mode=='spk' else dom_std(X[U], dom)), None
    T = np.ones(len(X),bool) if trans else d['split']=='test'
    if mode=='spk' and (trans or testtime):
        Z = spk_std(X[T], d['spk'][T], dom, k)   # speaker stats from all test-speaker rows (unlabelled)
        if trans: Z = spk_std(X[U], d['spk'][U], dom, k)  # same rows
    else:
        Z = dom_std(X[T], dom)
    yy = d['y'][T]; keep = yy>=0
    return Z[keep], yy[keep], d['spk'][T][keep]
def lam(Xs, ys, U, Te, eps=3.0, C=0.1, top=3, rank_src=None):
    # rank by coral distance after each own standardisation (already standardised)
    if rank_src is None: rank_src=[Xs]
    dist = [np.mean([coral_dist(s[:,l], U[:,l]) for s in rank_src]) for l in range(7)]
    P = 0; PU = 0
    for l in np.argsort(dist)[:top]:
        xs = coral(Xs[:,l], U[:,l], eps); W,b = fit_lr(xs, ys, 4, C=C)
        P = P + softmax(Te[:,l]@W+b); PU = PU + softmax(U[:,l]@W+b)
    return P.argmax(1), PU.argmax(1)
def wsum(Xs, ys, U, Te, C=0.1):
    P=0; PU=0
    for l in range(7):
        W,b = fit_lr(Xs[:,l], ys, 4, C=C); P = P+softmax(Te[:,l]@W+b); PU = PU+softmax(U[:,l]@W+b)
    return P.argmax(1), PU.argmax(1)
