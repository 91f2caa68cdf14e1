package org.hemareview.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Ground truth of a composed smear, written beside its image as JSON. */
public record GroundTruthSmear(String image, int width, int height,
                               @JsonProperty("scale_um_per_px") double umPerPx,
                               long seed, List<GroundTruthCell> cells) {
}
