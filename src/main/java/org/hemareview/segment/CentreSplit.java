package org.hemareview.segment;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Splits nucleus groups that hold several cells, by the cell-centre map: each confident peak of
 * the map is a cell; a group with two or more peaks beside its nucleus is divided between them
 * (each nucleus pixel goes to the nearest peak). Touching cells whose nuclei touch or lie within
 * the lobe gap, which no colour or shape rule on the nuclei tells from one lobed nucleus, are
 * told apart this way. A peak whose share of the nucleus would be smaller than a nucleus is
 * dropped: a cell needs a nucleus of its own.
 */
final class CentreSplit {
    private final double minPeak;
    private final double peakRadiusUm;
    private final double reachUm;
    private final double maxValleyShare;
    private final double pairReachMapPx;

    /**
     * @param minPeak        a peak counts as a cell from this centre probability
     * @param peakRadiusUm   two peaks closer than this are one (non-maximum suppression)
     * @param reachUm        a peak belongs to the nucleus group that fills most of the disc of this radius around it
     * @param maxValleyShare two peaks are two cells only if the map dips between them to this share of the lower peak ...
     * @param pairReachUm    ... or if they lie farther apart than this (the straight line between two distant centres
     *                       can run through a chain of touching cells without a deep dip)
     */
    CentreSplit(double minPeak, double peakRadiusUm, double reachUm, double maxValleyShare, double pairReachUm) {
        this.minPeak = minPeak;
        this.peakRadiusUm = peakRadiusUm;
        this.reachUm = reachUm;
        this.maxValleyShare = maxValleyShare;
        this.pairReachMapPx = pairReachUm / CentreMaps.UM_PER_PX;
    }

    /** A cell centre: where it is on the working image, where on the map, and the map's value there. */
    record Peak(double x, double y, double mapX, double mapY, float value) {
    }

