import numpy as np
def lbfgs(f, x0, m=10, iters=300, tol=1e-5):
    x = x0.copy(); fx, g = f(x); S=[]; Y=[]
    for it in range(iters):
        if np.max(np.abs(g)) < tol: break
        q = g.copy(); al=[]
        for s,y in reversed(list(zip(S,Y))):
            a = s@q/(y@s); al.append(a); q -= a*y
        if S: q *= (S[-1]@Y[-1])/(Y[-1]@Y[-1])
        for (s,y),a in zip(zip(S,Y), reversed(al)):
            b = y@q/(y@s); q += s*(a-b)
        d = -q; t = 1.0 if S else 1.0/max(1e-12, np.linalg.norm(g))
        gd = g@d
        if gd >= 0: d=-g; gd=g@d; S=[];Y=[]
        while True:
            xn = x+t*d; fn, gn = f(xn)
            if fn <= fx + 1e-4*t*gd or t < 1e-12: break
            t *= 0.5
        s = xn-x; y = gn-g
        if s@y > 1e-12: S.append(s); Y.append(y)
        if len(S)>m: S.pop(0); Y.pop(0)
        x, fx, g = xn, fn, gn
    return x
def softmax(z):
    z = z - z.max(1, keepdims=True); e = np.exp(z); return e/e.sum(1, keepdims=True)
def fit_lr(X, y, K, C=1.0, sw=None, balanced=True):
    n, d = X.shape
    if sw is None:
        cnt = np.bincount(y, minlength=K).astype(float)
        sw = n/(np.sum(cnt>0)*cnt[y]) if balanced else np.ones(n)
    Y = np.eye(K)[y]
    def f(th):
        W = th[:d*K].reshape(d,K); b = th[d*K:]
        P = softmax(X@W+b); lp = np.log(np.clip(P[np.arange(n), y],1e-300,None))
        loss = -C*np.sum(sw*lp) + 0.5*np.sum(W*W)
        G = C*(P-Y)*sw[:,None]
        return loss, np.concatenate([(X.T@G + W).ravel(), G.sum(0)])
    th = lbfgs(f, np.zeros(d*K+K))
    return th[:d*K].reshape(d,K), th[d*K:]
def uar(y, p, K=4):
    return np.mean([np.mean(p[y==k]==k) for k in range(K) if np.any(y==k)])
def std_fit(X):
    m = X.mean(0); s = X.std(0); s[s<1e-6]=1; return m, s
def psd_pow(C, p):
    w, V = np.linalg.eigh(C); w = np.clip(w, 1e-12, None); return (V*w**p)@V.T
def coral(Xs, Xt, eps=1.0):
    Cs = np.cov(Xs, rowvar=False) + eps*np.eye(Xs.shape[1]); Ct = np.cov(Xt, rowvar=False) + eps*np.eye(Xs.shape[1])
    return Xs @ psd_pow(Cs, -0.5) @ psd_pow(Ct, 0.5)
def coral_dist(Xs, Xt):
    d = Xs.shape[1]; return np.sum((np.cov(Xs,rowvar=False)-np.cov(Xt,rowvar=False))**2)/(4*d*d)
