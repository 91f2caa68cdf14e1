package org.hemareview.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.Window;
import org.controlsfx.control.action.Action;
import org.hemareview.analysis.AboutText;
import org.hemareview.classify.CellClassifier;

/** Help ▸ Keyboard Shortcuts and Help ▸ About, built from the command registry and the active model. */
final class HelpDialogs {
    private HelpDialogs() {
    }

    /** One line per command with a shortcut, then the class keys of the current model. */
    static List<String> shortcutLines(Commands commands, List<String> classes) {
        List<String> out = new ArrayList<>();
        for (Action a : commands.all()) {
            String key = Commands.keyOf(a);
            String shortcut = key != null ? key : a.getAccelerator() != null ? a.getAccelerator().getDisplayText() : null;
            if (shortcut != null) {
                out.add(String.format("%-14s %s", shortcut, a.getText().replace("_", "").replace("\u2026", "")));
            }
        }
        for (int i = 0; i < Math.min(ClassKeys.MAX, classes.size()); i++) {
            out.add(String.format("%-14s %s", ClassKeys.label(i), "Assign " + classes.get(i)));
        }
        return out;
    }

    static Alert shortcuts(Window owner, Commands commands, List<String> classes) {
        return text(owner, "Keyboard shortcuts", "Keyboard shortcuts", String.join("\n", shortcutLines(commands, classes)), "help-shortcuts");
    }

    static Alert about(Window owner, Supplier<CellClassifier> classifier) {
        CellClassifier c = classifier.get();
        return text(owner, "About HemaReview", AboutText.notice(c == null ? null : c.manifest()),
                String.join("\n", AboutText.lines(c, System.getProperty("javafx.runtime.version", "?"))), "help-about");
    }

    /** The user guide as shipped in the jar (docs/user-guide.md), or a line saying where it is when missing. */
    static String userGuideText() {
        try (java.io.InputStream in = HelpDialogs.class.getResourceAsStream("/org/hemareview/help/user-guide.md")) {
            if (in == null) {
                return "The user guide is not in this build; it is docs/user-guide.md in the source and the installed folder.";
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "The user guide cannot be read: " + e.getMessage();
        }
    }

    static Alert userGuide(Window owner) {
        Alert a = text(owner, "HemaReview user guide", "User guide", userGuideText(), "help-guide");
        ((TextArea) a.getDialogPane().getContent()).setPrefRowCount(30);
        ((TextArea) a.getDialogPane().getContent()).setStyle("");
        return a;
    }

    private static Alert text(Window owner, String title, String header, String body, String id) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(header);
        TextArea area = new TextArea(body);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefColumnCount(70);
        area.setPrefRowCount(Math.min(24, (int) body.lines().count() + 1));
        area.setStyle("-fx-font-family: monospace;");
        area.setId(id);
        a.getDialogPane().setContent(area);
        a.setResizable(true);
        return a;
    }
}
