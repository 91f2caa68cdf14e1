package org.hemareview.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import org.controlsfx.control.action.Action;
import org.controlsfx.control.action.ActionUtils;

/**
 * Every command of the main window declared once: its text, its shortcut (a menu accelerator, or a
 * single review key that works wherever the focus is but in a text field), a tip, and when it can
 * run. The menu, the toolbar, the gallery's context menu, the key handler and the tests all take
 * their items from here, so a command greys out everywhere at once.
 */
final class Commands {
    private static final String REVIEW_KEY = "hemareview.reviewKey";
    private final Map<String, Action> byId = new LinkedHashMap<>();

    /** A command with a menu accelerator ({@code null}: none). */
    Action declare(String id, String text, String accelerator, String tip, Runnable run) {
        Action a = new Action(text, e -> run.run());
        if (accelerator != null) {
            a.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        a.setLongText(tip);
        a.getProperties().put("id", id);
        byId.put(id, a);
        return a;
    }

    /** A review command on the selected cell, fired by a single key ({@code keyLabel} as the user reads it). */
    Action reviewKey(String id, String text, String keyLabel, Runnable run) {
        Action a = declare(id, text, null, text + " (" + keyLabel + ")", run);
        a.getProperties().put(REVIEW_KEY, keyLabel);
        return a;
    }

    /** Greys {@code a} out while {@code cannotRun} holds. */
    static Action when(Action a, ObservableBooleanValue cannotRun) {
        a.disabledProperty().bind(cannotRun);
        return a;
    }

    Action get(String id) {
        Action a = byId.get(id);
        if (a == null) {
            throw new IllegalArgumentException("no command " + id);
        }
        return a;
    }

    /** Every declared command, in declaration order. */
    java.util.List<Action> all() {
        return java.util.List.copyOf(byId.values());
    }

    /** Runs a command as its menu item or key would: not when it is greyed out. */
    boolean fire(String id) {
        Action a = get(id);
        if (a.isDisabled()) {
            return false;
        }
        a.handle(new javafx.event.ActionEvent());
        return true;
    }

    /** The review key of a command, as shown to the user ("Enter", "Del", "?"). */
    static String keyOf(Action a) {
        Object k = a.getProperties().get(REVIEW_KEY);
        return k == null ? null : k.toString();
    }

    /** A menu with these commands ({@code null} is a separator). */
    Menu menu(String text, Object... items) {
        Menu m = new Menu(text);
        for (Object o : items) {
            if (o == null) {
                m.getItems().add(new SeparatorMenuItem());
            } else if (o instanceof MenuItem mi) {
                m.getItems().add(mi);
            } else {
                m.getItems().add(item(get((String) o)));
            }
        }
        return m;
    }

    /** A menu item for a command; a review command shows its key in the text, not as an accelerator (it is not one). */
    static MenuItem item(Action a) {
        MenuItem m = ActionUtils.createMenuItem(a);
        String key = keyOf(a);
        if (key != null) {
            m.textProperty().unbind();
            m.setText(a.getText() + "\t" + key);
        }
        m.setId("menu-" + a.getProperties().get("id"));
        return m;
    }

    /** A context-menu item: the shortcut in its text only (a second accelerator on the scene would run the command twice). */
    static MenuItem contextItem(Action a) {
        MenuItem m = item(a);
        if (a.getAccelerator() != null) {
            m.acceleratorProperty().unbind();
            m.setAccelerator(null);
            m.textProperty().unbind();
            m.setText(a.getText() + "\t" + a.getAccelerator().getDisplayText());
        }
        return m;
    }

    /** A toolbar button for a command: a short label, the tip with the shortcut. */
    Button button(String id, String label) {
        Action a = get(id);
        Button b = ActionUtils.createButton(a, ActionUtils.ActionTextBehavior.HIDE);
        b.textProperty().unbind();
        b.setText(label);
        b.tooltipProperty().unbind();
        String shortcut = a.getAccelerator() == null ? "" : " (" + a.getAccelerator().getDisplayText() + ")";
        b.setTooltip(new Tooltip(a.getLongText() + shortcut));
        b.setFocusTraversable(false);
        b.setId("tool-" + id);
        return b;
    }

    /** The gallery's context menu: one item per class (number keys), then the review commands. */
    ContextMenu cellMenu(List<String> classes, Consumer<String> assign, String... reviewIds) {
        List<MenuItem> items = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            String cls = classes.get(i);
            MenuItem item = new MenuItem((i < 9 ? (i + 1) + "  " : "") + cls);
            item.disableProperty().bind(get("confirm").disabledProperty());
            item.setOnAction(e -> assign.accept(cls));
            items.add(item);
        }
        items.add(new SeparatorMenuItem());
        for (String id : reviewIds) {
            items.add(id == null ? new SeparatorMenuItem() : contextItem(get(id)));
        }
        return new ContextMenu(items.toArray(MenuItem[]::new));
    }
}
