package org.hemareview.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.hemareview.classify.Calibration;

class EvaluationTest {
    private static float[] onehot(int k, int c) {
        float[] p = new float[k];
        p[c] = 1;
        return p;
    }

    @Test
    void metricsMatchAHandComputedConfusionMatrix() {
        // truth:     a a a a b b b c c c
        // predicted: a a a b b b a c c b
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] pred = {0, 0, 0, 1, 1, 1, 0, 2, 2, 1};
        float[][] p = new float[10][];
        for (int i = 0; i < 10; i++) {
            p[i] = onehot(3, pred[i]);
        }
        Evaluation e = Evaluation.of(List.of("a", "b", "c"), truth, p);
        assertArrayEquals(new int[] {3, 1, 0}, e.confusion()[0]);
        assertArrayEquals(new int[] {1, 2, 0}, e.confusion()[1]);
        assertArrayEquals(new int[] {0, 1, 2}, e.confusion()[2]);
        assertEquals(0.7, e.accuracy(), 1e-12);
        ClassMetrics a = e.perClass().get(0);
        assertEquals(3 / 4.0, a.precision(), 1e-12);   // tp 3, fp 1
        assertEquals(3 / 4.0, a.recall(), 1e-12);      // fn 1
        assertEquals(5 / 6.0, a.specificity(), 1e-12); // tn 5 of 6 negatives
        ClassMetrics b = e.perClass().get(1);
        assertEquals(2 / 4.0, b.precision(), 1e-12);
        assertEquals(2 / 3.0, b.recall(), 1e-12);
        assertEquals(2 * 0.5 * (2 / 3.0) / (0.5 + 2 / 3.0), b.f1(), 1e-12);
        assertEquals(5 / 7.0, b.specificity(), 1e-12);
        ClassMetrics c = e.perClass().get(2);
        assertEquals(1.0, c.precision(), 1e-12);
        assertEquals(2 / 3.0, c.recall(), 1e-12);
        assertEquals((0.75 + 0.5 + 1.0) / 3, e.macroPrecision(), 1e-12);
        assertEquals((0.75 + 2 / 3.0 + 2 / 3.0) / 3, e.macroRecall(), 1e-12);
    }

    @Test
    void aurocOfPerfectReversedAndTiedRankings() {
        boolean[] pos = {false, false, true, true};
        assertEquals(1.0, Evaluation.auroc(new double[] {0.1, 0.2, 0.8, 0.9}, pos), 1e-12);
        assertEquals(0.0, Evaluation.auroc(new double[] {0.9, 0.8, 0.2, 0.1}, pos), 1e-12);
        assertEquals(0.5, Evaluation.auroc(new double[] {0.5, 0.5, 0.5, 0.5}, pos), 1e-12);
        // one positive below one negative out of four pairs
        assertEquals(0.75, Evaluation.auroc(new double[] {0.1, 0.6, 0.5, 0.9}, pos), 1e-12);
        assertTrue(Double.isNaN(Evaluation.auroc(new double[] {0.1, 0.2}, new boolean[] {true, true})));
    }

    @Test
    void temperatureScalingLowersTheNllAndKeepsTheCalls() {
        // over-confident logits: right 80 % of the time but always very sure
        float[][] logits = new float[100][];
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i % 2;
            int called = i % 10 < 8 ? labels[i] : 1 - labels[i];
            logits[i] = called == 0 ? new float[] {6, 0} : new float[] {0, 6};
        }
        double t = Calibration.fitTemperature(logits, labels);
        assertTrue(t > 1.5, "over-confidence is tempered: T = " + t);
        assertTrue(Calibration.nll(logits, labels, t) < Calibration.nll(logits, labels, 1.0));
        // softmax(6/T) for the called class should be close to the 0.8 accuracy
        assertEquals(0.8, Calibration.softmax(logits[0], t)[labels[0] == 0 ? 0 : 1], 0.02);
    }

    @Test
    void rocCurvesOfPerfectReversedAndTiedRankings() {
        boolean[] pos = {true, true, false, false};
        List<double[]> perfect = Evaluation.roc(new double[] {0.9, 0.8, 0.2, 0.1}, pos);
        assertEquals(List.of("0.0,0.0", "0.0,0.5", "0.0,1.0", "0.5,1.0", "1.0,1.0"), perfect.stream().map(p -> p[0] + "," + p[1]).toList());
        List<double[]> reversed = Evaluation.roc(new double[] {0.1, 0.2, 0.8, 0.9}, pos);
        assertEquals(List.of("0.0,0.0", "0.5,0.0", "1.0,0.0", "1.0,0.5", "1.0,1.0"), reversed.stream().map(p -> p[0] + "," + p[1]).toList());
        List<double[]> tied = Evaluation.roc(new double[] {0.5, 0.5, 0.5, 0.5}, pos);
        assertEquals(List.of("0.0,0.0", "1.0,1.0"), tied.stream().map(p -> p[0] + "," + p[1]).toList(), "all tied: the diagonal");
        // the per-class form uses the class's probability column
        List<double[]> k1 = Evaluation.roc(1, new int[] {1, 0}, new float[][] {{0.2f, 0.8f}, {0.9f, 0.1f}});
        assertEquals(List.of("0.0,0.0", "0.0,1.0", "1.0,1.0"), k1.stream().map(p -> p[0] + "," + p[1]).toList());
    }
}
