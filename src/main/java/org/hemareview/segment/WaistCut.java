package org.hemareview.segment;

/**
 * Separates two cells' nuclei that ended up in one group: a group longer than one cell's nucleus
 * ever is, with a gap or a thin neck across its long axis, is cut at that neck.
 *
 * <p>Nuclei of touching cells that touch each other form one piece, which {@link LobeGrouping}
 * cannot take apart (specks joining regardless of length can also bridge two nuclei), and an
 * erythroblast's round nucleus against a basophil's granules has no thick second core for the
 * watershed split. Measured on the BCCD fields and the composed smears (first with plain
 * dilation grouping): one cell's nucleus group is at most ~18 µm long, and the few that long
 * are solid across (narrowest cross-section ≥ 2.9 µm and ≥ 0.41 of the width beside it); bilobed
 * nuclei with a clean gap between the lobes are at most 16.6 µm long. The joined pairs were
 * 18.8-24 µm long with a neck of 0-0.9 µm, or 0-0.21 of the width beside it.
 */
final class WaistCut {
    private final double minLengthUm;
    private final double maxNeckUm;
    private final double maxNeckShare;
    private final double minPartUm2;

    /**
     * @param minLengthUm  a group at least this long along its main axis may hold two nuclei
     * @param maxNeckUm    it is cut where its cross-section, in the middle half of its length, is at most this wide ...
     * @param maxNeckShare ... or at most this share of the widest cross-section on the narrower side of the neck
     * @param minPartUm2   and only when both parts are at least this large (a nucleus, not a speck)
     */
    WaistCut(double minLengthUm, double maxNeckUm, double maxNeckShare, double minPartUm2) {
        this.minLengthUm = minLengthUm;
        this.maxNeckUm = maxNeckUm;
        this.maxNeckShare = maxNeckShare;
        this.minPartUm2 = minPartUm2;
    }

    /**
     * Cuts groups in place; a cut part gets a new label.
     *
     * @param labels group labels, row-major, 0 = background
     * @param width  row length of {@code labels}
     * @param n      labels in use, 0 included
     * @param pxUm   µm per pixel of {@code labels}
     * @return labels in use after cutting
     */
    int cut(int[] labels, int width, int n, double pxUm) {
        int[] count = new int[n];
        for (int l : labels) {
            if (l > 0 && l < n) {
                count[l]++;
            }
        }
        int[][] members = new int[n][];
        for (int g = 1; g < n; g++) {
            members[g] = new int[count[g]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l > 0 && l < n) {
                members[l][fill[l]++] = i;
            }
        }
        int next = n;
        for (int g = 1; g < n; g++) {
            // a part may itself hold two nuclei (three cells in a row): cut again, at most twice more
            next = cutGroup(labels, width, members[g], next, pxUm, 3);
        }
        return next;
    }

    private int cutGroup(int[] labels, int width, int[] pixels, int next, double pxUm, int depth) {
        double pxArea = pxUm * pxUm;
        if (depth == 0 || pixels.length * pxArea < 2 * minPartUm2) {
            return next;
        }
        double[] axis = mainAxis(pixels, width);
        double[] t = new double[pixels.length];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < pixels.length; i++) {
            t[i] = (pixels[i] % width) * axis[0] + (pixels[i] / width) * axis[1];
            lo = Math.min(lo, t[i]);
            hi = Math.max(hi, t[i]);
        }
        if ((hi - lo) * pxUm < minLengthUm) {
            return next;
        }
        // cross-section width along the axis, in slabs of 2 px
        double slab = 2.0;
        int bins = (int) Math.ceil((hi - lo) / slab) + 1;
        int[] hist = new int[bins];
        for (double v : t) {
            hist[(int) ((v - lo) / slab)]++;
        }
        int from = bins / 4;
        int to = bins - 1 - bins / 4;
        int neck = -1;
        for (int b = from; b <= to; b++) {
            if (neck < 0 || hist[b] < hist[neck]) {
                neck = b;
            }
        }
        int widestBefore = 0;
        int widestAfter = 0;
        for (int b = 0; b < bins; b++) {
            if (b < neck) {
                widestBefore = Math.max(widestBefore, hist[b]);
            } else if (b > neck) {
                widestAfter = Math.max(widestAfter, hist[b]);
            }
        }
        boolean thin = hist[neck] / slab * pxUm <= maxNeckUm || hist[neck] <= maxNeckShare * Math.min(widestBefore, widestAfter);
        if (!thin) {
            return next;
        }
        double cutAt = lo + (neck + 0.5) * slab;
        int far = 0;
        for (double v : t) {
            far += v > cutAt ? 1 : 0;
        }
        int near = pixels.length - far;
        if (Math.min(near, far) * pxArea < minPartUm2) {
            return next;
        }
        int[] nearPx = new int[near];
        int[] farPx = new int[far];
        int a = 0;
        int b = 0;
        int newLabel = next++;
        for (int i = 0; i < pixels.length; i++) {
            if (t[i] > cutAt) {
                labels[pixels[i]] = newLabel;
                farPx[b++] = pixels[i];
            } else {
                nearPx[a++] = pixels[i];
            }
        }
        next = cutGroup(labels, width, nearPx, next, pxUm, depth - 1);
        return cutGroup(labels, width, farPx, next, pxUm, depth - 1);
    }

    /** Unit vector along the pixels' main axis (largest eigenvector of their covariance). */
    static double[] mainAxis(int[] pixels, int width) {
        double mx = 0;
        double my = 0;
        for (int p : pixels) {
            mx += p % width;
            my += p / width;
        }
        mx /= pixels.length;
        my /= pixels.length;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int p : pixels) {
            double dx = p % width - mx;
            double dy = p / width - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        double angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
        return new double[] {Math.cos(angle), Math.sin(angle)};
    }
}
