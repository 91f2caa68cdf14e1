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
        // libtorch: one intra-op thread per core, no inter-op pool (measured faster on 2 cores)
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        org.hemareview.model.NativeMemory.tune();
        // a lambda, not a method reference: the window class (and JavaFX) is linked only when the
        // window opens, so the commands also run where JavaFX is not on the class path
        int code = HemaReviewCommand.execute(args, (workspace, images) -> org.hemareview.ui.HemaReviewApp.launch(workspace, images));
        System.exit(code);
    }
}
