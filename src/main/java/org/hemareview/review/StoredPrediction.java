package org.hemareview.review;

import java.util.Map;

/**
 * A model's call on a cell as stored: which model version made it, the class, the calibrated
 * confidence and every class's probability.
 */
public record StoredPrediction(long cellId, String model, String modelSha256, String label, double confidence,
                               Map<String, Double> probabilities) {
}
