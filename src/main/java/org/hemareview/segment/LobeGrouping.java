package org.hemareview.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Groups nucleus pieces into nuclei: the lobes of a neutrophil, an eosinophil's two lobes, a
 * basophil's granules are separate pieces of stain, one cell each.
 *
 * <p>Pieces closer than the lobe gap are joined, nearest pairs first, but only while the group
 * stays no longer than one nucleus can be ({@code maxNucleusUm} across). Joining every close
 * pair, as a plain dilation does, chains the nuclei of touching cells into one group; this rule
 * stops at the second cell. Specks too small to be a nucleus always join their nearest group.
 * Pieces further apart, up to a wide gap, join only while the group stays as compact as one
 * segmented nucleus ({@code wideMaxUm}): at high magnification (Raabin, 0.055 µm/px) a
 * neutrophil's lobes lie 2-3 µm apart, joined by strands too thin for the stain mask, and
 * were found as two or three cells.
 */
final class LobeGrouping {
    private final double gapUm;
    private final double maxNucleusUm;
    private final double wideGapUm;
    private final double wideMaxUm;
    private final double minNucleusUm2;

    /**
     * @param gapUm         pieces whose outlines come this close may be lobes of one nucleus
     * @param maxNucleusUm  a group of pieces never grows longer than this
     * @param wideGapUm     pieces up to this far apart may be lobes too ...
     * @param wideMaxUm     ... when the joined group stays at most this long
     * @param minNucleusUm2 a group smaller than this is a speck, not a nucleus, and joins regardless of length
     */
    LobeGrouping(double gapUm, double maxNucleusUm, double wideGapUm, double wideMaxUm, double minNucleusUm2) {
        this.gapUm = gapUm;
        this.maxNucleusUm = maxNucleusUm;
        this.wideGapUm = wideGapUm;
        this.wideMaxUm = wideMaxUm;
        this.minNucleusUm2 = minNucleusUm2;
    }

    private record Piece(Rect box, int area, Point[] outline, Point[] hull) {
    }

    /**
     * Labels {@code groups} (CV_32S, same size as {@code nuclei}) so that pieces of one nucleus share
     * a label; returns the label count including background 0.
     */
    int group(Mat nuclei, Mat groups, double pxUm) {
        Mat stats = new Mat();
        Mat centroids = new Mat();
        try {
            int n = Imgproc.connectedComponentsWithStats(nuclei, groups, stats, centroids, 8, CvType.CV_32S);
            if (n <= 2) {
                return n;
            }
            List<Piece> pieces = pieces(groups, stats, n);
            int[] root = join(pieces, pxUm);
            int[] relabel = new int[n];
            int[] compact = new int[n];
            Arrays.fill(compact, -1);
            int next = 1;
            for (int i = 1; i < n; i++) {
                int r = find(root, i - 1) + 1;
                if (compact[r] < 0) {
                    compact[r] = next++;
                }
                relabel[i] = compact[r];
            }
            int[] lab = new int[(int) groups.total()];
            groups.get(0, 0, lab);
            for (int i = 0; i < lab.length; i++) {
                lab[i] = relabel[lab[i]];
            }
            groups.put(0, 0, lab);
            return next;
        } finally {
            stats.release();
            centroids.release();
        }
    }

    private static List<Piece> pieces(Mat labels, Mat stats, int n) {
        int[] st = new int[n * 5];
        stats.get(0, 0, st);
        List<Piece> pieces = new ArrayList<>(n - 1);
        for (int i = 1; i < n; i++) {
            Rect box = new Rect(st[i * 5], st[i * 5 + 1], st[i * 5 + 2], st[i * 5 + 3]);
            Mat piece = labels.submat(box);
            Mat roi = new Mat();
            Mat hierarchy = new Mat();
            List<MatOfPoint> contours = new ArrayList<>();
            MatOfInt hullIdx = new MatOfInt();
            try {
                Core.compare(piece, new Scalar(i), roi, Core.CMP_EQ);
                Imgproc.findContours(roi, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_NONE, new Point(box.x, box.y));
                List<Point> outline = new ArrayList<>();
                for (MatOfPoint c : contours) {
                    outline.addAll(c.toList());
                }
                MatOfPoint all = new MatOfPoint(outline.toArray(Point[]::new));
                Imgproc.convexHull(all, hullIdx);
                int[] idx = hullIdx.toArray();
                Point[] pts = all.toArray();
                Point[] hull = new Point[idx.length];
                for (int k = 0; k < idx.length; k++) {
                    hull[k] = pts[idx[k]];
                }
                all.release();
                pieces.add(new Piece(box, st[i * 5 + Imgproc.CC_STAT_AREA], pts, hull));
            } finally {
                piece.release();
                roi.release();
                hierarchy.release();
                hullIdx.release();
                contours.forEach(Mat::release);
            }
        }
        return pieces;
    }

