package org.hemareview.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlasmaColourTest {
    /** A 40x40 crop: a yellow-cast plasma (B 150, G 200, R 230) around a purple disc (B 160, G 60, R 110). */
    private static byte[] castCrop() {
        byte[] b = new byte[40 * 40 * 3];
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                boolean cell = Math.hypot(x - 20, y - 20) < 12;
                int i = (y * 40 + x) * 3;
                b[i] = (byte) (cell ? 160 : 150);
                b[i + 1] = (byte) (cell ? 60 : 200);
                b[i + 2] = (byte) (cell ? 110 : 230);
            }
        }
        return b;
    }

    @Test
    void thePlasmaIsTheBrightBackgroundNotTheCell() {
        double[] p = PlasmaColour.of(castCrop());
        assertEquals(150, p[0], 1e-9);
        assertEquals(200, p[1], 1e-9);
        assertEquals(230, p[2], 1e-9);
    }

    @Test
    void whiteBalanceMakesThePlasmaNeutralAndKeepsTheCellDarker() {
        byte[] wb = PlasmaColour.whiteBalanced(castCrop());
        int corner = 0;
        int centre = (20 * 40 + 20) * 3;
        for (int c = 0; c < 3; c++) {
            assertEquals(PlasmaColour.TARGET, wb[corner + c] & 0xFF, 1.0, "plasma channel " + c);
        }
        // the nucleus stays the darkest thing in green (the stain's contrast survives)
        assertTrue((wb[centre + 1] & 0xFF) < 100, "green of the cell after balance: " + (wb[centre + 1] & 0xFF));
    }
}
