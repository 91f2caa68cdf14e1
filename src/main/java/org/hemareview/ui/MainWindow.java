package org.hemareview.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.analysis.SmearImporter;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.image.SmearImageReader;
import org.hemareview.review.Cell;
import org.hemareview.review.Smear;
import org.hemareview.review.StoredPrediction;
import org.hemareview.review.Workspace;
import org.hemareview.review.Workspaces;

/**
 * The main window: menu bar, toolbar, smear list, viewer, gallery, cell panel and status bar. It
 * lays the views out and binds them to the {@link SmearSession}; commands are declared in
 * {@link MainCommands} and run by {@link SmearActions}, {@link ModelActions} and the review controller.
 */
public final class MainWindow {
    private final Stage stage;
    private final Workspace workspace;
    private final BackgroundWork work = new BackgroundWork();
    private final SmearSession session;
    private final SmearViewer viewer = new SmearViewer();
    private final SmearListView smearList = new SmearListView();
    private final CellGallery gallery = new CellGallery();
    private final CountsPanel counts = new CountsPanel();
    private final CellPanel cellPanel = new CellPanel();
    private final CellOverlay cellOverlay = new CellOverlay(viewer);
    private final ToggleButton drawCell = new ToggleButton("Draw cell");
    /** Shown above the smear while its cells look unlike the model's training data (issue 18). */
    private final javafx.scene.control.Label shiftBanner = new javafx.scene.control.Label(org.hemareview.review.SmearShift.BANNER);
    private final javafx.animation.PauseTransition explainLater = new javafx.animation.PauseTransition(javafx.util.Duration.millis(150));
    private final StatusBarView status;
    private final Feedback feedback;
    private final ReviewController review;
    private final ExportAction exportAction;
    private final SmearActions smears;
    private final ModelActions models;
    private final ExplainAction explain;
    private final Commands commands;
    private boolean centreOnSelection = true;