    /** Peaks of a centre map (mapH x mapW of a padded array {@code stride} wide), as {mapX, mapY}. */
    List<double[]> peaks(float[] map, int stride, int mapW, int mapH, double mapUmPerPx) {
        Mat m = new Mat(mapH, mapW, CvType.CV_32F);
        Mat dil = new Mat();
        Mat isMax = new Mat();
        Mat high = new Mat();
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat cents = new Mat();
        try {
            float[] rows = new float[mapW * mapH];
            for (int y = 0; y < mapH; y++) {
                System.arraycopy(map, y * stride, rows, y * mapW, mapW);
            }
            m.put(0, 0, rows);
            int r = Math.max(1, (int) Math.round(peakRadiusUm / mapUmPerPx));
            Mat k = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(2 * r + 1, 2 * r + 1));
            Imgproc.dilate(m, dil, k);
            k.release();
            Core.compare(m, dil, isMax, Core.CMP_GE);
            Core.compare(m, new org.opencv.core.Scalar(minPeak), high, Core.CMP_GE);
            Core.bitwise_and(isMax, high, isMax);
            int n = Imgproc.connectedComponentsWithStats(isMax, labels, stats, cents, 8, CvType.CV_32S);
            double[] c = new double[n * 2];
            cents.get(0, 0, c);
            List<double[]> out = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                out.add(new double[] {c[i * 2], c[i * 2 + 1]});
            }
            return out;
        } finally {
            m.release();
            dil.release();
            isMax.release();
            high.release();
            labels.release();
            stats.release();
            cents.release();
        }
    }

    /**
     * Divides groups that hold two or more distinct peaks; relabels {@code lab} (w wide, labels
     * 1..n-1) in place and returns the new label count.
     *
     * @param map    the centre map (padded, {@code stride} wide), for the valley between two peaks
     * @param owned  receives, per label after the split, the centres that belong to it
     */
    int split(int[] lab, int w, int n, List<Peak> peaks, float[] map, int stride, double pxUm, double minNucleusUm2,
              java.util.Map<Integer, List<Peak>> owned) {

        int h = lab.length / w;
        int reach = (int) Math.ceil(reachUm / pxUm);
        List<List<Peak>> byGroup = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            byGroup.add(new ArrayList<>());
        }
        for (Peak p : peaks) {
            int best = owner(lab, w, h, n, p, reach);
            if (best > 0) {
                byGroup.get(best).add(p);
            }
        }
        int next = n;
        org.opencv.core.Rect[] boxes = WhiteCellSegmenter.boundingBoxes(lab, w, n);
        double minPx = minNucleusUm2 / (pxUm * pxUm);
        for (int g = 1; g < n; g++) {
            List<Peak> ps = distinct(byGroup.get(g), map, stride);
            if (!byGroup.get(g).isEmpty()) {
                owned.put(g, byGroup.get(g));
            }
            if (ps.size() < 2 || boxes[g] == null) {
                continue;
            }
            int[] b = {boxes[g].x, boxes[g].y, boxes[g].x + boxes[g].width - 1, boxes[g].y + boxes[g].height - 1};
            while (ps.size() >= 2) {
                int[] count = new int[ps.size()];
                for (int y = b[1]; y <= b[3]; y++) {
                    for (int x = b[0]; x <= b[2]; x++) {
                        if (lab[y * w + x] == g) {
                            count[nearest(ps, x, y)]++;
                        }
                    }
                }
                int smallest = 0;
                for (int i = 1; i < count.length; i++) {
                    if (count[i] < count[smallest]) {
                        smallest = i;
                    }
                }
                if (count[smallest] >= minPx) {
                    break;
                }
                ps.remove(smallest);
            }
            if (ps.size() < 2) {
                continue;
            }
            for (int y = b[1]; y <= b[3]; y++) {
                for (int x = b[0]; x <= b[2]; x++) {
                    if (lab[y * w + x] == g) {
                        int k = nearest(ps, x, y);
                        lab[y * w + x] = k == 0 ? g : next + k - 1;
                    }
                }
            }
            for (int k = 0; k < ps.size(); k++) {
                owned.put(k == 0 ? g : next + k - 1, List.of(ps.get(k)));
            }
            next += ps.size() - 1;
        }
        return next;
    }

    /**
     * The group a cell centre belongs to: the one with the most nucleus pixels within reach of it
     * (not the nearest pixel: a granule speck beside the centre must not take it from the cell's
     * own nucleus); 0 when none is within reach.
     */
    private static int owner(int[] lab, int w, int h, int n, Peak p, int reach) {
        int px = (int) Math.round(p.x());
        int py = (int) Math.round(p.y());
        java.util.Map<Integer, Integer> count = new java.util.HashMap<>();
        for (int y = Math.max(0, py - reach); y <= Math.min(h - 1, py + reach); y++) {
            for (int x = Math.max(0, px - reach); x <= Math.min(w - 1, px + reach); x++) {
                int g = lab[y * w + x];
                if (g > 0 && g < n && (long) (x - px) * (x - px) + (long) (y - py) * (y - py) <= (long) reach * reach) {
                    count.merge(g, 1, Integer::sum);
                }
            }
        }
        return count.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).orElse(0);
    }

    /**
     * Keeps the peaks that are separate cells: two peaks of one cell (a plateau, a ridge along an
     * elongated cell) have no valley between them; two touching cells have one, because the map
     * falls to their borders. The higher of two peaks without a valley stays.
     */
    List<Peak> distinct(List<Peak> ps, float[] map, int stride) {
        return distinct(ps, map, stride, maxValleyShare);
    }

    /**
     * The cell centres of a whole map: peaks that belong to one nucleus group ({@link #owner}) are
     * separate cells when {@link #distinct}; peaks of different groups (two nuclei) unless the map
     * barely dips between them (a ridge along one cell whose nucleus lies in pieces), and so are
     * peaks with no nucleus in reach.
     */
    List<Peak> centres(int[] lab, int w, int n, List<Peak> peaks, float[] map, int stride, double pxUm) {
        int h = lab.length / w;
        int reach = (int) Math.ceil(reachUm / pxUm);
        java.util.Map<Integer, List<Peak>> byGroup = new java.util.TreeMap<>();
        for (Peak p : peaks) {
            byGroup.computeIfAbsent(owner(lab, w, h, n, p, reach), g -> new ArrayList<>()).add(p);
        }
        List<Peak> perGroup = new ArrayList<>();
        byGroup.forEach((g, ps) -> perGroup.addAll(g > 0 ? distinct(ps, map, stride) : ps));
        return distinct(perGroup, map, stride, RIDGE_SHARE);
    }

    /** Between two peaks of one cell's ridge the map stays above this share of the lower one. */
    private static final double RIDGE_SHARE = 0.8;

    private List<Peak> distinct(List<Peak> ps, float[] map, int stride, double share) {
        List<Peak> sorted = new ArrayList<>(ps);
        sorted.sort((a, b) -> Float.compare(b.value(), a.value()));
        List<Peak> kept = new ArrayList<>();
        for (Peak p : sorted) {
            boolean separate = true;
            for (Peak q : kept) {
                separate &= Math.hypot(p.mapX() - q.mapX(), p.mapY() - q.mapY()) > pairReachMapPx
                        || valley(map, stride, p, q) <= share * Math.min(p.value(), q.value());
            }
            if (separate) {
                kept.add(p);
            }
        }
        return kept;
    }

    /** The lowest map value on the straight line between two peaks. */
    private static float valley(float[] map, int stride, Peak a, Peak b) {
        double dx = b.mapX() - a.mapX();
        double dy = b.mapY() - a.mapY();
        int steps = Math.max(1, (int) Math.ceil(2 * Math.hypot(dx, dy)));
        float low = Float.MAX_VALUE;
        for (int i = 0; i <= steps; i++) {
            int x = (int) Math.round(a.mapX() + dx * i / steps);
            int y = (int) Math.round(a.mapY() + dy * i / steps);
            low = Math.min(low, map[y * stride + x]);
        }
        return low;
    }

    private static int nearest(List<Peak> ps, int x, int y) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < ps.size(); i++) {
            double dx = ps.get(i).x() - x;
            double dy = ps.get(i).y() - y;
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }
}
