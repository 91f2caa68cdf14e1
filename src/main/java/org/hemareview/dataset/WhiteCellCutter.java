package org.hemareview.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.hemareview.segment.BorderTracer;

/**
 * Cuts the centred white cell out of a PBC-style single-cell crop.
 *
 * <p>The nucleus is found by colour (saturated and dark: the purple of May-Grünwald-Giemsa
 * chromatin); the cell border is traced around it with the segmenter's {@link BorderTracer} and
 * then refined by colour with GrabCut, so the ground truth of a composed smear does not simply
 * repeat what the segmenter's own tracer sees (and carries no halo of the crop's background).
 */
final class WhiteCellCutter {
    /** GrabCut's outline is kept only if it keeps at least this share of the traced area. */
    private static final double MIN_REFINED_SHARE = 0.5;
    /** Wide search (PBC crops show one cell, with its whole cytoplasm), 180 rays. */
    private static final BorderTracer TRACER = new BorderTracer(new BorderTracer.Settings(180, 3, 0.0, 1.8, 10, 0.6, 9, 0.75, 1.3));

    /** The cell outline in crop coordinates, or empty when the crop shows no central nucleus. */
    Optional<MatOfPoint> outline(Mat crop) {
        int w = crop.cols();
        int h = crop.rows();
        Mat nucleus = nucleusMask(crop);
        Mat lab = new Mat();
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
            Imgproc.GaussianBlur(crop, lab, new Size(5, 5), 0);
            Imgproc.cvtColor(lab, lab, Imgproc.COLOR_BGR2Lab);
            Point[] pts = TRACER.trace(lab, nucleus, cx, cy, maxR);
            MatOfPoint poly = new MatOfPoint();
            poly.fromList(Arrays.stream(pts).map(p -> new Point(Math.round(p.x), Math.round(p.y))).toList());
            return Optional.of(refine(crop, nucleus, poly, cx, cy));
        } finally {
            nucleus.release();
            lab.release();
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
        Rect box = Imgproc.boundingRect(outline.get());
        outline.get().release();
        int pad = 6;
        Rect roi = new Rect(Math.max(0, box.x - pad), Math.max(0, box.y - pad),
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

    /**
     * The traced border overshoots where the crop's background or a neighbouring red cell has no
     * clear edge against the cell: GrabCut, seeded with the nucleus as cell, the traced region as
     * probably cell and everything beyond it as not, moves those pixels out by their colour.
     */
    private static MatOfPoint refine(Mat crop, Mat nucleus, MatOfPoint traced, double cx, double cy) {
        Mat mask = new Mat(crop.size(), CvType.CV_8UC1, new Scalar(Imgproc.GC_BGD));
        Mat bgd = new Mat();
        Mat fgd = new Mat();
        Mat cell = new Mat();
        List<MatOfPoint> contours = new ArrayList<>();
        Mat hierarchy = new Mat();
        try {
            MatOfPoint ring = scaled(traced, cx, cy, 1.15);
            Imgproc.fillPoly(mask, List.of(ring), new Scalar(Imgproc.GC_PR_BGD));
            ring.release();
            Imgproc.fillPoly(mask, List.of(traced), new Scalar(Imgproc.GC_PR_FGD));
            mask.setTo(new Scalar(Imgproc.GC_FGD), nucleus);
            Core.setRNGSeed(7); // GrabCut seeds its colour models with k-means on the thread's RNG: same crop, same cut
            Imgproc.grabCut(crop, mask, new Rect(), bgd, fgd, 4, Imgproc.GC_INIT_WITH_MASK);
            Mat fg = new Mat();
            Mat prFg = new Mat();
            Core.compare(mask, new Scalar(Imgproc.GC_FGD), fg, Core.CMP_EQ);
            Core.compare(mask, new Scalar(Imgproc.GC_PR_FGD), prFg, Core.CMP_EQ);
            Core.bitwise_or(fg, prFg, cell);
            fg.release();
            prFg.release();
            Mat k = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(9, 9));
            Imgproc.morphologyEx(cell, cell, Imgproc.MORPH_OPEN, k);
            Imgproc.morphologyEx(cell, cell, Imgproc.MORPH_CLOSE, k);
            k.release();
            Imgproc.findContours(cell, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
            Point centre = new Point(cx, cy);
            MatOfPoint best = null;
            for (MatOfPoint c : contours) {
                MatOfPoint2f c2 = new MatOfPoint2f(c.toArray());
                boolean holds = Imgproc.pointPolygonTest(c2, centre, false) >= 0;
                c2.release();
                if (holds && (best == null || Imgproc.contourArea(c) > Imgproc.contourArea(best))) {
                    best = c;
                }
            }
            // pale neutrophil cytoplasm can look like the background to GrabCut: keep the traced border then
            if (best == null || Imgproc.contourArea(best) < MIN_REFINED_SHARE * Imgproc.contourArea(traced)) {
                return traced;
            }
            MatOfPoint out = new MatOfPoint(best.toArray());
            traced.release();
            return out;
        } finally {
            mask.release();
            bgd.release();
            fgd.release();
            cell.release();
            hierarchy.release();
            contours.forEach(Mat::release);
        }
    }

    private static MatOfPoint scaled(MatOfPoint poly, double cx, double cy, double f) {
        return new MatOfPoint(Arrays.stream(poly.toArray()).map(p -> new Point(cx + (p.x - cx) * f, cy + (p.y - cy) * f)).toArray(Point[]::new));
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
}
