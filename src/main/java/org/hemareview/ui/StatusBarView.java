package org.hemareview.ui;

import javafx.beans.binding.Bindings;
import javafx.concurrent.Task;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.StatusBar;

/**
 * The status bar: message and progress of the running task (with Cancel), then image size,
 * zoom, cursor position in image pixels, compute device and workspace.
 */
final class StatusBarView {
    final StatusBar bar = new StatusBar();
    final Label imageSize = label("imageSize", "no smear");
    final Label zoom = label("zoom", "");
    final Label cursor = label("cursor", "");
    final Label device = label("device", "");
    final Label workspace = label("workspace", "");
    final Label reviewer = label("reviewer", "");
    final Button cancel = new Button("Cancel");

    StatusBarView(SmearViewer viewer, BackgroundWork work) {
        bar.setId("statusBar");
        bar.setText("Ready");
        cancel.setId("cancelTask");
        cancel.setVisible(false);
        cancel.setOnAction(e -> {
            Task<?> t = work.currentProperty().get();
            if (t != null) {
                t.cancel();
            }
        });
        // the message wraps onto a second line rather than being cut; the fields on the right never shrink
        bar.skinProperty().addListener((o, was, skin) -> wrapMessage());
        bar.getRightItems().addAll(cancel, sep(), imageSize, sep(), zoom, sep(), cursor, sep(), device, sep(), reviewer, sep(), workspace);
        zoom.textProperty().bind(Bindings.createStringBinding(() -> viewer.hasImage()
                ? String.format("%.0f %%", viewer.zoomProperty().get() * 100) : "", viewer.zoomProperty(), viewer.pyramidProperty()));
        cursor.textProperty().bind(Bindings.createStringBinding(() -> Double.isNaN(viewer.cursorXProperty().get()) ? "x \u2013  y \u2013"
                : String.format("x %d  y %d", (int) viewer.cursorXProperty().get(), (int) viewer.cursorYProperty().get()),
                viewer.cursorXProperty(), viewer.cursorYProperty()));
        imageSize.textProperty().bind(Bindings.createStringBinding(() -> viewer.hasImage()
                ? viewer.imageWidth() + " \u00D7 " + viewer.imageHeight() + " px" : "no smear", viewer.pyramidProperty()));
        work.currentProperty().addListener((o, old, task) -> {
            bar.progressProperty().unbind();
            if (task == null) {
                bar.setProgress(0);
                cancel.setVisible(false);
            } else {
                bar.progressProperty().bind(task.progressProperty());
                cancel.setVisible(true);
            }
        });
    }

    void message(String text) {
        bar.setText(text);
    }

    private void wrapMessage() {
        for (javafx.scene.Node n : bar.lookupAll(".label")) {
            if (n instanceof Label l && !bar.getRightItems().contains(l) && l.textProperty().isBound()) {
                l.setWrapText(true);
                l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
    }

    private static Label label(String id, String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setId(id);
        l.setTooltip(new Tooltip(id));
        return l;
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }
}
