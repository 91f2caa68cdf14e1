package org.hemareview.review;

import java.util.Map;

/**
 * A model's call on a cell as stored: which model version made it, the class, the calibrated
 * confidence, every class's probability, and how unlike the model's training data the crop
 * looked ({@code shift}, with the model's threshold; both null where the model had none).
 */
public record StoredPrediction(long cellId, String model, String modelSha256, String label, double confidence,
                               Map<String, Double> probabilities, Double shift, Double shiftThreshold) {
    /** A call without a shift score. */
    public StoredPrediction(long cellId, String model, String modelSha256, String label, double confidence, Map<String, Double> probabilities) {
        this(cellId, model, modelSha256, label, confidence, probabilities, null, null);
    }

    /** A REAL column that may be NULL (a call made before shift scores, or by a model without them). */
    static Double nullable(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** True when the crop scored above the model's threshold: its call should not be trusted without a look. */
    public boolean unlikeTraining() {
        return shift != null && shiftThreshold != null && shift > shiftThreshold;
    }
}
