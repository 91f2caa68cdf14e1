package org.hemareview.segment;

import java.util.List;
import java.util.Map;

/**
 * The white cells of one smear, the scale used, how long each stage took (ms), and what the
 * segmenter could not vouch for (no stain found, a guessed scale), in words for the reviewer.
 */
public record Segmentation(int width, int height, Scale scale, List<SegmentedCell> cells, Map<String, Double> stageMillis,
                           List<String> warnings) {
    public Segmentation {
        warnings = List.copyOf(warnings);
    }
}
