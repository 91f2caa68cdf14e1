package org.hemareview.ui;

import javafx.scene.paint.Color;

/** Colours for status text on the window's light backgrounds, each at least 4.5:1 (WCAG AA) on white and on the panes' grey. */
final class TextColours {
    /** Saved and signed. */
    static final Color OK = Color.web("#1b5e20");
    /** Needs the reviewer's attention: a correction, unsure, unmatched folders. */
    static final Color ATTENTION = Color.web("#a33a00");
    /** Errors and flags (immature cells, blasts). */
    static final Color ALERT = Color.web("#b71c1c");
    /** Secondary text: not decided yet, saving. */
    static final Color MUTED = Color.web("#555555");
    /** The backgrounds text is drawn on: tiles (white) and panes (Modena's -fx-base, #ececec). */
    static final java.util.List<Color> BACKGROUNDS = java.util.List.of(Color.WHITE, Color.web("#ececec"), Color.web("#f4f4f4"));

    private TextColours() {
    }

    /** Black or white, whichever contrasts more with {@code background}. */
    static Color readableOn(Color background) {
        return ClassColours.contrast(Color.BLACK, background) >= ClassColours.contrast(Color.WHITE, background) ? Color.BLACK : Color.WHITE;
    }

    /** {@code tint} at {@code alpha} laid over an opaque {@code base}: the colour the eye sees. */
    static Color over(Color tint, double alpha, Color base) {
        double a = Math.max(0, Math.min(1, alpha));
        return Color.color(mix(base.getRed(), tint.getRed(), a), mix(base.getGreen(), tint.getGreen(), a), mix(base.getBlue(), tint.getBlue(), a));
    }

    private static double mix(double from, double to, double a) {
        return Math.max(0, Math.min(1, from + (to - from) * a));
    }

    static String css(Color c) {
        return ClassColours.hex(c);
    }
}
