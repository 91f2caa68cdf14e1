package org.hemareview.ui;

import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.hemareview.model.DataSources;
import org.hemareview.model.ModelRegistry;

/** Review > Models: every registered version with metrics, training data and dates; promote, roll back, train. */
final class ModelsWindow {
    final Stage stage = new Stage();
    final TableView<ModelRegistry.Entry> table = new TableView<>();
    final Button promote = new Button("Promote");
    final Button rollback = new Button("Roll back");
    final Button train = new Button("Train a new version\u2026");
    private final Label message = new Label();
    private final ModelRegistry registry;
    private final String actor;
    private final Consumer<ModelRegistry.Entry> activeChanged;
    private final BackgroundWork work;
    private String activeId = "";

    ModelsWindow(Window owner, ModelRegistry registry, String actor, Consumer<ModelRegistry.Entry> activeChanged, Runnable openWizard,
                 BackgroundWork work) {
        this.work = work;
        this.registry = registry;
        this.actor = actor;
        this.activeChanged = activeChanged;
        stage.initOwner(owner);
        WindowPlacement.centreOnOwner(stage, owner);
        stage.setTitle("Models \u2014 HemaReview");
        table.setId("modelsTable");
        table.getColumns().add(column("", e -> e.id().equals(activeId) ? "\u2605 active" : ""));
        table.getColumns().add(column("version", ModelRegistry.Entry::id));
        table.getColumns().add(column("source", e -> e.source().name().toLowerCase(Locale.ROOT)));
        table.getColumns().add(column("architecture", e -> e.manifest().architecture().name() + ", " + e.manifest().inputSize() + " px"));
        table.getColumns().add(column("accuracy", e -> metric(e, "accuracy")));
        table.getColumns().add(column("macro F1", e -> metric(e, "macro_f1")));
        table.getColumns().add(column("test accuracy", e -> metric(e, "test_accuracy")));
        table.getColumns().add(column("trained on", e -> trainedOn(e.manifest().training())));
        table.getColumns().add(column("use", e -> DataSources.isResearchOnly(e.manifest().training()) ? "research only" : ""));
        table.getColumns().add(column("registered", e -> e.registeredAt().toString().substring(0, 16).replace('T', ' ')));
        promote.setId("modelsPromote");
        rollback.setId("modelsRollback");
        promote.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        promote.setOnAction(e -> {
            ModelRegistry.Entry sel = table.getSelectionModel().getSelectedItem();
            run(() -> registry.promote(sel.id(), actor), "promoted");
        });
        rollback.setOnAction(e -> run(() -> registry.rollback(actor).orElseThrow(() -> new IllegalStateException("there is no earlier version")),
                "rolled back to"));
        train.setOnAction(e -> openWizard.run());
        message.setWrapText(true);
        BorderPane root = new BorderPane(table);
        HBox buttons = new HBox(8, promote, rollback, train);
        root.setBottom(new javafx.scene.layout.VBox(6, buttons, message));
        BorderPane.setMargin(root.getBottom(), new Insets(8));
        stage.setScene(new Scene(root, 1000, 360));
        refresh();
    }

    interface Change {
        ModelRegistry.Entry apply() throws Exception;
    }

    /** A registry change in the background (it writes registry.json and the audit log), then the list again. */
    private void run(Change change, String verb) {
        javafx.concurrent.Task<ModelRegistry.Entry> task = new javafx.concurrent.Task<>() {
            @Override
            protected ModelRegistry.Entry call() throws Exception {
                return change.apply();
            }
        };
        task.setOnSucceeded(e -> {
            ModelRegistry.Entry now = task.getValue();
            message.setText(verb.substring(0, 1).toUpperCase(Locale.ROOT) + verb.substring(1) + " " + now.label() + " (recorded in the audit log).");
            refresh();
            activeChanged.accept(now);
        });
        task.setOnFailed(e -> message.setText("Not changed: " + task.getException().getMessage()));
        work.run(task);
    }

    /** Re-reads the versions (their manifests) in the background. */
    void refresh() {
        javafx.concurrent.Task<java.util.List<ModelRegistry.Entry>> task = new javafx.concurrent.Task<>() {
            @Override
            protected java.util.List<ModelRegistry.Entry> call() {
                activeIdRead = registry.active().map(ModelRegistry.Entry::id).orElse("");
                return registry.list();
            }
        };
        task.setOnSucceeded(e -> {
            activeId = activeIdRead;
            table.getItems().setAll(task.getValue());
            table.refresh();
            fitWidth(TableColumns.fitToContent(table));
        });
        work.run(task);
    }

    private volatile String activeIdRead = "";

    /** Widens the window to its columns, up to 95 % of its screen (beyond that the table scrolls sideways), still centred on its owner. */
    private void fitWidth(double columns) {
        double wanted = Math.min(WindowPlacement.screenOf(stage).getWidth() * 0.95, columns + 40);
        if (wanted > stage.getWidth()) {
            stage.setWidth(wanted);
            WindowPlacement.centre(stage, stage.getOwner());
        }
    }

    private static TableColumn<ModelRegistry.Entry, String> column(String name, java.util.function.Function<ModelRegistry.Entry, String> f) {
        TableColumn<ModelRegistry.Entry, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        return c;
    }

    /** The training data in a few words: the labs of a multi-lab model ("bccd, deepapl, pbc"), else what it was read from. */
    static String trainedOn(java.util.Map<String, Object> training) {
        if (training == null) {
            return "";
        }
        if (training.get("labs") instanceof java.util.List<?> labs && !labs.isEmpty()) {
            return labs.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        }
        Object data = training.get("data");
        return data == null ? "" : data.toString();
    }

    private static String metric(ModelRegistry.Entry e, String key) {
        var v = e.manifest().metric(key);
        return v.isPresent() ? String.format(Locale.ROOT, "%.3f", v.getAsDouble()) : "";
    }
}
