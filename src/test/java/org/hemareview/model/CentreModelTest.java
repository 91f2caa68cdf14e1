package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CentreModelTest {
    @TempDir
    Path dir;

    private static float[] noise(int n) {
        Random r = new Random(3);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() - 0.5f;
        }
        return x;
    }

    private static CentreNet untrained(NDManager m) {
        CentreNet net = new CentreNet(4);
        net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        return net;
    }

    @Test
    void savedWeightsLoadAndPredictTheSameMapOfTheInputsSize() throws Exception {
        float[] input = noise(3 * 40 * 56);
        float[] expected;
        try (NDManager m = NDManager.newBaseManager()) {
            CentreNet net = untrained(m);
            assertEquals(new Shape(2, 1, 40, 56), net.getOutputShapes(new Shape[] {new Shape(2, 3, 40, 56)})[0]);
            CentreModel.save(net, 4, CentreModel.newInfo(), dir);
        }
        try (CentreModel model = CentreModel.load(dir)) {
            expected = model.predict(input, 40, 56);
            assertEquals(40 * 56, expected.length);
            for (float v : expected) {
                assertTrue(v >= 0 && v <= 1, "probability " + v);
            }
        }
        try (CentreModel again = CentreModel.load(dir)) {
            assertArrayEquals(expected, again.predict(input, 40, 56), 1e-6f);
        }
    }

    @Test
    void theLoadedNetworkWithItsBatchNormsFoldedGivesTheTrainedNetworksMap() throws Exception {
        float[] input = noise(3 * 48 * 64);
        float[] trained;
        try (NDManager m = NDManager.newBaseManager()) {
            CentreNet net = untrained(m);
            // every parameter from a seeded generator (the engine's initialiser is not), statistics and scales away
            // from their initial 0 / 1 so that folding has something to fold
            java.util.Random r = new java.util.Random(3);
            for (var p : net.getParameters()) {
                NDArray a = p.getValue().getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = p.getKey().endsWith("runningVar") ? 0.5f + r.nextFloat() : (float) (0.5 * r.nextGaussian());
                }
                a.set(v);
            }
            NDArray x = m.create(input, new Shape(1, 3, 48, 64));
            trained = ai.djl.nn.Activation.sigmoid(net.forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(x), false)
                    .singletonOrThrow()).toFloatArray();
            CentreModel.save(net, 4, CentreModel.newInfo(), dir);
            CentreNet folded = BatchNormFolding.fold(net, m);
            assertEquals(0, folded.getParameters().keys().stream().filter(k -> k.contains("running")).count(), "no batch norm left");
        }
        try (CentreModel model = CentreModel.load(dir)) {
            float[] map = model.predict(input, 48, 64);
            double spread = 0;
            for (int i = 0; i < map.length; i++) {
                spread = Math.max(spread, Math.abs(trained[i] - trained[0]));
            }
            assertTrue(spread > 0.01, "the map is not flat: " + spread);
            assertArrayEquals(trained, map, 1e-5f);
        }
    }

    @Test
    void aFolderWithoutACentreNetworkIsRefusedWithItsName() throws IOException {
        ModelPackageException missing = assertThrows(ModelPackageException.class, () -> CentreModel.load(dir));
        assertTrue(missing.getMessage().startsWith(dir.toString()), missing.getMessage());
        Files.writeString(dir.resolve(CentreModel.MANIFEST), "{\"network\": \"centre-net\", \"width\": 4, \"um_per_px\": 0.3}");
        ModelPackageException wrongScale = assertThrows(ModelPackageException.class, () -> CentreModel.load(dir));
        assertTrue(wrongScale.getMessage().contains("0.45"), wrongScale.getMessage());
        Files.writeString(dir.resolve(CentreModel.MANIFEST), "{\"network\": \"centre-net\", \"width\": 4, \"um_per_px\": 0.45}");
        Files.write(dir.resolve(CentreModel.WEIGHTS), new byte[] {1, 2, 3});
        assertThrows(ModelPackageException.class, () -> CentreModel.load(dir));
    }
}
