package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Detection counts: edge predictions and true boxes cut by the image border are counted apart. */
class DetectionScoreTest {
    @Test
    void aMissedBoxAtTheBorderCountsAgainstRecallButNotAgainstTheWholeCellsRecall() {
        DetectionScore score = new DetectionScore(0.5);
        List<int[]> truth = List.of(new int[] {100, 100, 50, 50}, new int[] {200, 100, 50, 50}, new int[] {0, 10, 30, 40},
                new int[] {570, 300, 30, 40});
        List<int[]> found = List.of(new int[] {102, 101, 50, 50}, new int[] {0, 12, 30, 38}, new int[] {400, 400, 40, 40});
        score.add(truth, found, List.of(false, true, true), 600, 500);
        assertEquals(2, score.truePositives());
        assertEquals(2, score.falseNegatives());
        assertEquals(0.5, score.recall(), 1e-9);
        assertEquals(2, score.cutTruth(), "the boxes at x = 0 and reaching x = 600");
        // whole cells: the first found, the second missed; the cut ones (one found, one missed) left out
        assertEquals(0.5, score.recallOfWholeCells(), 1e-9);
        assertEquals(1, score.edgeFalsePositives());
        assertEquals(0, score.falsePositives());
    }

    @Test
    void withoutTheImageSizeNoBoxIsCut() {
        DetectionScore score = new DetectionScore(0.5);
        score.add(List.of(new int[] {0, 0, 30, 30}, new int[] {100, 100, 30, 30}), List.of(new int[] {100, 100, 30, 30}), List.of(false));
        assertEquals(0, score.cutTruth());
        assertEquals(0.5, score.recallOfWholeCells(), 1e-9);
        assertEquals(score.recall(), score.recallOfWholeCells(), 1e-9);
    }
}
