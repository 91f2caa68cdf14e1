package org.hemareview.segment;

import java.util.List;
import java.util.Map;

/** The white cells of one smear, the scale used, and how long each stage took (ms). */
public record Segmentation(int width, int height, Scale scale, List<SegmentedCell> cells, Map<String, Double> stageMillis) {
}
