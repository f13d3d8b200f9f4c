import numpy as np, csv, glob, os, sys
STORE = glob.glob(os.environ.get('STORE', 'store') + '/whisper-*mode-faithful*')[0]
CL = ['neutral','happy','sad','angry']
CORP = sys.argv[1].split(',') if len(sys.argv)>1 else ['emodb','emovo','ravdess','urdu']
def load():
    rows = list(csv.DictReader(open(STORE+'/index.csv'))) or [dict(zip(open(STORE+'/index.csv').readline().strip().split(','), r)) for j in sorted(glob.glob(STORE+'/journal*.csv')) for r in csv.reader(open(j))]  # journal-<pid>@<host>-<id>.csv since per-writer journals
    data = {}
    for c in CORP:
        split = {r['path']: r['split'] for r in csv.DictReader(open(f'splits/{c}.adapt-test.csv'))}
        rr = [r for r in rows if r['corpus']==c]
        X = np.stack([np.load(STORE+'/'+r['pooled_file']).reshape(7,-1) for r in rr]).astype(np.float64)  # N,L,2d
        emo = np.array([r['emotion'] for r in rr]); sp = np.array([split[r['path']] for r in rr])
        spk = np.array([r['speaker'] for r in rr])
        y = np.array([CL.index(e) if e in CL else -1 for e in emo])
        data[c] = dict(X=X, y=y, split=sp, spk=spk)
    return data
if __name__ == '__main__':
    os.makedirs('runs/numpy-reference', exist_ok=True); d = load(); np.savez('runs/numpy-reference/feat.npz', **{f'{c}_{k}': v for c in d for k, v in d[c].items()})
    for c in d: print(c, d[c]['X'].shape, np.bincount(d[c]['y'][d[c]['y']>=0]))