    public MainWindow(Stage stage, Workspace workspace, AppPreferences prefs, Consumer<Path> switchWorkspace) {
        this.stage = stage;
        this.workspace = workspace;
        this.session = new SmearSession(workspace, SegmenterModels.bundled());
        this.status = new StatusBarView(viewer, work);
        this.feedback = new Feedback(stage, status);
        this.smears = new SmearActions(session, feedback, work, prefs, smearList,
                new SmearImporter(workspace, new SmearImageReader(), Workspaces.systemActor()), switchWorkspace);
        this.models = new ModelActions(session, feedback, work, smears);
        this.explain = new ExplainAction(session, work);
        this.review = new ReviewController(session, feedback, prefs, gallery, counts);
        this.exportAction = new ExportAction(feedback, workspace, work);
        this.commands = new MainCommands(session, smears, models, review, exportAction, viewer, stage).commands();
        review.useCommands(commands, smears::refreshSmears);
        status.device.setText(ComputeDevice.detect().label());
        status.device.setTooltip(new Tooltip("Compute device: " + ComputeDevice.detect().reason()));
        status.workspace.setText(workspace.file().getFileName().toString());
        status.workspace.setTooltip(new Tooltip(workspace.file().toString()));
        status.reviewer.textProperty().bind(Bindings.createStringBinding(() -> session.reviewer.get().isBlank()
                ? "no reviewer" : "Reviewer: " + session.reviewer.get(), session.reviewer));
        status.reviewer.setOnMouseClicked(e -> review.askReviewer(true));

        BorderPane root = new BorderPane(layout());
        MainCommands.Bars bars = MainCommands.bars(commands, prefs, drawCell, smears);
        root.setTop(new VBox(bars.menuBar(), bars.toolBar()));
        root.setBottom(status.bar);
        Scene scene = new Scene(root);
        installDragAndDrop(scene);
        stage.setScene(scene);
        WindowPlacement.restore(stage, prefs); // after the scene, so that the scene's own size does not win
        stage.setTitle("HemaReview \u2014 " + workspace.file().getFileName());
        scene.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, review::handleKey);
        scene.addEventHandler(javafx.scene.input.KeyEvent.KEY_TYPED, review::handleKey);
        stage.setOnHidden(e -> {
            explainLater.stop(); // no Grad-CAM may start on a closing window's model
            review.close();
            gallery.close();
            work.close();
            session.close();
        });
        bindSession();
        wireCells();
        smearList.list.getSelectionModel().selectedItemProperty().addListener((o, old, s) -> {
            if (s != null && !session.isCurrent(s)) {
                smears.showSmear(s);
            }
        });
    }

    private SplitPane layout() {
        ScrollPane panelScroll = new ScrollPane(cellPanel.root);
        panelScroll.setFitToWidth(true); // the panel follows the column's width; long texts wrap
        SplitPane cellSide = new SplitPane(gallery.root, panelScroll);
        cellSide.setOrientation(Orientation.VERTICAL);
        cellSide.setDividerPositions(0.5);
        cellSide.setPrefWidth(345);
        cellSide.setMinWidth(300); // the crop, the map and the top-3 list need this much
        viewer.setMinWidth(320);
        ScrollPane countsScroll = new ScrollPane(counts.root);
        countsScroll.setFitToWidth(true);
        SplitPane smearSide = new SplitPane(smearList.list, countsScroll);
        smearSide.setOrientation(Orientation.VERTICAL);
        smearSide.setDividerPositions(0.35);
        smearSide.setMinWidth(230);
        shiftBanner.setId("shift-banner");
        shiftBanner.setWrapText(true);
        shiftBanner.setMaxWidth(Double.MAX_VALUE);
        // dark text on amber, 4.5:1 or more, and a border that does not depend on seeing colour
        shiftBanner.setStyle("-fx-background-color: #ffe08a; -fx-text-fill: #3d2b00; -fx-border-color: #a33a00; -fx-border-width: 0 0 2 0;"
                + " -fx-padding: 6 10 6 10; -fx-font-weight: bold;");
        shiftBanner.setVisible(false);
        shiftBanner.managedProperty().bind(shiftBanner.visibleProperty());
        VBox centre = new VBox(shiftBanner, viewer);
        VBox.setVgrow(viewer, javafx.scene.layout.Priority.ALWAYS);
        centre.setMinWidth(320);
        SplitPane split = new SplitPane(smearSide, centre, cellSide);
        split.setDividerPositions(0.2, 0.75);
        SplitPane.setResizableWithParent(smearSide, false);
        // a wider window widens the viewer and the gallery together; the smear list keeps its width
        return split;
    }

    /** Loads the smear list and the model; on a workspace's first run, adds the sample smears to it. */
    public void start() {
        if (!workspace.historyProblems().isEmpty()) {
            feedback.error("This workspace's history was changed outside HemaReview",
                    String.join("\n", workspace.historyProblems()) + "\n\nExports are refused until this is resolved; `hemareview verify` lists the same.");
        }
        review.askReviewer(false);
        models.loadModel();
        if (workspace.createdNow()) {
            smears.addSampleSmears();
        } else {
            smears.refreshSmears();
        }
    }

    /** The views follow the session: what smear, which cells, which calls, which model. */
    private void bindSession() {
        session.pyramid.addListener((o, was, p) -> viewer.show(p));
        session.smearProperty().addListener((o, was, s) -> {
            if (s != null) {
                stage.setTitle("HemaReview \u2014 " + s.name() + " \u2014 " + workspace.file().getFileName());
                smearList.select(s);
            }
        });
        session.cells.addListener((ListChangeListener<Cell>) c -> {
            boolean oneAdded = false;
            boolean onlyRemoved = true;
            while (c.next()) {
                oneAdded = c.wasAdded() && !c.wasRemoved() && c.getFrom() > 0 && c.getAddedSize() == 1;
                onlyRemoved &= c.wasRemoved() && !c.wasAdded();
            }
            c.reset();
            c.next();
            if (oneAdded) {
                Cell added = c.getAddedSubList().get(0);
                gallery.add(added, session.crops.get(added.id()));
            } else if (onlyRemoved) {
                c.getRemoved().forEach(gallery::remove);
            } else {
                gallery.show(List.copyOf(session.cells), Map.copyOf(session.crops));
                review.reload();
            }
            cellOverlay.show(gallery.allCells());
            cellOverlay.setStruck(gallery.notACells());
        });
        session.predictions.addListener((MapChangeListener<Long, StoredPrediction>) c -> predictionsChanged());
        session.classifier.addListener((o, was, c) -> {
            if (c == null) {
                return;
            }
            review.setClasses(c.manifest().classes());
            status.device.setText(c.device().isGpu() ? "GPU (CUDA)" : "CPU");
            status.device.setTooltip(new Tooltip("Model " + c.version() + " on " + c.device()));
        });
    }

    private void predictionsChanged() {
        gallery.setPredictions(Map.copyOf(session.predictions));
        var shift = org.hemareview.review.SmearShift.of(session.predictions.values());
        shiftBanner.setVisible(shift.isUnlike());
        shiftBanner.setTooltip(shift.scored() == 0 ? null : new Tooltip(shift.text()));
        Map<Long, String> labels = new HashMap<>();
        session.predictions.forEach((id, p) -> labels.put(id, p.label()));
        cellOverlay.setLabels(labels);
        showCellPanel(session.selected.get());
    }

    private void wireCells() {
        gallery.onCropDecoded(id -> {
            Cell c = session.selected.get();
            if (c != null && c.id() == id) {
                cellPanel.show(c, gallery.crop(id), session.predictions.get(id), classes());
                if (session.classifier.get() != null && session.predictions.containsKey(id)) {
                    explainLater.playFromStart(); // the map shown before the crop arrived was cleared with the panel
                }
            }
        });
        cellPanel.faithfulness.setOnAction(e -> {
            Cell c = session.selected.get();
            String label = cellPanel.explainClass.getValue();
            if (c != null && label != null) {
                explain.faithfulness(c, label, cellPanel.method.getValue(), cellPanel::showFaithfulness);
            }
        });
        cellPanel.onExplain(label -> {
            Cell c = session.selected.get();
            if (c != null) {
                explain.explain(c, label, cellPanel.method.getValue(), (map, layer) -> cellPanel.showMap(map, label, layer));
            }
        });
        gallery.selectedProperty().addListener((o, old, c) -> {
            session.selected.set(c);
            cellOverlay.select(c);
            showCellPanel(c);
            if (c != null && centreOnSelection) {
                viewer.reveal(c.box()); // pans only when the cell is out of view; the zoom stays the user's
            }
        });
        session.selected.addListener((o, old, c) -> {
            if (c != gallery.selectedProperty().get()) {
                selectCell(c, true);
            }
        });
        cellOverlay.onClick(c -> selectCell(c, false));
        gallery.onDecisionsChanged(() -> cellOverlay.setStruck(gallery.notACells()));
        drawCell.setId("drawCell");
        drawCell.setTooltip(new Tooltip("Drag a box around a cell the analysis missed"));
        drawCell.disableProperty().bind(session.readOnly);
        viewer.drawModeProperty().bind(drawCell.selectedProperty());
        viewer.setOnBoxDrawing(box -> {
            javafx.scene.shape.Rectangle r = cellOverlay.drawingBox();
            r.setVisible(box != null);
            if (box != null) {
                r.setX(box.getMinX());
                r.setY(box.getMinY());
                r.setWidth(box.getWidth());
                r.setHeight(box.getHeight());
            }
        }, box -> {
            cellOverlay.drawingBox().setVisible(false);
            drawCell.setSelected(false);
            smears.addDrawnCell(new org.hemareview.geometry.Box((int) box.getMinX(), (int) box.getMinY(), (int) Math.ceil(box.getWidth()),
                    (int) Math.ceil(box.getHeight())));
        });
    }

    private List<String> classes() {
        CellClassifier c = session.classifier.get();
        return c == null ? List.of() : c.manifest().classes();
    }

    private void showCellPanel(Cell c) {
        cellPanel.show(c, c == null ? null : gallery.crop(c.id()), c == null ? null : session.predictions.get(c.id()), classes());
        explainLater.stop();
        if (c != null && session.classifier.get() != null && session.predictions.containsKey(c.id())) {
            // a reviewer typing through cells should not queue a Grad-CAM per cell passed: explain once the selection rests
            explainLater.setOnFinished(e -> {
                Cell now = session.selected.get();
                if (now != null && now.id() == c.id()) {
                    String label = session.predictions.get(c.id()).label();
                    explain.explain(c, label, cellPanel.method.getValue(), (map, layer) -> cellPanel.showMap(map, label, layer));
                }
            });
            explainLater.playFromStart();
        }
    }

    /** Selects a cell in the gallery and on the viewer; from the gallery, the viewer also brings it into view. */
    public void selectCell(Cell cell, boolean centre) {
        centreOnSelection = centre;
        try {
            if (cell == null) {
                gallery.selectedProperty().set(null);
            } else {
                gallery.allCells().stream().filter(c -> c.id() == cell.id()).findFirst().ifPresent(c -> gallery.selectedProperty().set(c));
            }
        } finally {
            centreOnSelection = true;
        }
    }

    private void installDragAndDrop(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                smears.openFiles(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    // what tests and the app reach: the window's parts, read-only where they are state

    SmearActions smears() {
        return smears;
    }

    ModelActions models() {
        return models;
    }

    Commands commands() {
        return commands;
    }

    SmearSession session() {
        return session;
    }

    public SmearViewer viewer() {
        return viewer;
    }

    public Stage stage() {
        return stage;
    }

    public Workspace workspace() {
        return workspace;
    }

    public BackgroundWork work() {
        return work;
    }

    public javafx.scene.control.ListView<Smear> smearListView() {
        return smearList.list;
    }

    public ReadOnlyObjectProperty<Smear> currentSmearProperty() {
        return session.smearProperty();
    }

    public ReadOnlyStringProperty lastErrorProperty() {
        return feedback.lastErrorProperty();
    }

    /** The cells on show in the gallery, in gallery order. */
    public javafx.collections.ObservableList<Cell> galleryItems() {
        return gallery.items();
    }

    /** Every cell of the smear on screen (whatever the gallery's filter). */
    public List<Cell> cells() {
        return gallery.allCells();
    }

    /** Whether the smear shown carries the "unlike the training data" banner. */
    public boolean showsShiftBanner() {
        return shiftBanner.isVisible();
    }

    public Map<Long, StoredPrediction> predictions() {
        return java.util.Collections.unmodifiableMap(session.predictions);
    }

    public ReadOnlyObjectProperty<CellClassifier> classifierProperty() {
        return session.classifier;
    }

    public ReadOnlyObjectProperty<Cell> selectedCellProperty() {
        return session.selected;
    }

    /** Number of outlines drawn on the viewer. */
    public int outlineCount() {
        return cellOverlay.count();
    }

    /** Number of cells drawn struck through ("not a white cell"). */
    int struckCount() {
        return cellOverlay.struckCount();
    }

    public ToggleButton drawCellToggle() {
        return drawCell;
    }

    CellGallery gallery() {
        return gallery;
    }

    CountsPanel counts() {
        return counts;
    }

    CellPanel cellPanel() {
        return cellPanel;
    }

    ExportAction exportAction() {
        return exportAction;
    }

    ReviewController review() {
        return review;
    }
}
