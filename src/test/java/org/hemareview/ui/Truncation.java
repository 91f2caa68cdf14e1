package org.hemareview.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/**
 * Finds labels whose text is cut: JavaFX's skin replaces the end (or the middle) of a text that
 * does not fit with the ellipsis, so the text node it draws differs from the label's own text.
 */
final class Truncation {
    private Truncation() {
    }

    /** "id-or-class: 'shown' of 'full'" for every visible, truncated label under root. */
    static List<String> find(Parent root) {
        List<String> cut = new ArrayList<>();
        root.applyCss();
        root.layout();
        walk(root, cut);
        return cut;
    }

    private static void walk(Node n, List<String> cut) {
        if (!n.isVisible() || n.getOpacity() == 0) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            String full = l.isMnemonicParsing() ? l.getText().replace("_", "") : l.getText();
            for (Node child : l.getChildrenUnmodifiable()) {
                if (child instanceof Text t && child.isVisible()) {
                    String shown = t.getText();
                    String ellipsis = l.getEllipsisString();
                    if (shown != null && !shown.equals(full) && !ellipsis.isEmpty() && shown.contains(ellipsis) && !full.contains(ellipsis)) {
                        cut.add(name(l) + ": '" + shown + "' of '" + full + "' (width " + Math.round(l.getWidth()) + ")");
                    }
                }
            }
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, cut);
            }
        }
    }

    private static String name(Node n) {
        if (n.getId() != null) {
            return "#" + n.getId();
        }
        Node p = n;
        while (p != null && p.getId() == null) {
            p = p.getParent();
        }
        return n.getClass().getSimpleName() + (p == null ? "" : " in #" + p.getId());
    }
}
