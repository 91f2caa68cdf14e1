# Prototype (issue 15, 2026-12-07), abandoned: the red-cell radius by granulometry of the red-cell mask instead of circles.
# Usage: /usr/bin/python3 issue-15-scale-granulometry.py PERCENTILE (needs ../shared/data and composed smears in /tmp/s15/composed-100).
import cv2, numpy as np, glob, os, sys, json, xml.etree.ElementTree as ET
W = 480
def truth(xml, w, h):
    if not os.path.exists(xml): return None
    s = []
    for o in ET.parse(xml).getroot().iter('object'):
        if o.find('name').text != 'RBC': continue
        b = o.find('bndbox'); x0, y0, x1, y1 = [float(b.find(k).text) for k in ('xmin', 'ymin', 'xmax', 'ymax')]
        if x0 > 2 and y0 > 2 and x1 < w - 2 and y1 < h - 2: s.append(max(x1 - x0, y1 - y0))
    return 7.5 / sorted(s)[len(s) // 2] if len(s) >= 5 else None
def radius(img, q):
    s = W / max(img.shape[:2]); g = cv2.resize(img[:, :, 1], None, fx=s, fy=s, interpolation=cv2.INTER_AREA).astype(np.float32)
    bg = cv2.GaussianBlur(g, (0, 0), W / 5.0) + 1; g = g / bg
    g8 = np.clip(g / g.max() * 255, 0, 255).astype(np.uint8)
    _, m = cv2.threshold(g8, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    m = cv2.morphologyEx(m, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    # fill holes (central pallor): what the border's flood does not reach
    inv = 255 - m; ff = inv.copy(); mask = np.zeros((m.shape[0] + 2, m.shape[1] + 2), np.uint8)
    pad = cv2.copyMakeBorder(inv, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=255)
    cv2.floodFill(pad, None, (0, 0), 0); holes = pad[1:-1, 1:-1]
    # only small holes are pallor (a hole bigger than a few cells is plasma enclosed by cells)
    n, lab, st, _ = cv2.connectedComponentsWithStats(holes, 4)
    filled = m.copy()
    for i in range(1, n):
        if st[i, 4] < (W / 8) ** 2: filled[lab == i] = 255
    dt = cv2.distanceTransform(filled, cv2.DIST_L2, 5)
    mx = cv2.dilate(dt, np.ones((5, 5), np.uint8))
    peaks = dt[(dt == mx) & (dt >= 3)]
    if len(peaks) < 5: return None
    return np.percentile(peaks, q) / s
def run(files, q):
    out = []
    for f in files:
        img = cv2.imread(f); stem = os.path.splitext(os.path.basename(f))[0]
        t = truth(os.path.join(os.path.dirname(os.path.dirname(f)), 'boxes', stem + '.xml'), img.shape[1], img.shape[0])
        js = f[:-4] + '.json'
        if t is None and os.path.exists(js): t = json.load(open(js))['scale_um_per_px']
        r = radius(img, q)
        out.append((stem, r, t))
    return out
if __name__ == '__main__':
    q = float(sys.argv[1])
    sets = {'composed': sorted(glob.glob('/tmp/s15/composed-100/*.jpg')), 'bccd': sorted(glob.glob('/work/shared/data/bccd/images/*'))[:150],
            'dbn': sorted(glob.glob('/work/shared/data/deepbionet-fields/images/*'))[:150], 'raabin': sorted(glob.glob('/work/shared/data/raabin-fields/images/*'))[:150]}
    res = {k: run(v, q) for k, v in sets.items()}
    # calibration on the composed smears alone (known scale): diameter = 2 r / bias
    c = [7.5 / (2 * r) / t for _, r, t in res['composed'] if r]  # = bias
    bias = float(np.median(c)); print('bias from composed', round(bias, 3))
    for k, v in res.items():
        est = [(st, 7.5 / (2 * r) / bias if r else None, t) for st, r, t in v]
        if k == 'raabin':
            e = np.array([x for _, x, _ in est if x]); print(k, 'n', len(e), 'median', round(np.median(e), 4), 'within 15% of 0.055', round(np.mean(abs(e / 0.055 - 1) < 0.15), 2), '>0.08', int((e > 0.08).sum()), 'none', sum(x is None for _, x, _ in est))
        else:
            err = np.array([x / t - 1 for _, x, t in est if x and t]); print(k, 'n', len(err), 'median err', round(np.median(err), 3), 'median |err|', round(np.median(abs(err)), 3), 'within 15%', round(np.mean(abs(err) < 0.15), 2))
