package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the toolkit cannot start, the user is told what to install, not shown JavaFX's stack trace. */
class NoWindowMessageTest {
    @Test
    void missingGtkAndMissingDisplayEachGetTheirOwnAdvice() {
        // what JavaFX 21 throws (the cause's text) when libgtk-3.so.0 is absent, and when DISPLAY is unset
        String gtk = HemaReviewApp.whyNoWindow(new RuntimeException("Exception in Application start method",
                new UnsupportedOperationException("Unable to load glass GTK library.")));
        assertTrue(gtk.contains("needs GTK 3") && gtk.contains("apt-get install libgtk-3-0"), gtk);
        String display = HemaReviewApp.whyNoWindow(new UnsupportedOperationException("Unable to open DISPLAY"));
        assertTrue(display.contains("no display") && display.contains("hemareview --help"), display);
        assertNull(HemaReviewApp.whyNoWindow(new IllegalStateException("something else")), "other failures are not dressed up");
    }
}
