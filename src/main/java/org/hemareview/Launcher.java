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
        homeFromEnvironment();
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

    /**
     * Java takes {@code user.home} from the password database and ignores {@code HOME}; a user who
     * sets HOME (a shared account, a sandbox, a test) expects the workspace, the preferences and the
     * unpacked natives to follow it. An explicit {@code -Duser.home} still wins.
     */
    static void homeFromEnvironment() {
        String home = System.getenv("HOME");
        if (home == null || home.isBlank() || home.equals(System.getProperty("user.home")) || userHomeGiven()) {
            return;
        }
        System.setProperty("user.home", home);
        System.setProperty("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", java.nio.file.Path.of(home, ".djl.ai").toString()));
    }

    private static boolean userHomeGiven() {
        for (String env : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}) {
            String v = System.getenv(env);
            if (v != null && v.contains("-Duser.home=")) {
                return true;
            }
        }
        try {
            // the JVM's own command line (Linux): -Duser.home given to java itself
            String cmdline = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/cmdline")), java.nio.charset.StandardCharsets.UTF_8);
            return cmdline.contains("-Duser.home=");
        } catch (java.io.IOException | RuntimeException e) {
            return true; // cannot tell: leave Java's choice alone
        }
    }
}
