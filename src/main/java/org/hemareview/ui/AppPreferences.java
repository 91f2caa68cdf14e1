package org.hemareview.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User preferences backed by {@link java.util.prefs}, exposed as observable values. Tests pass
 * their own node name so they never touch a user's settings.
 */
public final class AppPreferences {
    private static final Logger logger = LoggerFactory.getLogger(AppPreferences.class);
    private static final int MAX_RECENT = 10;
    private final Preferences node;
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();

    public AppPreferences(String nodeName) {
        this.node = Preferences.userRoot().node(nodeName);
        for (int i = 0; i < MAX_RECENT; i++) {
            String p = node.get("recent." + i, null);
            if (p != null) {
                recentFiles.add(Path.of(p));
            }
        }
    }

    public static AppPreferences user() {
        return new AppPreferences("org/hemareview");
    }

    public ObservableList<Path> recentFiles() {
        return recentFiles;
    }

    /** Moves {@code file} to the top of the recent list and saves the list. */
    public void addRecent(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        recentFiles.remove(abs);
        recentFiles.add(0, abs);
        while (recentFiles.size() > MAX_RECENT) {
            recentFiles.remove(recentFiles.size() - 1);
        }
        List<Path> copy = new ArrayList<>(recentFiles);
        for (int i = 0; i < MAX_RECENT; i++) {
            if (i < copy.size()) {
                node.put("recent." + i, copy.get(i).toString());
            } else {
                node.remove("recent." + i);
            }
        }
        flush();
    }

    /** Analyse a smear as soon as it is opened, when it has no cells yet (default on). */
    public boolean analyseOnOpen() {
        return node.getBoolean("analyseOnOpen", true);
    }

    public void setAnalyseOnOpen(boolean on) {
        node.putBoolean("analyseOnOpen", on);
        flush();
    }

    /** Micrometres per pixel of this lab's smears, or "auto" to estimate it per smear. */
    public String scale() {
        return node.get("scale", "auto");
    }

    public void setScale(String scale) {
        node.put("scale", scale);
        flush();
    }

    /** The scale preference as a number, empty for "auto" (or anything unreadable). */
    public java.util.Optional<Double> scaleValue() {
        try {
            return scale().equalsIgnoreCase("auto") ? java.util.Optional.empty() : java.util.Optional.of(Double.parseDouble(scale()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** The reviewer's name, asked once and carried by every decision; empty until given. */
    public String reviewer() {
        return node.get("reviewer", "");
    }

    public void setReviewer(String name) {
        node.put("reviewer", name.strip());
        flush();
    }

    /** Cells to count per smear for the differential (default 100). */
    public int targetCount() {
        return Math.max(1, node.getInt("targetCount", 100));
    }

    public void setTargetCount(int n) {
        node.putInt("targetCount", n);
        flush();
    }

    public String lastWorkspace(String fallback) {
        return node.get("workspace", fallback);
    }

    public void setLastWorkspace(Path file) {
        node.put("workspace", file.toAbsolutePath().toString());
        flush();
    }

    /** The main window's last x, y, width and height on this screen layout, if stored. */
    public java.util.Optional<double[]> windowBounds(String screens) {
        String v = node.get(windowKey("window.", screens), null);
        if (v == null) {
            return java.util.Optional.empty();
        }
        try {
            double[] b = java.util.Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
            return b.length == 4 ? java.util.Optional.of(b) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    public void setWindowBounds(String screens, double[] xywh) {
        node.put(windowKey("window.", screens), java.util.Arrays.stream(xywh).mapToObj(d -> Long.toString(Math.round(d)))
                .collect(java.util.stream.Collectors.joining(",")));
        flush();
    }

    public boolean windowMaximized(String screens) {
        return node.getBoolean(windowKey("window.max.", screens), false);
    }

    public void setWindowMaximized(String screens, boolean maximized) {
        node.putBoolean(windowKey("window.max.", screens), maximized);
        flush();
    }

    /** A preference key for a screen layout, within java.util.prefs' 80-character limit. */
    private static String windowKey(String prefix, String screens) {
        return screens.length() <= 60 ? prefix + screens : prefix + Integer.toHexString(screens.hashCode());
    }

    /** Removes every stored preference of this node (tests, "reset settings"). */
    public void clear() {
        try {
            node.clear();
            recentFiles.clear();
        } catch (BackingStoreException e) {
            logger.warn("cannot clear preferences: {}", e.getMessage());
        }
    }

    private void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            logger.warn("preferences not saved: {}", e.getMessage());
        }
    }
}
