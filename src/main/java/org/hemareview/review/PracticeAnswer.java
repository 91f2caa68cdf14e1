package org.hemareview.review;

import java.time.Instant;

/**
 * One answer of a trainee in a practice round: which crop ({@code item}: "cell:ID" or
 * "teaching:FILE"), the right class, the trainee's, and the model's call shown at the reveal.
 */
public record PracticeAnswer(String trainee, int round, String item, String truth, String answer, String modelLabel, Double modelConfidence,
                             Instant answeredAt) {
    public boolean right() {
        return truth.equals(answer);
    }
}
