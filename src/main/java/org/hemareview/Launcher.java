package org.hemareview;

import org.hemareview.cli.HemaReviewCommand;

/**
 * Entry point of {@code java -jar hemareview.jar}: no command opens the window, a command runs
 * headless. Deliberately not a JavaFX Application subclass, so a plain class-path jar starts.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        int code = HemaReviewCommand.execute(args, org.hemareview.ui.HemaReviewApp::launch);
        System.exit(code);
    }
}
