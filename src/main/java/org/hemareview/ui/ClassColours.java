package org.hemareview.ui;

import java.util.Map;
import javafx.scene.paint.Color;

/**
 * One colour per cell class, the same in outlines, badges and charts: Paul Tol's "muted" scheme,
 * nine colours a colour-blind reviewer can tell apart, and its pale grey for the smudged cells.
 * Text never uses these colours as they are (several are light): {@link #textOn} darkens a class
 * colour until it reads at WCAG AA (4.5:1) on the background it is drawn on.
 */
final class ClassColours {
    private static final Map<String, Color> KNOWN = Map.of(
            "neutrophil", Color.web("#88ccee"), "lymphocyte", Color.web("#117733"), "monocyte", Color.web("#aa4499"),
            "eosinophil", Color.web("#ddcc77"), "basophil", Color.web("#44aa99"), "ig", Color.web("#999933"),
            "erythroblast", Color.web("#332288"), "platelet", Color.web("#882255"), "blast", Color.web("#cc6677"),
            "smudge", Color.web("#dddddd"));
    /** WCAG AA for normal text. */
    static final double MIN_TEXT_CONTRAST = 4.5;

    private ClassColours() {
    }

    static Color of(String label) {
        if (label == null) {
            return CellOverlay.OUTLINE;
        }
        Color c = KNOWN.get(label.toLowerCase(java.util.Locale.ROOT));
        return c != null ? c : Color.hsb(Math.floorMod(label.hashCode(), 360), 0.7, 0.9);
    }

    /** The classes with a fixed colour (tests check each of them). */
    static java.util.Set<String> known() {
        return KNOWN.keySet();
    }

    /** The class colour, darkened in steps until its contrast with {@code background} is at least 4.5:1. */
    static Color textOn(String label, Color background) {
        Color c = of(label);
        for (int i = 0; i < 40 && contrast(c, background) < MIN_TEXT_CONTRAST; i++) {
            c = c.deriveColor(0, 1, 0.9, 1);
        }
        return c;
    }

    /**
     * A line drawn under a class outline so that it shows on pale plasma and on dark nuclei alike:
     * black under the light class colours, white under the dark ones.
     */
    static Color halo(Color c) {
        return luminance(c) > 0.18 ? Color.color(0, 0, 0, 0.7) : Color.color(1, 1, 1, 0.8);
    }

    /** WCAG 2 contrast ratio of two opaque colours, 1 to 21. */
    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG 2 relative luminance (sRGB). */
    static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    static String hex(Color c) {
        return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }
}
