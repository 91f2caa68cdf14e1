package org.hemareview.segment;

import java.util.Arrays;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Traces a cell's border around its nucleus along rays: in polar coordinates centred on the
 * nucleus, each ray takes the first strong colour edge (Lab gradient) beyond the nucleus, rays
 * stop at the image border, and a circular median removes spikes. Pale cytoplasm that no colour
 * threshold separates from the background is kept this way. Used by the segmenter and by the
 * smear composer (which cuts cells out of single-cell crops).
 */
public final class BorderTracer {
    /**
     * @param angles         rays per cell
     * @param startOffsetPx  first radius searched beyond the nucleus along the ray
     * @param minStartFraction the search never starts inside this fraction of the median nucleus radius
     * @param maxFactor      last radius searched, as a multiple of the nucleus radius along the ray
     * @param maxOffsetPx    added to that last radius
     * @param edgeFraction   an edge counts when its gradient reaches this fraction of the ray's strongest
     * @param smoothRays     half-width of the circular median
     * @param clampLow       radii are kept within [clampLow, clampHigh] x their median
     * @param clampHigh      see clampLow
     */
    public record Settings(int angles, int startOffsetPx, double minStartFraction, double maxFactor, double maxOffsetPx,
                           double edgeFraction, int smoothRays, double clampLow, double clampHigh) {
    }

    private final Settings s;

    public BorderTracer(Settings settings) {
        this.s = settings;
    }

    /**
     * Border points around (cx, cy).
     *
     * @param lab     Lab image (8UC3), smoothed by the caller
     * @param nucleus 8UC1 mask of this cell's nucleus only, same size as lab
     * @param maxR    longest ray considered, in pixels
     */
    public Point[] trace(Mat lab, Mat nucleus, double cx, double cy, int maxR) {
        int a = s.angles();
        int w = lab.cols();
        int h = lab.rows();
        Mat polar = new Mat();
        Mat polarNucleus = new Mat();
        double[] radii = new double[a];
        double[] limit = new double[a];
        try {
            Point c = new Point(cx, cy);
            Imgproc.warpPolar(lab, polar, new Size(maxR, a), c, maxR, Imgproc.WARP_POLAR_LINEAR | Imgproc.WARP_FILL_OUTLIERS);
            Imgproc.warpPolar(nucleus, polarNucleus, new Size(maxR, a), c, maxR, Imgproc.WARP_POLAR_LINEAR | Imgproc.INTER_NEAREST | Imgproc.WARP_FILL_OUTLIERS);
            byte[] p = new byte[(int) polar.total() * 3];
            polar.get(0, 0, p);
            byte[] pn = new byte[(int) polarNucleus.total()];
            polarNucleus.get(0, 0, pn);
            double[] nucleusR = new double[a];
            for (int i = 0; i < a; i++) {
                for (int r = maxR - 1; r >= 0; r--) {
                    if (pn[i * maxR + r] != 0) {
                        nucleusR[i] = r;
                        break;
                    }
                }
                limit[i] = rayLimit(2 * Math.PI * i / a, cx, cy, w, h);
            }
            double medianNucleus = positiveMedian(nucleusR, 2);
            for (int i = 0; i < a; i++) {
                int lo = (int) Math.max(nucleusR[i], s.minStartFraction() * medianNucleus) + s.startOffsetPx();
                int hi = (int) Math.min(Math.min(maxR - 2, Math.max(nucleusR[i], medianNucleus) * s.maxFactor() + s.maxOffsetPx()), limit[i] - 1);
                radii[i] = hi <= lo + 1 ? Math.min(lo, limit[i]) : lo + firstStrongEdge(p, i, maxR, lo, hi);
            }
        } finally {
            polar.release();
            polarNucleus.release();
        }
        double[] smooth = circularMedian(radii, s.smoothRays());
        int insideCount = 0;
        double[] inside = new double[a];
        for (int i = 0; i < a; i++) {
            if (radii[i] < limit[i] - 2) {
                inside[insideCount++] = smooth[i];
            }
        }
        // cells cut by the border: judge the typical radius by the rays that stayed inside
        double m = insideCount > a / 4 ? median(Arrays.copyOf(inside, insideCount)) : median(smooth);
        Point[] pts = new Point[a];
        for (int i = 0; i < a; i++) {
            double r = Math.min(Math.max(s.clampLow() * m, Math.min(s.clampHigh() * m, smooth[i])), limit[i]);
            double t = 2 * Math.PI * i / a;
            pts[i] = new Point(cx + r * Math.cos(t), cy + r * Math.sin(t));
        }
        return pts;
    }

    private int firstStrongEdge(byte[] p, int ray, int maxR, int lo, int hi) {
        double[] g = new double[hi - lo];
        for (int r = lo; r < hi; r++) {
            double sum = 0;
            for (int ch = 0; ch < 3; ch++) {
                double d = (p[(ray * maxR + r + 1) * 3 + ch] & 0xFF) - (p[(ray * maxR + r - 1) * 3 + ch] & 0xFF);
                sum += d * d;
            }
            g[r - lo] = Math.sqrt(sum);
        }
        // skip the falling tail of the nucleus's own edge, then take the first strong edge (not the
        // strongest: a neighbouring red cell's rim is often stronger than pale cytoplasm's border)
        int start = 0;
        while (start + 1 < g.length && g[start + 1] <= g[start]) {
            start++;
        }
        double best = 0;
        for (int i = start; i < g.length; i++) {
            best = Math.max(best, g[i]);
        }
        for (int i = start; i < g.length; i++) {
            if (g[i] >= s.edgeFraction() * best && (i + 1 >= g.length || g[i] >= g[i + 1])) {
                return i;
            }
        }
        return start;
    }

    /** Distance from (cx, cy) to the image border along angle t. */
    static double rayLimit(double t, double cx, double cy, int w, int h) {
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        double tx = cos > 1e-9 ? (w - 1 - cx) / cos : cos < -1e-9 ? -cx / cos : Double.POSITIVE_INFINITY;
        double ty = sin > 1e-9 ? (h - 1 - cy) / sin : sin < -1e-9 ? -cy / sin : Double.POSITIVE_INFINITY;
        return Math.max(0, Math.min(tx, ty));
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

    private static double positiveMedian(double[] v, double fallback) {
        double[] pos = Arrays.stream(v).filter(x -> x > 0).toArray();
        return pos.length == 0 ? fallback : median(pos);
    }
}
