package org.hemareview.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A model's call on one crop: calibrated probabilities over its classes (in the manifest's order).
 *
 * @param logits the raw class scores, before temperature and softmax
 * @param shift  how unlike the model's training data the crop is ({@link org.hemareview.model.ShiftStatistics#score}), NaN when
 *               the model has no shift statistics
 * @param unlike whether that score lies above the model's threshold
 */
public record Prediction(List<String> classes, float[] probabilities, float[] logits, double shift, boolean unlike) {
    /** A call without a shift score. */
    public Prediction(List<String> classes, float[] probabilities, float[] logits) {
        this(classes, probabilities, logits, Double.NaN, false);
    }

    public int predictedIndex() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    public String predicted() {
        return classes.get(predictedIndex());
    }

    public double confidence() {
        return probabilities[predictedIndex()];
    }

    /** The {@code n} most probable classes, most probable first. */
    public List<Ranked> top(int n) {
        List<Ranked> all = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            all.add(new Ranked(classes.get(i), probabilities[i]));
        }
        all.sort(Comparator.comparingDouble(Ranked::probability).reversed());
        return all.subList(0, Math.min(n, all.size()));
    }

    public record Ranked(String label, double probability) {
    }
}
