package org.hemareview.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hemareview.review.Cell;
import org.hemareview.review.NewCell;
import org.hemareview.review.Smear;
import org.hemareview.review.Workspace;
import org.hemareview.segment.CropCutter;
import org.hemareview.segment.Segmentation;
import org.hemareview.segment.SegmentedCell;
import org.hemareview.segment.SmearSegmenter;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Analyses a smear into the workspace: segment, cut a crop per cell, and replace the smear's
 * cells in one transaction. Also stores cells a reviewer draws. Used by the app and the CLI.
 */
public final class SmearAnalyser {
    private final Workspace workspace;
    private final SmearSegmenter segmenter;
    private final CropCutter cutter;
    private final String actor;

    public SmearAnalyser(Workspace workspace, SmearSegmenter segmenter, String actor) {
        this.workspace = workspace;
        this.segmenter = segmenter;
        this.cutter = new CropCutter(segmenter.settings());
        this.actor = actor;
    }

    /** The stored cells and the segmentation they came from. */
    public record Analysis(List<Cell> cells, Segmentation segmentation) {
    }

    /**
     * The scale to analyse a smear at: its own (written beside the image, as {@code compose} and the
     * samples have it, or in a microscope TIFF's resolution tags), else the lab's, else empty (estimate it).
     */
    public static Optional<Double> scaleOf(Smear smear, Optional<Double> labScale) {
        return GroundTruthJson.scaleBesides(smear.path()).or(() -> org.hemareview.image.EmbeddedScale.of(smear.path())).or(() -> labScale);
    }

    /** The scale to cut a drawn cell's crop at: the one the smear was analysed at, else as {@link #scaleOf}, else estimated. */
    public double drawnScale(Smear smear, Mat bgr, Optional<Double> labScale) {
        return workspace.smears().umPerPx(smear.id()).or(() -> scaleOf(smear, labScale))
                .orElseGet(() -> new org.hemareview.segment.ScaleEstimator(SmearSegmenter.FALLBACK_UM_PER_PX).estimate(bgr).umPerPx());
    }

    public Analysis analyse(Smear smear, Mat bgr, Optional<Double> umPerPx) {
        Segmentation s = segmenter.segment(bgr, umPerPx);
        List<NewCell> cells = new ArrayList<>(s.cells().size());
        for (SegmentedCell c : s.cells()) {
            cells.add(new NewCell(c.polygon(), c.box(), c.area(), c.centroid(), c.edge(), png(cutter.cut(bgr, c, s.scale().umPerPx()))));
        }
        return new Analysis(workspace.cells().replace(smear.id(), cells, s.scale().umPerPx(), s.scale().source(), actor), s);
    }

    /** A reviewer's box around a missed cell; its polygon is the box. */
    public Cell addDrawn(Smear smear, Mat bgr, int[] box, double umPerPx) {
        int x = Math.max(0, box[0]);
        int y = Math.max(0, box[1]);
        int w = Math.max(1, Math.min(bgr.cols(), box[0] + box[2]) - x);
        int h = Math.max(1, Math.min(bgr.rows(), box[1] + box[3]) - y);
        List<int[]> polygon = List.of(new int[] {x, y}, new int[] {x + w, y}, new int[] {x + w, y + h}, new int[] {x, y + h});
        boolean edge = x == 0 || y == 0 || x + w >= bgr.cols() || y + h >= bgr.rows();
        SegmentedCell shape = new SegmentedCell(0, polygon, new int[] {x, y, w, h}, (double) w * h,
                new double[] {x + w / 2.0, y + h / 2.0}, edge, null);
        NewCell cell = new NewCell(polygon, shape.box(), shape.area(), shape.centroid(), edge, png(cutter.cut(bgr, shape, umPerPx)));
        return workspace.cells().addDrawn(smear.id(), cell, actor);
    }

    /** Encodes and releases a crop. */
    private static byte[] png(Mat crop) {
        MatOfByte buf = new MatOfByte();
        try {
            Imgcodecs.imencode(".png", crop, buf);
            return buf.toArray();
        } finally {
            buf.release();
            crop.release();
        }
    }
}
