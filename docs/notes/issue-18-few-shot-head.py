# Few-shot head adaptation on a model's pooled features (issue 18, 2026-12-07): a prototype study, not product code.
# Usage: /usr/bin/python3 issue-18-few-shot-head.py EMBED.csv LAB [SEED], EMBED.csv from `hemareview embed --model M --cells CELLS.csv --out EMBED.csv`.
import csv, sys, numpy as np, collections
path = sys.argv[1]; lab = sys.argv[2]; seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
classes8 = ["basophil","eosinophil","erythroblast","ig","lymphocyte","monocyte","neutrophil","platelet"]
pooled, logits, meta = {}, {}, {}
with open(path) as f:
    r = csv.reader(f); next(r)
    for row in r:
        key = row[0]; v = np.array(row[6].split(), dtype=np.float32)
        meta[key] = (row[1], row[2], row[3], row[4])
        (pooled if row[5] == "pooled" else logits)[key] = v
keys = [k for k in meta if meta[k][0] in classes8]
X = np.stack([pooled[k] for k in keys]); L = np.stack([logits[k] for k in keys])
y = np.array([classes8.index(meta[k][0]) for k in keys]); labs = np.array([meta[k][1] for k in keys])
groups = np.array([meta[k][2] for k in keys]); parts = np.array([meta[k][3] for k in keys])
rng = np.random.RandomState(seed + 17)
test = np.where((labs == lab) & (parts == "test"))[0]
others = {}
for o in sorted(set(labs) - {lab}):
    idx = np.where((labs == o) & (parts == "test"))[0]; rng.shuffle(idx); others[o] = idx[:400]
pool = np.where((labs == lab) & (parts != "test"))[0]
reh = np.where((labs == "pbc") & (parts == "train"))[0]  # the base model's own lab, as the wizard rehearses
def acc(pred, idx): return (pred[idx] == y[idx]).mean()
def first_groups(n, rs):
    g = list(dict.fromkeys(groups[pool])); rs.shuffle(g); out = []
    for gg in g:
        if len(out) >= n: break
        c = [i for i in pool if groups[i] == gg]; rs.shuffle(c); out += c[:n - len(out)]
    return np.array(out)
mu = X[reh].mean(0); sd = X[reh].std(0) + 1e-3
Z = (X - mu) / sd
def softmax_fit(Zt, yt, w, l2=1e-2, iters=300, lr=0.5, W0=None):
    k = 8; d = Zt.shape[1]
    W = np.zeros((d, k)) if W0 is None else W0[0].copy(); b = np.zeros(k) if W0 is None else W0[1].copy()
    Y = np.eye(k)[yt]
    for _ in range(iters):
        P = Zt @ W + b; P -= P.max(1, keepdims=True); P = np.exp(P); P /= P.sum(1, keepdims=True)
        G = (P - Y) * w[:, None]
        W -= lr * (Zt.T @ G / w.sum() + l2 * W); b -= lr * G.sum(0) / w.sum()
    return W, b
def pred_head(W, b): return (Z @ W + b).argmax(1)
base = L.argmax(1)
print(f"{lab}: 0 cells base {acc(base,test):.3f} | " + " ".join(f"{o} {acc(base,i):.3f}" for o, i in others.items()))
# base head refit on rehearsal only (check that a linear head on pooled reproduces the model)
rs_reh = np.random.RandomState(3); rsub = reh[rs_reh.permutation(len(reh))[:3000]]
def class_weights(idx):
    c = collections.Counter(y[idx]); return np.array([1.0 / c[t] for t in y[idx]])
W0 = softmax_fit(Z[rsub], y[rsub], class_weights(rsub))
p0 = pred_head(*W0)
print(f"refit head on other labs: {acc(p0,test):.3f} | " + " ".join(f"{o} {acc(p0,i):.3f}" for o, i in others.items()))
for n in [25, 50, 100, 200]:
    res = collections.defaultdict(list)
    for s in range(5):
        chosen = first_groups(n, np.random.RandomState(seed * 100 + s))
        # (1) head on lab cells + rehearsal, lab cells weighted up
        for lw in [1.0, 5.0, 20.0]:
            idx = np.concatenate([chosen, rsub]); w = np.concatenate([np.full(len(chosen), lw), np.full(len(rsub), 1.0)])
            cw = class_weights(idx); W = softmax_fit(Z[idx], y[idx], w * cw * len(idx) / (w*cw).sum(), W0=W0, iters=200)
            p = pred_head(*W); res[f"head lw{lw}"].append([acc(p, test)] + [acc(p, i) for i in others.values()])
        # (2) prototypes: lab class means where present, else other labs' means shifted by the lab's mean offset
        cm = np.stack([Z[rsub][y[rsub] == c].mean(0) for c in range(8)])
        off = Z[chosen].mean(0) - Z[rsub].mean(0)
        for alpha in [0.5, 1.0]:
            proto = cm + alpha * off
            for c in range(8):
                m = chosen[y[chosen] == c]
                if len(m): proto[c] = (Z[m].sum(0) + 2 * proto[c]) / (len(m) + 2)
            p = ((Z[:, None, :] - proto[None]) ** 2).sum(2).argmin(1)
            res[f"proto a{alpha}"].append([acc(p, test)] + [acc(p, i) for i in others.values()])
        # (3) bias only: base logits + per-class bias fitted on lab cells
        bb = np.zeros(8); Y = np.eye(8)[y[chosen]]
        for _ in range(300):
            P = L[chosen] + bb; P -= P.max(1, keepdims=True); P = np.exp(P); P /= P.sum(1, keepdims=True)
            bb -= 0.5 * ((P - Y).mean(0) + 0.01 * bb)
        p = (L + bb).argmax(1); res["bias only (lab's)"].append([acc(p, test)] + [acc(p, i) for i in others.values()])
    for k, v in res.items():
        v = np.array(v); print(f"{n:4d} {k:22s} {lab} {v[:,0].mean():.3f} (+-{v[:,0].std():.3f}) | " + " ".join(f"{o} {v[:,j+1].mean():.3f}" for j, o in enumerate(others)))
