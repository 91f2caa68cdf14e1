package org.hemareview.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.hemareview.image.OpenCv;
import org.hemareview.image.PlasmaColour;
import org.junit.jupiter.api.Test;

class RobustAugmenterTest {
    /** 64x64: plasma (230, 232, 240) with a dark purple disc in the middle. */
    private static byte[] crop() {
        int s = 64;
        byte[] b = new byte[s * s * 3];
        for (int i = 0; i < s * s; i++) {
            boolean cell = Math.hypot(i % s - 32, i / s - 32) < 14;
            b[3 * i] = (byte) (cell ? 150 : 230);
            b[3 * i + 1] = (byte) (cell ? 50 : 232);
            b[3 * i + 2] = (byte) (cell ? 100 : 240);
        }
        return b;
    }

    @Test
    void theSameSeedGivesTheSameCropAndSeedsDiffer() {
        OpenCv.load();
        byte[] a = Augmenter.robust().apply(crop(), 64, new Random(3));
        byte[] b = Augmenter.robust().apply(crop(), 64, new Random(3));
        byte[] c = Augmenter.robust().apply(crop(), 64, new Random(4));
        assertEquals(64 * 64 * 3, a.length);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void coloursVaryWidelyButTheCellStaysDarkerThanThePlasma() {
        OpenCv.load();
        double minPlasmaBlueOverRed = 9;
        double maxPlasmaBlueOverRed = 0;
        for (int seed = 0; seed < 60; seed++) {
            byte[] out = Augmenter.robust().apply(crop(), 64, new Random(seed));
            double[] plasma = PlasmaColour.of(out);
            minPlasmaBlueOverRed = Math.min(minPlasmaBlueOverRed, plasma[0] / plasma[2]);
            maxPlasmaBlueOverRed = Math.max(maxPlasmaBlueOverRed, plasma[0] / plasma[2]);
            int centre = (32 * 64 + 32) * 3;
            int green = out[centre + 1] & 0xFF;
            assertTrue(green < plasma[1] - 40, "seed " + seed + ": the cell's green " + green + " against plasma " + plasma[1]);
        }
        // the white balance of the plasma moves by tens of percent: a lab's cast, not a mild jitter
        assertTrue(maxPlasmaBlueOverRed / minPlasmaBlueOverRed > 1.3, minPlasmaBlueOverRed + " .. " + maxPlasmaBlueOverRed);
    }

    @Test
    void aNeighbourLiesBesideTheCellAndNeverOnItsCentre() {
        int s = 64;
        byte[] dark = new byte[s * s * 3];
        Arrays.fill(dark, (byte) 40);
        int pasted = 0;
        double nearest = s;
        byte[] own = crop();
        for (int seed = 0; seed < 40; seed++) {
            byte[] out = Augmenter.withNeighbour(own, dark, s, new Random(seed));
            assertEquals(own[(32 * s + 32) * 3 + 1], out[(32 * s + 32) * 3 + 1], "the crop's own centre is untouched");
            for (int i = 0; i < s * s; i++) {
                if (out[3 * i] != own[3 * i]) {
                    pasted++;
                    nearest = Math.min(nearest, Math.hypot(i % s - 32, i / s - 32));
                }
            }
        }
        double edge = (Augmenter.NEIGHBOUR_NEAR - Augmenter.NEIGHBOUR_RADIUS) * s;
        assertTrue(pasted > 40 * 200, "each draw pastes a disc of the neighbour: " + pasted);
        assertTrue(nearest >= edge - 1 && nearest < edge + 4, "the nearest pasted pixel lies at the disc's nearest reach " + edge + ": " + nearest);
    }

    @Test
    void theStandardRecipeTakesNoNeighbour() {
        OpenCv.load();
        byte[] dark = new byte[64 * 64 * 3];
        Arrays.fill(dark, (byte) 40);
        for (int seed = 0; seed < 10; seed++) {
            assertArrayEquals(Augmenter.standard().apply(crop(), 64, new Random(seed)), Augmenter.standard().apply(crop(), dark, 64, new Random(seed)),
                    "the standard recipe pastes no neighbour");
        }
    }
}
