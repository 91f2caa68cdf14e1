package org.hemareview.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hemareview.classify.Prediction;
import org.hemareview.segment.Crop;
import org.hemareview.segment.Scale;
import org.hemareview.segment.Segmentation;
import org.hemareview.segment.SegmentedCell;

/**
 * What the pipeline made of one smear: its white cells with their crops, the model's call on each
 * (none when no model was given), the scale used with its source, and the model version. Owns the
 * crops' pixels: close it.
 *
 * @param predictions one per cell, in cell order; empty when the smear was only segmented
 * @param modelVersion "name version" of the model that made the calls
 */
public record Analysis(Path file, Segmentation segmentation, List<Crop> crops, List<Prediction> predictions,
                       Optional<String> modelVersion) implements AutoCloseable {
    public Analysis {
        crops = List.copyOf(crops);
        predictions = List.copyOf(predictions);
        if (crops.size() != segmentation.cells().size() || !(predictions.isEmpty() || predictions.size() == crops.size())) {
            throw new IllegalArgumentException("one crop (and one prediction) per cell");
        }
    }

    public List<SegmentedCell> cells() {
        return segmentation.cells();
    }

    public Scale scale() {
        return segmentation.scale();
    }

    @Override
    public void close() {
        crops.forEach(Crop::close);
    }
}
