# Issue 18 prototype (2026-12-03): a model-free shift score from each crop's own colours, leave one lab out.
# Run: PYTHONHASHSEED=0 /usr/bin/python3 docs/notes/issue-18-colour-shift.py  (needs ../shared/data; Debian's python3-opencv, numpy)
# Not product code: the figures it prints are in docs/benchmarks.md, issue 18, "A score without the network".
# Prototype: a model-free shift score from each crop's own colours (CIELAB quantiles), leave one lab out.
import cv2, numpy as np, glob, re, os, random, sys
D=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'data')
Q=[5,25,50,75,95]
def feat(img):
    lab=cv2.cvtColor(cv2.resize(img,(128,128),interpolation=cv2.INTER_AREA),cv2.COLOR_BGR2LAB).reshape(-1,3).astype(np.float32)
    f=[np.percentile(lab[:,c],Q) for c in range(3)]
    return np.concatenate(f)
random.seed(0)
labs={}
# PBC: train folder = train part, val = test part (different crops; PBC has no patient ids)
def pbc(part, n):
    fs=sorted(glob.glob(f'{D}/pbc/{part}/*/*.jpg')); random.shuffle(fs); return [feat(cv2.imread(p)) for p in fs[:n]]
labs['pbc']=(pbc('train',600), pbc('val',400))
# DeepAPL: split by patient
rows=[l.strip().split(',') for l in open(f'{D}/deepapl/labels.csv').readlines()[1:]]
pats=sorted({r[3] for r in rows}); random.shuffle(pats); testp=set(pats[:len(pats)//3])
tr=[r for r in rows if r[3] not in testp]; te=[r for r in rows if r[3] in testp]
random.shuffle(tr); random.shuffle(te)
labs['deepapl']=([feat(cv2.imread(f'{D}/deepapl/{r[0]}')) for r in tr[:600]],[feat(cv2.imread(f'{D}/deepapl/{r[0]}')) for r in te[:400]])
# BCCD: a 36 um window (0.072 um/px: 500 px, clipped) around each WBC box; split by field
btr=[];bte=[]
for x in sorted(glob.glob(f'{D}/bccd/boxes/*.xml')):
    s=open(x).read(); name=os.path.basename(x)[:-4]
    img=cv2.imread(f'{D}/bccd/images/{name}.jpg')
    if img is None: continue
    for m in re.finditer(r'<name>WBC</name>.*?<xmin>(\d+)</xmin>\s*<ymin>(\d+)</ymin>\s*<xmax>(\d+)</xmax>\s*<ymax>(\d+)</ymax>',s,re.S):
        x0,y0,x1,y1=map(int,m.groups()); cx,cy=(x0+x1)//2,(y0+y1)//2; h=250
        c=img[max(0,cy-h):cy+h, max(0,cx-h):cx+h]
        (bte if hash(name)%3==0 else btr).append(feat(c))
labs['bccd']=(btr,bte)
for k,(a,b) in labs.items(): print(k,len(a),len(b))
def auroc(pos,neg):
    pos=np.asarray(pos);neg=np.asarray(neg)
    allv=np.concatenate([pos,neg]); r=allv.argsort().argsort()+1
    return (r[:len(pos)].sum()-len(pos)*(len(pos)+1)/2)/(len(pos)*len(neg))
def fit(X):
    X=np.asarray(X); mu=X.mean(0); C=np.cov(X.T); C=C+np.eye(len(mu))*1e-1*np.trace(C)/len(mu)
    return mu,np.linalg.inv(C)
def score(models,X):
    X=np.asarray(X)
    return np.min([np.einsum('ij,jk,ik->i',X-mu,P,X-mu) for mu,P in models],axis=0)
for out in labs:
    ins=[k for k in labs if k!=out]
    models=[fit(labs[k][0]) for k in ins]
    pos=score(models,labs[out][1]); neg=score(models,np.concatenate([labs[k][1] for k in ins]))
    print(f'{out} left out: colour-quantile shift AUROC {auroc(pos,neg):.3f}')
# variant: k-nearest-neighbour distance (standardised features) instead of one Gaussian per lab
def knn_score(train,X,k=10):
    T=np.asarray(train); sd=T.std(0)+1e-6; T=T/sd; X=np.asarray(X)/sd
    d=((X[:,None,:]-T[None,:,:])**2).sum(-1); d.sort(axis=1); return d[:,:k].mean(1)
for out in labs:
    ins=[k for k in labs if k!=out]
    T=np.concatenate([labs[k][0] for k in ins])
    pos=knn_score(T,labs[out][1]); neg=knn_score(T,np.concatenate([labs[k][1] for k in ins]))
    print(f'{out} left out: colour-quantile kNN shift AUROC {auroc(pos,neg):.3f}')
