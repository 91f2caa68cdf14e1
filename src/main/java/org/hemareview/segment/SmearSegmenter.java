package org.hemareview.segment;

import java.util.Optional;
import org.opencv.core.Mat;

/**
 * "Find the white cells on this smear" at a known scale, or at one estimated from the red cells
 * when none is known. Which scale is known is {@code analysis.SmearScale}'s policy, not this class's.
 */
public final class SmearSegmenter {
    /** Used when no scale is given and no red cells can be measured: C-NMC-like smears. */
    public static final double FALLBACK_UM_PER_PX = 0.05;
    private final WhiteCellSegmenter segmenter;
    private final ScaleEstimator estimator = new ScaleEstimator(FALLBACK_UM_PER_PX);

    public SmearSegmenter(SegmentationSettings settings) {
        this(settings, null);
    }

    /** @param centres the cell-centre model that splits touching cells (null: nuclei alone) */
    public SmearSegmenter(SegmentationSettings settings, CellCentreModel centres) {
        this.segmenter = new WhiteCellSegmenter(settings, centres);
    }

    public SmearSegmenter() {
        this(SegmentationSettings.defaults());
    }

    public SegmentationSettings settings() {
        return segmenter.settings();
    }

    /** The scale estimated from the red cells (or the fallback where none can be measured). */
    public Scale estimateScale(Mat bgr) {
        return estimator.estimate(bgr);
    }

    /** @param known the smear's scale where one is known; empty: estimate it from the red cells */
    public Segmentation segment(Mat bgr, Optional<Scale> known) {
        long t = System.nanoTime();
        Scale scale = known.orElseGet(() -> estimator.estimate(bgr));
        double scaleMs = (System.nanoTime() - t) / 1e6;
        Segmentation s = segmenter.segment(bgr, scale);
        if (known.isEmpty()) {
            java.util.Map<String, Double> ms = new java.util.LinkedHashMap<>();
            ms.put("scale", scaleMs);
            ms.putAll(s.stageMillis());
            return new Segmentation(s.width(), s.height(), s.scale(), s.cells(), ms, s.warnings());
        }
        return s;
    }
}
