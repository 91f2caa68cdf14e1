package org.hemareview.ui;

import java.util.Map;
import javafx.scene.paint.Color;

/** One colour per cell class, the same in outlines, badges and charts. */
final class ClassColours {
    private static final Map<String, Color> KNOWN = Map.of(
            "neutrophil", Color.web("#1e88e5"), "lymphocyte", Color.web("#43a047"), "monocyte", Color.web("#8e24aa"),
            "eosinophil", Color.web("#f4511e"), "basophil", Color.web("#3949ab"), "ig", Color.web("#fdd835"),
            "erythroblast", Color.web("#e53935"), "platelet", Color.web("#6d4c41"), "blast", Color.web("#d81b60"), "smudge", Color.web("#9e9e9e"));

    private ClassColours() {
    }

    static Color of(String label) {
        if (label == null) {
            return CellOverlay.OUTLINE;
        }
        Color c = KNOWN.get(label.toLowerCase(java.util.Locale.ROOT));
        return c != null ? c : Color.hsb(Math.floorMod(label.hashCode(), 360), 0.7, 0.9);
    }
}
