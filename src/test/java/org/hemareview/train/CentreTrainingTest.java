package org.hemareview.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hemareview.image.OpenCv;
import org.hemareview.model.CentreNet;
import org.hemareview.segment.CentreMaps;
import org.junit.jupiter.api.Test;

class CentreTrainingTest {
    /** Dark discs (cells) on a light field; the target is the centre map of those discs. */
    private static CentreTraining.Sample field(Random r, int size) {
        float[] in = new float[3 * size * size];
        java.util.Arrays.fill(in, 0.4f);
        List<List<int[]>> cells = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            double cx = 8 + r.nextDouble() * (size - 16);
            double cy = 8 + r.nextDouble() * (size - 16);
            double rad = 5 + r.nextDouble() * 3;
            List<int[]> poly = new ArrayList<>();
            for (int i = 0; i < 36; i++) {
                double a = i * Math.PI / 18;
                poly.add(new int[] {(int) Math.round(cx + rad * Math.cos(a)), (int) Math.round(cy + rad * Math.sin(a))});
            }
            cells.add(poly);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (Math.hypot(x - cx, y - cy) <= rad) {
                        in[y * size + x] = -0.3f;
                        in[size * size + y * size + x] = -0.4f;
                        in[2 * size * size + y * size + x] = 0.1f;
                    }
                }
            }
        }
        float[] target = CentreMaps.target(cells, CentreNet.UM_PER_PX, size, size);
        return new CentreTraining.Sample(in, target, size, size, "test");
    }

    @Test
    void learnsWhereCellCentresAre() {
        OpenCv.load();
        Random r = new Random(5);
        List<CentreTraining.Sample> train = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            train.add(field(r, 48));
        }
        CentreTraining.Sample held = field(r, 48);
        try (NDManager m = NDManager.newBaseManager()) {
            CentreTraining.Result result = new CentreTraining(new CentreTraining.Settings(4, 150, 8, 32, 0.01f, 1)).train(train, List.of(held), m, s -> {
            });
            float[] p;
            try (org.hemareview.model.CentreModel model = org.hemareview.model.CentreModel.of(result.net(), m.newSubManager())) {
                p = model.predict(held.input(), 48, 48);
            }
            double inCentres = 0;
            double outside = 0;
            int nc = 0;
            int no = 0;
            for (int i = 0; i < p.length; i++) {
                if (held.target()[i] > 0.7f) {
                    inCentres += p[i];
                    nc++;
                } else if (held.target()[i] == 0f) {
                    outside += p[i];
                    no++;
                }
            }
            inCentres /= nc;
            outside /= no;
            System.out.printf("centre training: mean map %.2f at centres, %.2f outside cells%n", inCentres, outside);
            assertTrue(inCentres > 0.5 && outside < 0.15, "mean map at centres " + inCentres + ", outside cells " + outside);
        }
    }

    /**
     * Windows reach beyond the smear so that cells cut by the image border are learned: there the
     * input is exactly 0 (what the network sees past an image's edge, jitter or not) and the
     * target 0; inside, the smear's own pixels.
     */
    @Test
    void windowsSometimesReachBeyondTheSmearWithZerosThere() {
        int size = 64;
        int c = 32;
        float[] in = new float[3 * size * size];
        java.util.Arrays.fill(in, 0.3f);
        float[] target = new float[size * size];
        java.util.Arrays.fill(target, 0.5f);
        CentreTraining.Sample smear = new CentreTraining.Sample(in, target, size, size, "test");
        Random rnd = new Random(3);
        int beyond = 0;
        for (int k = 0; k < 200; k++) {
            float[] x = new float[3 * c * c];
            float[] y = new float[c * c];
            CentreTraining.window(smear, c, rnd, x, 0, y, 0);
            boolean any = false;
            for (int i = 0; i < c * c; i++) {
                boolean outside = y[i] == 0f;
                any |= outside;
                for (int ch = 0; ch < 3; ch++) {
                    if (outside) {
                        assertTrue(x[ch * c * c + i] == 0f, "input beyond the smear must stay 0");
                    }
                }
                if (!outside) {
                    assertTrue(y[i] == 0.5f, "inside, the smear's target");
                }
            }
            beyond += any ? 1 : 0;
        }
        // a quarter window each way on a 64-px smear: most windows touch the outside, never all
        assertTrue(beyond > 50 && beyond < 200, beyond + " of 200 windows reached beyond the smear");
    }
    /** A zoomed window magnifies input and target alike: a cell's centre blob covers zoom^2 times the pixels. */
    @Test
    void aZoomedWindowMagnifiesTheCellAndItsTargetAlike() {
        int size = 48;
        int c = 64;
        float[] in = new float[3 * size * size];
        float[] target = new float[size * size];
        for (int yy = 0; yy < size; yy++) {
            for (int xx = 0; xx < size; xx++) {
                boolean cell = Math.hypot(yy - 23.5, xx - 23.5) <= 6;
                target[yy * size + xx] = cell ? 1f : 0f;
            }
        }
        CentreTraining.Sample smear = new CentreTraining.Sample(in, target, size, size, "test");
        double[] mean = new double[2];
        double[] zooms = {1.0, 2.0};
        for (int z = 0; z < 2; z++) {
            Random rnd = new Random(5);
            int windows = 0;
            for (int k = 0; k < 100; k++) {
                float[] x = new float[3 * c * c];
                float[] y = new float[c * c];
                CentreTraining.window(smear, c, zooms[z], rnd, x, 0, y, 0);
                double area = 0;
                boolean cut = false;
                for (int i = 0; i < c * c; i++) {
                    area += y[i];
                    int row = i / c;
                    int col = i % c;
                    cut |= y[i] > 0 && (row == 0 || col == 0 || row == c - 1 || col == c - 1);
                }
                if (area > 0 && !cut) {
                    mean[z] += area;
                    windows++;
                }
            }
            assertTrue(windows > 10, windows + " windows held the whole cell at zoom " + zooms[z]);
            mean[z] /= windows;
        }
        double ratio = mean[1] / mean[0];
        assertTrue(ratio > 3.5 && ratio < 4.5, "zoom 2 should quadruple the blob: " + ratio);
    }
}
