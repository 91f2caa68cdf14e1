package org.hemareview.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.Prediction;
import org.hemareview.image.SmearImage;
import org.hemareview.segment.Crop;
import org.hemareview.segment.CropCutter;
import org.hemareview.segment.Segmentation;
import org.hemareview.segment.SegmentedCell;
import org.hemareview.segment.SmearSegmenter;
import org.opencv.core.Mat;

/**
 * The smear's way from pixels to cells and calls, in one place: the scale by {@link SmearScale}'s
 * policy, the white cells, a crop per cell, the model's call on each. The window, {@code analyze},
 * {@code segment} and {@code classify --smear} all call {@link #analyse}, so they cannot disagree;
 * {@link SmearAnalyser} stores its result in a workspace.
 */
public final class SmearPipeline {
    private final SmearSegmenter segmenter;
    private final CropCutter cutter;
    private final Optional<CellClassifier> classifier;

    /** @param classifier the model that calls the cells; empty: segment only */
    public SmearPipeline(SmearSegmenter segmenter, Optional<CellClassifier> classifier) {
        this.segmenter = segmenter;
        this.cutter = new CropCutter(segmenter.settings());
        this.classifier = classifier;
    }

    public Optional<CellClassifier> classifier() {
        return classifier;
    }

    /** "name version" of the model, when there is one. */
    public Optional<String> modelVersion() {
        return classifier.map(CellClassifier::version);
    }

    /** The one entry point: a decoded smear and what the person chose for its scale, to cells and calls. */
    public Analysis analyse(SmearImage image, SmearScale.Choice choice) {
        Segmentation s = segmenter.segment(image.bgr(), SmearScale.known(image.path(), choice));
        List<Crop> crops = cutter.cropAll(image.bgr(), s.cells(), s.scale().umPerPx());
        try {
            return new Analysis(image.path(), s, crops, classify(crops), modelVersion());
        } catch (RuntimeException e) {
            crops.forEach(Crop::close);
            throw e;
        }
    }

    /** A crop for a cell drawn by hand (or any shape), at a given scale. */
    public Crop crop(Mat bgr, SegmentedCell cell, double umPerPx) {
        return cutter.crop(bgr, cell, umPerPx);
    }

    /** The model's calls on crops, in their order; empty without a model. */
    public List<Prediction> classify(List<Crop> crops) {
        if (classifier.isEmpty() || crops.isEmpty()) {
            return List.of();
        }
        try (CellClassifier.Hold hold = classifier.get().hold()) {
            return classifier.get().classify(crops.stream().map(Crop::pixels).toList());
        }
    }

    /** The segmenter's scale estimate for a smear the policy knows no scale of. */
    public org.hemareview.segment.Scale estimateScale(Mat bgr) {
        return segmenter.estimateScale(bgr);
    }
}
