package org.hemareview.review;

import java.nio.file.Path;
import java.util.List;
import org.hemareview.geometry.Box;

/**
 * A cell with everything an export needs: where it is, the model's latest call and the latest
 * reviewer decision (any reviewer; null fields where there is none).
 */
public record ReviewedCell(long smearId, Path smearPath, int smearWidth, int smearHeight, long cellId, int number, Box box, double area,
                           List<int[]> polygon, String predicted, Double confidence, String model, String decided, String reviewer,
                           String decidedAt, Double shift, Double shiftThreshold) {
    /** A cell whose call carries no shift score. */
    public ReviewedCell(long smearId, Path smearPath, int smearWidth, int smearHeight, long cellId, int number, Box box, double area,
                        List<int[]> polygon, String predicted, Double confidence, String model, String decided, String reviewer, String decidedAt) {
        this(smearId, smearPath, smearWidth, smearHeight, cellId, number, box, area, polygon, predicted, confidence, model, decided, reviewer, decidedAt,
                null, null);
    }

    /** Whether the model's call was made on a crop unlike its training data. */
    public boolean unlikeTraining() {
        return shift != null && shiftThreshold != null && shift > shiftThreshold;
    }

    /** The class to export under: the reviewer's when a class was decided, else the model's (or null). */
    public String exportLabel(boolean reviewedOnly) {
        if (decided != null) {
            return ReviewLabels.isClass(decided) ? decided : null;
        }
        return reviewedOnly ? null : predicted;
    }
}
