package org.hemareview.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.stage.Stage;
import org.hemareview.review.Decision;
import org.hemareview.review.ReviewLabels;

/**
 * The main window's commands, each declared once with its text, shortcut, tip and the state in
 * which it greys out (no smear open, smear signed, analysis running, no cell selected, no model),
 * and the menu bar and toolbar built from those declarations.
 */
final class MainCommands {
    private final Commands c = new Commands();

    MainCommands(SmearSession s, SmearActions smears, ModelActions models, ReviewController review, ExportAction export,
                 SmearViewer viewer, Stage stage) {
        BooleanBinding noModel = s.noModel();
        BooleanBinding cannotDecide = s.readOnly.or(s.noCell);
        c.declare("open", "_Open\u2026", "Shortcut+O", "Open smear images", smears::openDialog);
        c.declare("samples", "Add _Sample Smears", null, "Add the sample smears that ship with HemaReview", smears::addSampleSmears);
        c.declare("workspace", "_Workspace\u2026", null, "Open or create another workspace", smears::chooseWorkspace);
        c.declare("export", "_Export Dataset\u2026", "Shortcut+E", "Export the workspace's cells as a dataset", export::ask);
        c.declare("quit", "_Quit", "Shortcut+Q", "Close HemaReview", stage::close);
        Commands.when(c.declare("analyse", "_Analyse Smear", "Shortcut+R", "Find and classify the white cells", smears::analyse), s.readOnly);
        c.declare("scale", "_Scale\u2026", null, "This lab's micrometres per pixel", smears::chooseScale);
        Commands.when(c.declare("deleteCell", "_Delete Cell", null, "Delete the selected cell (a false detection)", smears::deleteSelectedCell),
                cannotDecide);
        Commands.when(c.declare("fit", "_Fit to Window", "Shortcut+0", "Fit to window", viewer::fit), s.noSmear);
        Commands.when(c.declare("actualSize", "_Actual Size (1:1)", "Shortcut+1", "Actual size", viewer::actualSize), s.noSmear);
        Commands.when(c.declare("zoomIn", "Zoom _In", "Shortcut+EQUALS", "Zoom in", viewer::zoomIn), s.noSmear);
        Commands.when(c.declare("zoomOut", "Zoom _Out", "Shortcut+MINUS", "Zoom out", viewer::zoomOut), s.noSmear);
        Commands.when(c.declare("undo", "_Undo Decision", "Shortcut+Z", "Undo your last decision on this smear", review::undo), s.readOnly);
        Commands.when(c.declare("sign", "_Sign Smear", "Shortcut+Shift+S", "Sign the smear: its decisions are locked", review::sign), s.readOnly);
        Commands.when(c.declare("unsign", "U_nsign Smear\u2026", null, "Unlock a signed smear (the reason is audited)", review::unsign),
                s.noSmear.or(s.locked.not()));
        c.declare("targetCount", "_Target Count\u2026", null, "Cells to count per smear", review::askTargetCount);
        Commands.when(c.declare("models", "_Models\u2026", null, "The workspace's model versions: promote, roll back", models::openModels), noModel);
        Commands.when(c.declare("train", "Train a _New Model Version\u2026", null, "Retrain from the reviewers' decisions", models::openTrainingWizard),
                noModel);
        Commands.when(c.declare("adaptStatistics", "_Adapt to This Lab's Stain…", null,
                "Register a version of the model with this workspace's own batch-norm statistics (no review needed); promote it in Models",
                models::adaptStatistics), noModel);
        Commands.when(c.declare("practice", "_Practice\u2026", null, "Trainees: name the class of signed cells, then see the answer and the network's evidence",
                models::openPractice), s.classifier.isNull());
        c.declare("reviewer", "Switch _Reviewer\u2026", null, "Who is reviewing", () -> review.askReviewer(true));
        Commands.when(c.reviewKey("confirm", "Confirm suggestion", "Enter", () -> review.confirm(System.nanoTime())), cannotDecide);
        Commands.when(c.reviewKey("notCell", "Not a white cell", "Del", () -> decide(review, ReviewLabels.NOT_A_CELL)), cannotDecide);
        Commands.when(c.reviewKey("unsure", "Unsure, needs a second look", "?", () -> decide(review, ReviewLabels.UNSURE)), cannotDecide);
        Commands.when(c.reviewKey("skip", "Skip", "S", () -> decide(review, ReviewLabels.SKIPPED)), cannotDecide);
        c.declare("shortcuts", "_Keyboard Shortcuts", "F1", "Every shortcut of this window", () -> HelpDialogs.shortcuts(stage, c,
                s.classifier.get() == null ? List.of() : s.classifier.get().manifest().classes()).show());
        c.declare("guide", "_User Guide", null, "How to review a smear, train, export", () -> HelpDialogs.userGuide(stage).show());
        c.declare("about", "_About HemaReview", null, "Versions, device, the model and its intended use", () -> HelpDialogs.about(stage, s.classifier::get).show());
    }

    private static void decide(ReviewController review, String label) {
        review.decide(label, Decision.Kind.ASSIGN, System.nanoTime());
    }

    Commands commands() {
        return c;
    }

    record Bars(MenuBar menuBar, ToolBar toolBar) {
    }

    static Bars bars(Commands c, AppPreferences prefs, ToggleButton drawCell, SmearActions smears) {
        Menu recent = new Menu("Open _Recent");
        Runnable rebuild = () -> {
            recent.getItems().clear();
            for (Path p : prefs.recentFiles()) {
                MenuItem m = new MenuItem(p.getFileName().toString());
                m.setOnAction(e -> smears.openFiles(List.of(p)));
                recent.getItems().add(m);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        prefs.recentFiles().addListener((ListChangeListener<Path>) ch -> rebuild.run());
        rebuild.run();
        CheckMenuItem auto = new CheckMenuItem("Analyse _After Opening");
        auto.setSelected(prefs.analyseOnOpen());
        auto.selectedProperty().addListener((o, a, on) -> prefs.setAnalyseOnOpen(on));
        MenuBar bar = new MenuBar(
                c.menu("_File", "open", recent, null, "samples", "workspace", "export", null, "quit"),
                c.menu("_View", "fit", "actualSize", "zoomIn", "zoomOut"),
                c.menu("_Analysis", "analyse", auto, "scale", null, "deleteCell"),
                c.menu("_Review", "undo", "sign", "unsign", null, c.menu("_Decide", "confirm", "notCell", "unsure", "skip"), null,
                        "targetCount", null, "models", "train", "adaptStatistics", null, "practice", null, "reviewer"),
                c.menu("_Help", "shortcuts", "guide", null, "about"));
        bar.setUseSystemMenuBar(true);
        ToolBar tools = new ToolBar(c.button("open", "Open"), c.button("fit", "Fit"), c.button("actualSize", "1:1"),
                c.button("zoomIn", "+"), c.button("zoomOut", "\u2212"), new Separator(Orientation.VERTICAL),
                c.button("analyse", "Analyse"), drawCell);
        return new Bars(bar, tools);
    }
}
