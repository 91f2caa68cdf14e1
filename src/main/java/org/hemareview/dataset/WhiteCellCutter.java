package org.hemareview.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Cuts the centred white cell out of a PBC-style single-cell crop.
 *
 * <p>The nucleus is found by colour (saturated and dark: the purple of May-Grünwald-Giemsa
 * chromatin). The cell border is then traced in polar coordinates around the nucleus: along each
 * of 180 rays, the first strong colour edge (Lab gradient) beyond the nucleus, with a circular
 * median to remove spikes. Pale cytoplasm that a colour threshold misses is kept this way.
 */
final class WhiteCellCutter {
    private static final int ANGLES = 180;

    /** The cell outline in crop coordinates, or empty when the crop shows no central nucleus. */
    Optional<MatOfPoint> outline(Mat crop) {
        int w = crop.cols();
        int h = crop.rows();
        Mat nucleus = nucleusMask(crop);
        try {
            Optional<double[]> centre = centroid(nucleus, w, h);
            if (centre.isEmpty()) {
                return Optional.empty();
            }
            double cx = centre.get()[0];
            double cy = centre.get()[1];
            int maxR = (int) Math.min(Math.min(cx, w - cx), Math.min(cy, h - cy)) - 2;
            if (maxR < 10) {
                return Optional.empty();
            }
            double[] radii = borderRadii(crop, nucleus, cx, cy, maxR);
            List<Point> pts = new ArrayList<>(ANGLES);
            for (int a = 0; a < ANGLES; a++) {
                double t = 2 * Math.PI * a / ANGLES;
                pts.add(new Point(cx + radii[a] * Math.cos(t), cy + radii[a] * Math.sin(t)));
            }
            MatOfPoint poly = new MatOfPoint();
            poly.fromList(pts.stream().map(p -> new Point(Math.round(p.x), Math.round(p.y))).toList());
            return Optional.of(poly);
        } finally {
            nucleus.release();
        }
    }

    /** Cuts the cell with a feathered mask, scaled by {@code scale}; empty when no cell is found. */
    Optional<CellSprite> cut(Mat crop, double scale, String label, String source) {
        Optional<MatOfPoint> outline = outline(crop);
        if (outline.isEmpty()) {
            return Optional.empty();
        }
        Mat mask = Mat.zeros(crop.size(), CvType.CV_8UC1);
        Imgproc.fillPoly(mask, List.of(outline.get()), new Scalar(255));
        org.opencv.core.Rect box = Imgproc.boundingRect(outline.get());
        outline.get().release();
        int pad = 6;
        org.opencv.core.Rect roi = new org.opencv.core.Rect(Math.max(0, box.x - pad), Math.max(0, box.y - pad),
                0, 0);
        roi.width = Math.min(crop.cols(), box.x + box.width + pad) - roi.x;
        roi.height = Math.min(crop.rows(), box.y + box.height + pad) - roi.y;
        Mat bgr = new Mat();
        Mat alpha = new Mat();
        Mat soft = new Mat();
        try {
            Size size = new Size(Math.round(roi.width * scale), Math.round(roi.height * scale));
            Imgproc.resize(crop.submat(roi), bgr, size, 0, 0, Imgproc.INTER_CUBIC);
            Imgproc.resize(mask.submat(roi), soft, size, 0, 0, Imgproc.INTER_LINEAR);
            soft.convertTo(alpha, CvType.CV_32F, 1.0 / 255.0);
            int k = Math.max(3, (int) Math.round(2 * scale) | 1);
            Imgproc.GaussianBlur(alpha, alpha, new Size(k, k), 0);
            return Optional.of(new CellSprite(bgr, alpha, label, source));
        } finally {
            mask.release();
            soft.release();
        }
    }

