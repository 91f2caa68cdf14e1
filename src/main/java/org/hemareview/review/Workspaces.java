package org.hemareview.review;

import java.nio.file.Path;

/** Where workspaces live by default: {@code ~/.hemareview/workspace.db}, or {@code -Dhemareview.workspace}. */
public final class Workspaces {
    private Workspaces() {
    }

    public static Path defaultFile() {
        String prop = System.getProperty("hemareview.workspace");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return Path.of(System.getProperty("user.home"), ".hemareview", "workspace.db");
    }

    /** The actor recorded in the audit log until a reviewer name is set: the OS user. */
    public static String systemActor() {
        return System.getProperty("user.name", "unknown");
    }
}
