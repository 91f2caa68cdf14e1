package org.hemareview.segment;

import java.util.Optional;
import org.opencv.core.Mat;

/**
 * The one entry point for "find the white cells on this smear": picks the scale (given, or
 * estimated from red cells when not), then segments. Shared by the app, the CLI and the bench.
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

    public Segmentation segment(Mat bgr, Optional<Double> umPerPx) {
        long t = System.nanoTime();
        Scale scale = umPerPx.map(Scale::given).orElseGet(() -> estimator.estimate(bgr));
        double scaleMs = (System.nanoTime() - t) / 1e6;
        Segmentation s = segmenter.segment(bgr, scale);
        if (umPerPx.isEmpty()) {
            java.util.Map<String, Double> ms = new java.util.LinkedHashMap<>();
            ms.put("scale", scaleMs);
            ms.putAll(s.stageMillis());
            return new Segmentation(s.width(), s.height(), s.scale(), s.cells(), ms);
        }
        return s;
    }
}
