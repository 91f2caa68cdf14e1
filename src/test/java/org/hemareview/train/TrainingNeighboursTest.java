package org.hemareview.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hemareview.classify.InputEncoder;
import org.hemareview.image.OpenCv;
import org.hemareview.model.ArchitectureSpec;
import org.hemareview.model.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --neighbours} reaches the crops a training run feeds the network, and a retrained model keeps it. */
class TrainingNeighboursTest {
    private static final int S = 64;

    @BeforeAll
    static void opencv() {
        OpenCv.load();
    }

    /** Plasma with one dark cell in the middle, radius 0.22 of the crop. */
    private static byte[] cell() {
        byte[] b = new byte[S * S * 3];
        for (int i = 0; i < S * S; i++) {
            boolean inCell = Math.hypot(i % S - S / 2.0, i / S - S / 2.0) < 14;
            b[3 * i] = (byte) (inCell ? 150 : 230);
            b[3 * i + 1] = (byte) (inCell ? 50 : 232);
            b[3 * i + 2] = (byte) (inCell ? 100 : 240);
        }
        return b;
    }

    /** Whether the crop holds a second dark blob: over 40 pixels far from the centre nearer the centre's colour than the corner's. */
    private static boolean hasNeighbour(byte[] b) {
        int far = 0;
        int centre = 3 * (S / 2 * S + S / 2);
        for (int i = 0; i < S * S; i++) {
            if (Math.hypot(i % S - S / 2.0, i / S - S / 2.0) > 0.36 * S) {
                double toCell = 0;
                double toPlasma = 0;
                for (int c = 0; c < 3; c++) {
                    int v = b[3 * i + c] & 0xFF;
                    toCell += Math.abs(v - (b[centre + c] & 0xFF));
                    toPlasma += Math.abs(v - (b[c] & 0xFF));
                }
                far += toCell < toPlasma ? 1 : 0;
            }
        }
        return far > 40;
    }

    private static int cropsWithANeighbour(TrainingConfig config) {
        CropDataset train = new CropDataset(List.of("a", "b"), List.of(cell(), cell(), cell(), cell()), new int[] {0, 1, 0, 1}, S);
        Augmenter augmenter = TrainingRun.augmenterFor(config);
        int[] batch = {0, 1, 2, 3};
        int with = 0;
        for (int epoch = 1; epoch <= 10; epoch++) {
            for (int i = 0; i < batch.length; i++) {
                with += hasNeighbour(TrainingRun.trainingImage(config, augmenter, train, batch, i, epoch, 0)) ? 1 : 0;
            }
        }
        return with;
    }

    private static TrainingConfig robust() {
        return TrainingConfig.defaults(ArchitectureSpec.slim().withInputSize(S)).withRobustness(InputEncoder.ColourNormalisation.ANCHORS, true);
    }

    @Test
    void aRunWithNeighboursPastesOneBesideAboutHalfItsCropsAndARunWithoutNever() {
        assertEquals(0, cropsWithANeighbour(robust()));
        int with = cropsWithANeighbour(robust().withNeighbours(true));
        assertTrue(with >= 8 && with <= 32, with + " of 40 crops carry a neighbour (half are drawn to)");
    }

    @Test
    void aRetrainedModelKeepsTheNeighboursItsBaseWasTrainedWith() {
        TrainingConfig base = TrainingConfig.defaults(ArchitectureSpec.slim().withInputSize(S));
        Manifest withNeighbours = manifest(Map.of(TrainingConfig.NEIGHBOURS_KEY, true));
        assertTrue(base.withRecipeOf(withNeighbours).neighbours());
        assertTrue(base.withRecipeOf(withNeighbours).strongAugmentation());
        assertFalse(base.withRecipeOf(manifest(Map.of())).neighbours(), "a model without the fact (version 4 and before) trained without");
        Manifest describedOnly = manifest(Map.of("augmentation", Augmenter.ROBUST_DESCRIPTION + Augmenter.NEIGHBOUR_DESCRIPTION));
        assertTrue(base.withRecipeOf(describedOnly).neighbours(), "a model trained before the fact was written: its description says so");
        Manifest plainColours = new Manifest("m", "1", ArchitectureSpec.slim().withInputSize(S), S, "HSV", List.of("a", "b"), "", 1,
                Map.of(TrainingConfig.NEIGHBOURS_KEY, true), Map.of(), "weights.pt", "", "", "none", null);
        assertTrue(base.withRecipeOf(plainColours).neighbours() && base.withRecipeOf(plainColours).strongAugmentation(),
                "--normalise none --augment robust --neighbours keeps both");
    }

    private static Manifest manifest(Map<String, Object> training) {
        return new Manifest("m", "1", ArchitectureSpec.slim().withInputSize(S), S, "HSV", List.of("a", "b"), "", 1, training, Map.of(),
                "weights.pt", "", "", "anchors", null);
    }
}
