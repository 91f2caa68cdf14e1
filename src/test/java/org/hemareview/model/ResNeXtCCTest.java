package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class ResNeXtCCTest {
    @Test
    void ecaKernelSizesFollowThePaper() {
        // k = nearest odd of |log2(C)/2 + 1/2|
        assertEquals(3, EcaBlock.kernelSize(32, 2, 1));   // 2.5 -> 2 -> 3
        assertEquals(3, EcaBlock.kernelSize(64, 2, 1));   // 3.5 -> 3
        assertEquals(5, EcaBlock.kernelSize(256, 2, 1));  // 4.5 -> 4 -> 5
        assertEquals(5, EcaBlock.kernelSize(512, 2, 1));  // 5.0 -> 5
        assertEquals(7, EcaBlock.kernelSize(2048, 2, 1)); // 6.0 -> 7
    }

    @Test
    void slimNetworkShapesThroughEveryStage() {
        try (NDManager m = NDManager.newBaseManager()) {
            ArchitectureSpec spec = ArchitectureSpec.slim();
            ResNeXtCC net = new ResNeXtCC(spec, 8);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 96, 96));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 96, 96));
            NDArray map = net.featureMap(ps, x, false);
            assertEquals(new Shape(2, 256, 3, 3), map.getShape(), "96 px, every stage down-sampling -> 3x3 fused map");
            ResNeXtCC paperLayout = new ResNeXtCC(new ArchitectureSpec("resnext-cc-slim", 24, spec.depths(), spec.widths(), 8, 2, 96, true, true, false, false, false), 8);
            paperLayout.initialize(m, DataType.FLOAT32, new Shape(2, 3, 96, 96));
            assertEquals(new Shape(2, 256, 6, 6), paperLayout.featureMap(ps, x, false).getShape(), "paper layout: first stage keeps 48x48 -> 6x6");
            NDList out = net.forward(ps, new NDList(x), false);
            assertEquals(new Shape(2, 8), out.get(0).getShape());
            assertEquals(new Shape(2, 256), out.get(1).getShape());
            assertEquals(new Shape(2, 48), out.get(2).getShape(), "the stem's style statistics: mean and spread of its 24 channels");
            assertArrayEquals(net.getOutputShapes(new Shape[] {new Shape(2, 3, 96, 96)}), new Shape[] {out.get(0).getShape(), out.get(1).getShape(),
                    out.get(2).getShape()});
            long params = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertTrue(params > 200_000 && params < 1_500_000, "slim is CPU-sized: " + params);
        }
    }

    @Test
    void withGroupNormEachCropIsNormalisedByItselfEvenWhileTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNeXtCC gn = new ResNeXtCC(ArchitectureSpec.slim().withGroupNorm(true), 8);
            ResNeXtCC bn = new ResNeXtCC(ArchitectureSpec.slim(), 8);
            gn.initialize(m, DataType.FLOAT32, new Shape(2, 3, 96, 96));
            bn.initialize(m, DataType.FLOAT32, new Shape(2, 3, 96, 96));
            assertFalse(gn.usesBatchNorm());
            assertTrue(bn.usesBatchNorm());
            assertTrue(gn.getParameters().keys().stream().noneMatch(k -> k.contains("runningMean")), "group norm keeps no statistics of the training labs");
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = m.randomUniform(0, 1, new Shape(1, 3, 96, 96));
            NDArray b = m.randomUniform(0, 1, new Shape(1, 3, 96, 96));
            NDArray c = m.randomUniform(0, 0.2f, new Shape(1, 3, 96, 96)).add(0.7f); // a crop of another "lab": brighter, flatter
            for (ResNeXtCC net : new ResNeXtCC[] {gn, bn}) {
                NDArray withB = net.forward(ps, new NDList(a.concat(b)), true).get(0).get(0);
                NDArray withC = net.forward(ps, new NDList(a.concat(c)), true).get(0).get(0);
                float diff = withB.sub(withC).abs().max().getFloat();
                if (net == gn) {
                    assertEquals(0f, diff, 1e-4f, "a crop's logits do not depend on the other crops of its batch");
                } else {
                    assertTrue(diff > 1e-3f, "batch norm in training mode mixes the batch (the contrast this test relies on): " + diff);
                }
            }
        }
    }

    @Test
    void fusionIsTheElementWiseProductOfTwoBranches() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNeXtCC cc = new ResNeXtCC(ArchitectureSpec.named("resnext-cc-slim"), 8);
            ResNeXtCC plain = new ResNeXtCC(ArchitectureSpec.named("resnext-slim"), 8);
            cc.initialize(m, DataType.FLOAT32, new Shape(1, 3, 96, 96));
            plain.initialize(m, DataType.FLOAT32, new Shape(1, 3, 96, 96));
            assertTrue(cc.getChildren().keys().stream().anyMatch(k -> k.contains("cffm_first")));
            assertTrue(cc.getChildren().keys().stream().anyMatch(k -> k.contains("cffm_last")));
            assertFalse(plain.getChildren().keys().stream().anyMatch(k -> k.contains("cffm")), "the ablation has no fusion");
            assertFalse(plain.spec().eca());
            // silence the Conv5_3 branch entirely: a product with zero is zero (a sum would not be)
            cc.getParameters().forEach(p -> {
                if (p.getKey().contains("cffm_last")) {
                    p.getValue().getArray().muli(0);
                }
            });
            ParameterStore ps = new ParameterStore(m, false);
            NDArray map = cc.featureMap(ps, m.randomUniform(0, 1, new Shape(1, 3, 96, 96)), false);
            assertEquals(0f, map.abs().max().getFloat(), 1e-6f);
        }
    }

    @Test
    void fullNetworkIsResNeXt50Sized() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNeXtCC net = new ResNeXtCC(ArchitectureSpec.full(), 2);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            long params = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            // ResNeXt-50 32x4d is 25 M; CFFM adds 2 x (2048^2 x 2) = 16.8 M
            assertTrue(params > 35_000_000 && params < 50_000_000, "params " + params);
            assertEquals(new Shape(1, 2048, 7, 7), net.featureMap(new ParameterStore(m, false), m.zeros(new Shape(1, 3, 224, 224)), false).getShape());
        }
    }
}
