package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

/**
 * The class palette, computed: text in class colours reads at WCAG AA on every background it is
 * drawn on, the ten classes stay apart for normal vision and under simulated protanopia,
 * deuteranopia and tritanopia (Machado et al. 2009, severity 1), and the selection (black and
 * white) looks like no class.
 */
class PaletteTest {
    private static final List<String> TEN = List.of("neutrophil", "lymphocyte", "monocyte", "eosinophil", "basophil", "ig",
            "erythroblast", "platelet", "blast", "smudge");
    private static final double[][] PROTAN = {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}};
    private static final double[][] DEUTAN = {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}};
    private static final double[][] TRITAN = {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}};

    @Test
    void classTextReadsAtWcagAaOnEveryBackground() {
        for (String cls : TEN) {
            for (Color bg : TextColours.BACKGROUNDS) {
                double r = ClassColours.contrast(ClassColours.textOn(cls, bg), bg);
                assertTrue(r >= 4.5, cls + " text on " + ClassColours.hex(bg) + ": " + r);
            }
        }
    }

    @Test
    void statusTextReadsAtWcagAa() {
        for (Color text : List.of(TextColours.OK, TextColours.ATTENTION, TextColours.ALERT, TextColours.MUTED)) {
            for (Color bg : TextColours.BACKGROUNDS) {
                double r = ClassColours.contrast(text, bg);
                assertTrue(r >= 4.5, ClassColours.hex(text) + " on " + ClassColours.hex(bg) + ": " + r);
            }
        }
    }

    @Test
    void confusionMatrixDigitsReadAtWcagAaOnEveryShade() {
        for (String tint : List.of("#0072b2", "#d55e00")) {
            for (double alpha = 0; alpha <= 1.0001; alpha += 0.05) {
                Color bg = TextColours.over(Color.web(tint), alpha, Color.WHITE);
                double r = ClassColours.contrast(TextColours.readableOn(bg), bg);
                assertTrue(r >= 4.5, tint + " at " + alpha + ": " + r);
            }
        }
    }

    @Test
    void contrastRatioMatchesWcagsOwnExamples() {
        assertTrue(Math.abs(ClassColours.contrast(Color.BLACK, Color.WHITE) - 21) < 1e-9);
        assertTrue(Math.abs(ClassColours.contrast(Color.web("#777777"), Color.WHITE) - 4.48) < 0.01);
    }

    @Test
    void tenClassesStayApartForNormalAndColourBlindVision() {
        assertTrue(ClassColours.known().containsAll(TEN));
        for (double[][] sim : new double[][][] {null, PROTAN, DEUTAN, TRITAN}) {
            double least = Double.MAX_VALUE;
            String pair = "";
            for (int i = 0; i < TEN.size(); i++) {
                for (int j = i + 1; j < TEN.size(); j++) {
                    double d = deltaE(lab(simulate(ClassColours.of(TEN.get(i)), sim)), lab(simulate(ClassColours.of(TEN.get(j)), sim)));
                    if (d < least) {
                        least = d;
                        pair = TEN.get(i) + "/" + TEN.get(j);
                    }
                }
            }
            assertTrue(least >= 10, (sim == null ? "normal" : sim == PROTAN ? "protan" : sim == DEUTAN ? "deutan" : "tritan")
                    + " vision: " + pair + " only " + least + " apart (CIE76)");
        }
    }

    @Test
    void theSelectionLooksLikeNoClass() {
        for (String cls : TEN) {
            double[] c = lab(ClassColours.of(cls));
            assertTrue(deltaE(c, lab(CellOverlay.SELECTED)) > 10 && deltaE(c, lab(CellOverlay.SELECTED_UNDER)) > 10, cls);
        }
    }

    @Test
    void everyOutlineHasAHaloOfTheOppositeLightness() {
        for (String cls : TEN) {
            Color c = ClassColours.of(cls);
            Color halo = ClassColours.halo(c);
            Color seen = Color.color(halo.getRed(), halo.getGreen(), halo.getBlue());
            assertTrue(ClassColours.contrast(c, seen) >= 3, cls + " on its halo: " + ClassColours.contrast(c, seen));
        }
    }

    private static Color simulate(Color c, double[][] m) {
        if (m == null) {
            return c;
        }
        double[] lin = {lin(c.getRed()), lin(c.getGreen()), lin(c.getBlue())};
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = Math.max(0, Math.min(1, m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2]));
        }
        return Color.color(gamma(out[0]), gamma(out[1]), gamma(out[2]));
    }

    private static double[] lab(Color c) {
        double r = lin(c.getRed());
        double g = lin(c.getGreen());
        double b = lin(c.getBlue());
        double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static double deltaE(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    private static double lin(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double gamma(double v) {
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }
}
