package org.hemareview.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.hemareview.train.DecisionData;

/** Page 1: the confirmed decisions per class (too few flagged), optionally plus ImageFolder folders. */
final class WizardDataPage implements TrainingWizard.Page {
    private final WizardState state;
    private final BackgroundWork work;
    private final Window owner;
    private final VBox view = new VBox(8);
    private final GridPane table = new GridPane();
    private final Label summary = new Label("Reading the decisions\u2026");
    private final ListView<Path> folders = new ListView<>();
    private final Label unmatched = new Label();
    final GridPane mappingTable = new GridPane();
    private final SimpleBooleanProperty ready = new SimpleBooleanProperty(false);

    WizardDataPage(WizardState state, BackgroundWork work, Window owner) {
        this.state = state;
        this.work = work;
        this.owner = owner;
        table.setId("wizardDataTable");
        table.setHgap(16);
        summary.setId("wizardDataSummary");
        summary.setWrapText(true);
        folders.setItems(state.extraFolders);
        folders.setPrefHeight(90);
        unmatched.setWrapText(true);
        unmatched.setTextFill(TextColours.ATTENTION);
        Button add = new Button("Add ImageFolder\u2026");
        add.setOnAction(e -> {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle("A folder with one sub-folder of crops per class");
            File f = c.showDialog(owner);
            if (f != null && !state.extraFolders.contains(f.toPath())) {
                state.extraFolders.add(f.toPath());
                enter();
            }
        });
        Button remove = new Button("Remove");
        remove.setOnAction(e -> {
            Path p = folders.getSelectionModel().getSelectedItem();
            if (p != null) {
                state.extraFolders.remove(p);
                enter();
            }
        });
        Label intro = new Label("The new version learns from the cells reviewers decided in this workspace (their latest decision, "
                + "when it names one of the active model's " + state.active.manifest().classes().size() + " classes). Cells marked "
                + "not a white cell, unsure or skipped are left out.");
        intro.setWrapText(true);
        Label more = new Label("More data (optional): ImageFolder folders, e.g. an export of another workspace or a public set. "
                + "Sub-folder names are matched to the classes ignoring case; others are ignored.");
        more.setWrapText(true);
        mappingTable.setId("wizardMapping");
        mappingTable.setHgap(10);
        mappingTable.setVgap(4);
        view.getChildren().addAll(intro, table, summary, more, folders, new HBox(8, add, remove), unmatched, mappingTable);
    }

    @Override
    public String title() {
        return "Data";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public ObservableBooleanValue ready() {
        return ready;
    }

    @Override
    public void enter() {
        ready.set(false);
        List<Path> extra = List.copyOf(state.extraFolders);
        List<String> classes = state.active.manifest().classes();
        Map<String, String> mapping = Map.copyOf(state.folderMapping);
        Task<DecisionData> task = new Task<>() {
            @Override
            protected DecisionData call() {
                updateMessage("Reading the decisions\u2026");
                return DecisionData.fromWorkspace(state.workspace, extra, mapping, classes, WizardState.MIN_PER_CLASS, state.seed);
            }
        };
        task.setOnSucceeded(e -> show(task.getValue(), extra, classes));
        task.setOnFailed(e -> summary.setText("Cannot read the data: " + task.getException().getMessage()));
        work.run(task);
    }

    private void show(DecisionData data, List<Path> extra, List<String> classes) {
        state.data = data;
        table.getChildren().clear();
        table.addRow(0, bold("class"), bold("cells"), bold(""));
        int row = 1;
        for (Map.Entry<String, Integer> e : data.perClass().entrySet()) {
            Label flag = new Label(data.tooFew().contains(e.getKey()) ? "too few (< " + WizardState.MIN_PER_CLASS + ")" : "");
            flag.setTextFill(TextColours.ALERT);
            Label n = new Label(Integer.toString(e.getValue()));
            n.setId("wizardCount-" + e.getKey());
            table.addRow(row++, new Label(e.getKey()), n, flag);
        }
        List<String> problems = data.problems();
        summary.setText(problems.isEmpty() ? data.size() + " cells" + (data.tooFew().isEmpty() ? "." : "; classes flagged red have too few cells to learn or "
                + "to score well.") : (data.size() == 0 ? "" : data.size() + " cells, but training cannot start:\n") + String.join("\n", problems));
        summary.setTextFill(problems.isEmpty() ? javafx.scene.paint.Color.BLACK : TextColours.ALERT);
        StringBuilder sb = new StringBuilder();
        mappingTable.getChildren().clear();
        int mapped = 0;
        for (Path p : extra) {
            try {
                for (String name : DecisionData.unmatchedFolders(p, classes)) {
                    // a folder whose name is no class: map it by hand, or leave it out
                    javafx.scene.control.ChoiceBox<String> to = new javafx.scene.control.ChoiceBox<>();
                    to.getItems().add(IGNORE);
                    to.getItems().addAll(classes);
                    to.setValue(state.folderMapping.getOrDefault(name, IGNORE));
                    to.setId("wizardMap-" + name);
                    to.valueProperty().addListener((o, a, v) -> {
                        if (IGNORE.equals(v)) {
                            state.folderMapping.remove(name);
                        } else {
                            state.folderMapping.put(name, v);
                        }
                        enter();
                    });
                    mappingTable.addRow(mapped++, new Label(p.getFileName() + "/" + name + "  \u2192"), to);
                }
            } catch (java.io.IOException e) {
                sb.append(p).append(": ").append(e.getMessage()).append('\n');
            }
        }
        unmatched.setText(sb.toString().strip() + (mapped > 0 ? (sb.length() > 0 ? "\n" : "") + "Folders whose names are no class of the model: "
                + "map them to a class or leave them out." : ""));
        ready.set(problems.isEmpty());
    }

    private static final String IGNORE = "(leave out)";

    static Label bold(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }
}