    static Mat nucleusMask(Mat crop) {
        Mat hsv = new Mat();
        Imgproc.cvtColor(crop, hsv, Imgproc.COLOR_BGR2HSV);
        Mat mask = new Mat();
        // S > 90 and V < 190: chromatin; red cells and background are paler (S < 70)
        Core.inRange(hsv, new Scalar(0, 91, 0), new Scalar(180, 255, 189), mask);
        hsv.release();
        Mat k = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(3, 3));
        Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_OPEN, k);
        k.release();
        return mask;
    }

    /** Centroid of the nucleus components near the crop centre (platelets and neighbours ignored). */
    private static Optional<double[]> centroid(Mat nucleus, int w, int h) {
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat cents = new Mat();
        try {
            int n = Imgproc.connectedComponentsWithStats(nucleus, labels, stats, cents);
            double sx = 0;
            double sy = 0;
            double total = 0;
            boolean[] keep = new boolean[n];
            for (int i = 1; i < n; i++) {
                double area = stats.get(i, Imgproc.CC_STAT_AREA)[0];
                double x = cents.get(i, 0)[0];
                double y = cents.get(i, 1)[0];
                if (area > 30 && Math.hypot(x - w / 2.0, y - h / 2.0) < 0.3 * w) {
                    keep[i] = true;
                    sx += x * area;
                    sy += y * area;
                    total += area;
                }
            }
            if (total < 200) {
                return Optional.empty();
            }
            // keep only the central components in the mask, so rays start from the right nucleus
            int[] lab = new int[(int) labels.total()];
            labels.get(0, 0, lab);
            byte[] m = new byte[lab.length];
            for (int i = 0; i < lab.length; i++) {
                m[i] = keep[lab[i]] ? (byte) 255 : 0;
            }
            nucleus.put(0, 0, m);
            return Optional.of(new double[] {sx / total, sy / total});
        } finally {
            labels.release();
            stats.release();
            cents.release();
        }
    }

    private static double[] borderRadii(Mat crop, Mat nucleus, double cx, double cy, int maxR) {
        Mat blurred = new Mat();
        Mat lab = new Mat();
        Mat polar = new Mat();
        Mat polarNucleus = new Mat();
        try {
            Imgproc.GaussianBlur(crop, blurred, new Size(5, 5), 0);
            Imgproc.cvtColor(blurred, lab, Imgproc.COLOR_BGR2Lab);
            Point c = new Point(cx, cy);
            Imgproc.warpPolar(lab, polar, new Size(maxR, ANGLES), c, maxR, Imgproc.WARP_POLAR_LINEAR);
            Imgproc.warpPolar(nucleus, polarNucleus, new Size(maxR, ANGLES), c, maxR, Imgproc.WARP_POLAR_LINEAR | Imgproc.INTER_NEAREST);
            byte[] p = new byte[(int) polar.total() * 3];
            polar.get(0, 0, p);
            byte[] pn = new byte[(int) polarNucleus.total()];
            polarNucleus.get(0, 0, pn);
            double[] nucleusR = new double[ANGLES];
            for (int a = 0; a < ANGLES; a++) {
                nucleusR[a] = 5;
                for (int r = maxR - 1; r >= 0; r--) {
                    if (pn[a * maxR + r] != 0) {
                        nucleusR[a] = r;
                        break;
                    }
                }
            }
            double medianNucleus = median(nucleusR);
            double[] radii = new double[ANGLES];
            for (int a = 0; a < ANGLES; a++) {
                int lo = (int) nucleusR[a] + 3;
                int hi = (int) Math.min(maxR - 2, Math.max(nucleusR[a], medianNucleus) * 1.8 + 10);
                if (hi <= lo + 1) {
                    radii[a] = Math.min(lo, maxR - 2);
                    continue;
                }
                double[] g = new double[hi - lo];
                double best = 0;
                for (int r = lo; r < hi; r++) {
                    double s = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        double d = (p[(a * maxR + r + 1) * 3 + ch] & 0xFF) - (p[(a * maxR + r - 1) * 3 + ch] & 0xFF);
                        s += d * d;
                    }
                    g[r - lo] = Math.sqrt(s);
                    best = Math.max(best, g[r - lo]);
                }
                // the first strong edge, not the strongest: a neighbouring red cell's rim is often stronger
                int pick = 0;
                for (int i = 0; i < g.length; i++) {
                    if (g[i] >= 0.6 * best && (i + 1 >= g.length || g[i] >= g[i + 1])) {
                        pick = i;
                        break;
                    }
                }
                radii[a] = lo + pick;
            }
            double[] smooth = circularMedian(radii, 9);
            double m = median(smooth);
            for (int a = 0; a < ANGLES; a++) {
                smooth[a] = Math.max(0.75 * m, Math.min(1.3 * m, smooth[a]));
            }
            return circularMedian(smooth, 4);
        } finally {
            blurred.release();
            lab.release();
            polar.release();
            polarNucleus.release();
        }
    }

    static double[] circularMedian(double[] v, int k) {
        double[] out = new double[v.length];
        double[] win = new double[2 * k + 1];
        for (int i = 0; i < v.length; i++) {
            for (int j = -k; j <= k; j++) {
                win[j + k] = v[Math.floorMod(i + j, v.length)];
            }
            out[i] = median(win);
        }
        return out;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