    /** Union-find over pieces: nearest pairs first, each join only if the group stays short enough. */
    private int[] join(List<Piece> pieces, double pxUm) {
        int m = pieces.size();
        double lobeGapPx = gapUm / pxUm + 1;
        double gapPx = Math.max(lobeGapPx, wideGapUm / pxUm + 1);
        List<double[]> pairs = new ArrayList<>();
        Integer[] byX = new Integer[m];
        for (int i = 0; i < m; i++) {
            byX[i] = i;
        }
        Arrays.sort(byX, (a, b) -> Integer.compare(pieces.get(a).box().x, pieces.get(b).box().x));
        for (int a = 0; a < m; a++) {
            Piece p = pieces.get(byX[a]);
            for (int b = a + 1; b < m; b++) {
                Piece q = pieces.get(byX[b]);
                if (q.box().x > p.box().x + p.box().width + gapPx) {
                    break;
                }
                if (q.box().y > p.box().y + p.box().height + gapPx || p.box().y > q.box().y + q.box().height + gapPx) {
                    continue;
                }
                double d = distance(p.outline(), q.outline());
                if (d <= gapPx) {
                    pairs.add(new double[] {d, byX[a], byX[b]});
                }
            }
        }
        pairs.sort((x, y) -> Double.compare(x[0], y[0]));
        int[] root = new int[m];
        Point[][] hull = new Point[m][];
        double[] areaUm2 = new double[m];
        for (int i = 0; i < m; i++) {
            root[i] = i;
            hull[i] = pieces.get(i).hull();
            areaUm2[i] = pieces.get(i).area() * pxUm * pxUm;
        }
        double maxPx = maxNucleusUm / pxUm;
        double wideMaxPx = Math.min(wideMaxUm, maxNucleusUm) / pxUm; // never longer than one nucleus can be
        for (double[] pair : pairs) {
            int a = find(root, (int) pair[1]);
            int b = find(root, (int) pair[2]);
            if (a == b) {
                continue;
            }
            Point[] merged = hullOf(hull[a], hull[b]);
            double length = diameter(merged);
            boolean joins = pair[0] <= lobeGapPx
                    ? length <= maxPx || Math.min(areaUm2[a], areaUm2[b]) < minNucleusUm2
                    : length <= wideMaxPx;
            if (joins) {
                root[b] = a;
                hull[a] = merged;
                areaUm2[a] += areaUm2[b];
            }
        }
        return root;
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    }

    private static double distance(Point[] a, Point[] b) {
        double best = Double.POSITIVE_INFINITY;
        for (Point p : a) {
            for (Point q : b) {
                double dx = p.x - q.x;
                double dy = p.y - q.y;
                best = Math.min(best, dx * dx + dy * dy);
            }
        }
        return Math.sqrt(best);
    }

    private static Point[] hullOf(Point[] a, Point[] b) {
        Point[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        MatOfPoint all = new MatOfPoint(both);
        MatOfInt idx = new MatOfInt();
        try {
            Imgproc.convexHull(all, idx);
            int[] k = idx.toArray();
            Point[] out = new Point[k.length];
            for (int i = 0; i < k.length; i++) {
                out[i] = both[k[i]];
            }
            return out;
        } finally {
            all.release();
            idx.release();
        }
    }

    static double diameter(Point[] hull) {
        double best = 0;
        for (int i = 0; i < hull.length; i++) {
            for (int j = i + 1; j < hull.length; j++) {
                double dx = hull[i].x - hull[j].x;
                double dy = hull[i].y - hull[j].y;
                best = Math.max(best, dx * dx + dy * dy);
            }
        }
        return Math.sqrt(best);
    }
}
