package org.hemareview.segment;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Cuts the crop of a cell: square, centred on the cell, covering the same field in micrometres
 * at any smear scale (36 µm, like a PBC crop), resampled to the same pixel size (300 px, like a
 * C-NMC crop: 0.12 µm per crop pixel). Beyond the image border the smear's edge is mirrored.
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

    /** A new 8-bit BGR crop of {@code cropPx} x {@code cropPx}; the caller releases it. */
    public Mat cut(Mat smear, SegmentedCell cell, double umPerPx) {
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
            double[] p = cutByEdge ? org.hemareview.image.PlasmaColour.of(inside) : new double[3];
            Core.copyMakeBorder(inside, square, iy0 - y, y + side - iy1, ix0 - x, x + side - ix1, Core.BORDER_CONSTANT, new Scalar(p[0], p[1], p[2]));
            int interpolation = side > settings.cropPx() ? Imgproc.INTER_AREA : Imgproc.INTER_CUBIC;
            Imgproc.resize(square, out, new Size(settings.cropPx(), settings.cropPx()), 0, 0, interpolation);
            return out;
        } finally {
            inside.release();
            square.release();
        }
    }
}
