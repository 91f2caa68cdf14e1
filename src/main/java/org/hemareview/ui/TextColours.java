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

    static String css(Color c) {
        return ClassColours.hex(c);
    }
}
