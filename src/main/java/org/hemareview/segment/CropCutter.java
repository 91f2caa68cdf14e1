package org.hemareview.segment;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Cuts the crop of a cell: square, centred on the cell, covering the same field in micrometres
 * at any smear scale (36 µm, like a PBC crop), resampled to the same pixel size (300 px, like a
 * C-NMC crop: 0.12 µm per crop pixel). Beyond the image border the crop is filled with the plasma's
 * colour, and other white cells reaching into it are painted over in that colour: the crop shows its
 * own cell, as a single-cell crop of PBC does.
 */
public final class CropCutter {
    private final SegmentationSettings settings;

    public CropCutter(SegmentationSettings settings) {
        this.settings = settings;
    }

    /** The cell's crop at the smear's scale; the caller closes it. */
    public Crop crop(Mat smear, SegmentedCell cell, double umPerPx) {
        return new Crop(cut(smear, cell, umPerPx), umPerPx);
    }

    /** The cell's crop with the other white cells in it painted over in the plasma's colour; the caller closes it. */
    public Crop crop(Mat smear, SegmentedCell cell, double umPerPx, List<SegmentedCell> others) {
        return new Crop(cut(smear, cell, umPerPx, others), umPerPx);
    }

    /**
     * Every cell's crop, the other cells painted over, in the cells' order; cut side by side on the cores
     * (18 crops of a 2560x1920 smear took 140 ms one after another). Where one cannot be cut, those cut
     * are closed and its failure thrown. The caller closes the crops.
     */
    public List<Crop> cropAll(Mat smear, List<SegmentedCell> cells, double umPerPx) {
        Crop[] crops = new Crop[cells.size()];
        RuntimeException[] failures = new RuntimeException[cells.size()];
        java.util.stream.IntStream.range(0, cells.size()).parallel().forEach(i -> {
            try {
                crops[i] = crop(smear, cells.get(i), umPerPx, cells);
            } catch (RuntimeException e) {
                failures[i] = e;
            }
        });
        java.util.Optional<RuntimeException> failure = java.util.Arrays.stream(failures).filter(java.util.Objects::nonNull).findFirst();
        if (failure.isPresent()) {
            java.util.Arrays.stream(crops).filter(java.util.Objects::nonNull).forEach(Crop::close);
            throw failure.get();
        }
        return new ArrayList<>(List.of(crops));
    }

    /** A new 8-bit BGR crop of {@code cropPx} x {@code cropPx}; the caller releases it. */
    public Mat cut(Mat smear, SegmentedCell cell, double umPerPx) {
        return cut(smear, cell, umPerPx, List.of());
    }

    /**
     * As above, with each of {@code others} (the smear's other white cells) that reaches into the crop painted over
     * in the crop's plasma colour, its outline grown by the settings' margin; the cell's own outline is kept. A network trained
     * on single-cell crops (PBC's) calls a cell with neighbours worse, and the palette's histogram of the crop moves with them
     * (docs/benchmarks.md, issue 16, seventh round).
     */
    public Mat cut(Mat smear, SegmentedCell cell, double umPerPx, List<SegmentedCell> others) {
        int side = Math.max(8, (int) Math.round(settings.cropFieldUm() / umPerPx));
        int x = (int) Math.round(cell.centreX() - side / 2.0);
        int y = (int) Math.round(cell.centreY() - side / 2.0);
        int ix0 = Math.max(0, x);
        int iy0 = Math.max(0, y);
        int ix1 = Math.min(smear.cols(), x + side);
        int iy1 = Math.min(smear.rows(), y + side);
        if (ix1 <= ix0 || iy1 <= iy0) {
            throw new IllegalArgumentException(String.format("cell at (%.0f, %.0f) lies outside the %dx%d smear (crop side %d px at %.4f um/px)",
                    cell.centreX(), cell.centreY(), smear.cols(), smear.rows(), side, umPerPx));
        }
        Mat square = new Mat();
        Mat out = new Mat();
        Mat inside = smear.submat(new Rect(ix0, iy0, ix1 - ix0, iy1 - iy0));
        try {
            // beyond the smear's edge: the plasma's colour, not a mirror image (a mirror puts phantom
            // cells into the crop, the gallery and the heatmap)
            boolean cutByEdge = ix0 != x || iy0 != y || ix1 != x + side || iy1 != y + side;
            List<SegmentedCell> neighbours = settings.neighbourMarginUm() < 0 ? List.of()
                    : others.stream().filter(o -> o.id() != cell.id() && o.polygon().size() >= 3 && reaches(o, x, y, side)).toList();
            double[] p = cutByEdge || !neighbours.isEmpty() ? org.hemareview.image.PlasmaColour.of(inside) : new double[3];
            Core.copyMakeBorder(inside, square, iy0 - y, y + side - iy1, ix0 - x, x + side - ix1, Core.BORDER_CONSTANT, new Scalar(p[0], p[1], p[2]));
            if (!neighbours.isEmpty()) {
                paintOver(square, cell, neighbours, x, y, settings.neighbourMarginUm() / umPerPx, new Scalar(p[0], p[1], p[2]));
            }
            int interpolation = side > settings.cropPx() ? Imgproc.INTER_AREA : Imgproc.INTER_CUBIC;
            Imgproc.resize(square, out, new Size(settings.cropPx(), settings.cropPx()), 0, 0, interpolation);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            inside.release();
            square.release();
        }
    }

    /** Paints the neighbours over, each outline grown by {@code marginPx} (its border's blur and the tracer's shortfall). */
    private static void paintOver(Mat square, SegmentedCell cell, List<SegmentedCell> neighbours, int x, int y, double marginPx, Scalar plasma) {
        Mat mask = Mat.zeros(square.size(), CvType.CV_8UC1);
        Mat own = Mat.zeros(square.size(), CvType.CV_8UC1);
        List<MatOfPoint> outlines = new ArrayList<>(neighbours.stream().map(o -> shifted(o, x, y)).toList());
        List<MatOfPoint> mine = new ArrayList<>();
        try {
            Imgproc.fillPoly(mask, outlines, new Scalar(255));
            Imgproc.polylines(mask, outlines, true, new Scalar(255), Math.max(1, (int) Math.round(2 * marginPx)));
            if (cell.polygon().size() >= 3) {
                mine.add(shifted(cell, x, y));
                Imgproc.fillPoly(own, mine, new Scalar(255));
                mask.setTo(new Scalar(0), own);
            }
            square.setTo(plasma, mask);
        } finally {
            mask.release();
            own.release();
            outlines.forEach(Mat::release);
            mine.forEach(Mat::release);
        }
    }

    /** Whether a cell's box or traced outline reaches into the square of {@code side} at (x, y). */
    private static boolean reaches(SegmentedCell c, int x, int y, int side) {
        return c.box().intersects(x, y, side, side)
                || c.polygon().stream().anyMatch(p -> p[0] >= x && p[0] < x + side && p[1] >= y && p[1] < y + side);
    }

    /** The cell's outline in the coordinates of the square at (x, y); the caller releases it. */
    private static MatOfPoint shifted(SegmentedCell c, int x, int y) {
        return new MatOfPoint(c.polygon().stream().map(p -> new Point(p[0] - x, p[1] - y)).toArray(Point[]::new));
    }
}
