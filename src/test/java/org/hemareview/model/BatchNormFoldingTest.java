package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {
    @Test
    void theShippedModelFoldedGivesTheSameScoresFeaturesAndStyleWithNoBatchNormLeft() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ModelPackage.Loaded loaded = ModelPackage.load(Path.of("models/resnext-cc-slim"), m)) {
            CellNetwork trained = loaded.network();
            CellNetwork folded = BatchNormFolding.fold(trained, m).orElseThrow();
            assertFalse(folded.usesBatchNorm(), "nothing left to re-estimate in the inference copy");
            assertEquals(0, countBatchNorms(folded));
            assertTrue(countBatchNorms(trained) >= 20, "the slim network has a batch norm after each of its convolutions: " + countBatchNorms(trained));
            int s = loaded.manifest().inputSize();
            NDArray x = m.randomUniform(0, 1, new Shape(8, 3, s, s)); // HSV input, every channel in [0,1]
            NDList a = trained.forward(new ParameterStore(m, false), new NDList(x), false);
            NDList b = folded.forward(new ParameterStore(m, false), new NDList(x), false);
            assertEquals(3, b.size());
            for (int i = 0; i < 3; i++) {
                float scale = a.get(i).abs().max().getFloat();
                float diff = a.get(i).sub(b.get(i)).abs().max().getFloat();
                assertTrue(scale > 1e-3f, "output " + i + " is not all zeros");
                assertTrue(diff <= 1e-4f * Math.max(1f, scale), "output " + i + ": max difference " + diff + " of " + scale);
            }
            assertEquals(a.get(0).argMax(1).toType(DataType.INT64, false).toLongArray()[0], b.get(0).argMax(1).toType(DataType.INT64, false).toLongArray()[0]);
        }
    }

    @Test
    void networksWithoutBatchNormAreLeftAsTheyAre() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNeXtCC gn = new ResNeXtCC(ArchitectureSpec.slim().withGroupNorm(true), 8);
            gn.initialize(m, DataType.FLOAT32, new Shape(1, 3, 96, 96));
            assertTrue(BatchNormFolding.fold(gn, m).isEmpty(), "group norm normalises by the crop itself: nothing to fold");
        }
    }

    private static int countBatchNorms(ai.djl.nn.Block block) {
        int n = block instanceof BatchNorm ? 1 : 0;
        for (ai.djl.nn.Block child : block.getChildren().values()) {
            n += countBatchNorms(child);
        }
        return n;
    }
}
