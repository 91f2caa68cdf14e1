package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hemareview.review.SmearShift;
import org.hemareview.review.StoredPrediction;
import org.junit.jupiter.api.Test;

/** The shift score: a Mahalanobis distance that knows correlated dimensions, its threshold, its storage, and a smear's verdict. */
class ShiftStatisticsTest {
    /** Two strongly correlated dimensions and two independent ones, as stem channels of one stain are. */
    private static float[][] sample(Random r, int n, double offset) {
        float[][] out = new float[n][4];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            out[i] = new float[] {(float) (a + offset), (float) (0.95 * a + 0.1 * r.nextGaussian()), (float) r.nextGaussian(), (float) (2 * r.nextGaussian())};
        }
        return out;
    }

    @Test
    void typicalCropsScoreAboutOneAndTheThresholdKeepsTheQuantile() {
        Random r = new Random(1);
        ShiftStatistics s = ShiftStatistics.fit(sample(r, 4000, 0), sample(r, 2000, 0), 0.99, "test");
        float[][] fresh = sample(r, 4000, 0);
        double mean = java.util.Arrays.stream(fresh).mapToDouble(s::score).average().orElseThrow();
        // the squared distance over the dimensions: 1 without shrinkage, a little less with it (the thin direction is widened)
        assertTrue(mean > 0.6 && mean < 1.05, "mean score " + mean);
        double flagged = java.util.Arrays.stream(fresh).filter(f -> s.isUnlike(s.score(f))).count() / (double) fresh.length;
        assertEquals(0.01, flagged, 0.006, "the 99th percentile of held-out crops flags about 1 % of new in-lab crops");
    }

    @Test
    void aShiftAgainstTheCorrelationScoresFarHigherThanTheSameShiftAlongIt() {
        Random r = new Random(2);
        ShiftStatistics s = ShiftStatistics.fit(sample(r, 4000, 0), new float[0][], 0.99, "test");
        // +1 on both correlated dimensions follows the data; +1 on one and -1 on the other breaks the correlation
        double along = s.score(new float[] {1, 0.95f, 0, 0});
        double against = s.score(new float[] {1, -0.95f, 0, 0});
        assertTrue(against > 10 * along, "along " + along + ", against " + against);
        assertTrue(s.score(new float[] {4, 3.8f, 0, 0}) > s.threshold(), "a crop far along the main direction is unlike too");
        assertFalse(s.isUnlike(s.score(new float[] {0, 0, 0, 0})), "the mean is typical");
    }

    @Test
    void anotherLabsCropsAreFlaggedAndTheStatisticsSurviveTheManifest() throws Exception {
        Random r = new Random(3);
        ShiftStatistics s = ShiftStatistics.fit(sample(r, 2000, 0), sample(r, 500, 0), 0.99, "test");
        float[][] other = sample(r, 500, 3); // every crop of another lab moved along one dimension
        double flagged = java.util.Arrays.stream(other).filter(f -> s.isUnlike(s.score(f))).count() / (double) other.length;
        assertTrue(flagged > 0.9, "flagged " + flagged);
        ObjectMapper json = new ObjectMapper();
        ShiftStatistics back = json.readValue(json.writeValueAsBytes(s), ShiftStatistics.class);
        assertEquals(s.threshold(), back.threshold());
        assertEquals(s.score(other[0]), back.score(other[0]), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> s.score(new float[3]), "a feature of another network is refused");
        assertThrows(Exception.class, () -> json.readValue("{\"mean\":[1,2],\"precision\":[[1]],\"threshold\":1}", ShiftStatistics.class));
    }

    @Test
    void aSmearIsUnlikeWhenItsMedianCellIs() {
        StoredPrediction familiar = call(0.4);
        StoredPrediction odd = call(5);
        assertFalse(SmearShift.of(List.of(familiar, familiar, odd)).isUnlike(), "one odd crop on a familiar smear is not the stain");
        SmearShift most = SmearShift.of(List.of(familiar, odd, odd));
        assertTrue(most.isUnlike());
        assertEquals(2, most.unlike());
        assertTrue(most.text().contains("2 of 3 cells"), most.text());
        assertFalse(SmearShift.of(List.of(new StoredPrediction(1, "m 1", "sha", "neutrophil", 0.9, Map.of()))).isUnlike(),
                "calls without a score (an older model) never raise the banner");
    }

    private static StoredPrediction call(double shift) {
        return new StoredPrediction(1, "m 1", "sha", "neutrophil", 0.9, Map.of("neutrophil", 0.9), shift, 1.0);
    }
}
