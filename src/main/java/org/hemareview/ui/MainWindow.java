package org.hemareview.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.dataset.SmearImporter;
import org.hemareview.image.SmearImageReader;
import org.hemareview.review.Cell;
import org.hemareview.review.Smear;
import org.hemareview.image.SmearImage;
import org.hemareview.dataset.SmearAnalyser;
import org.hemareview.segment.SmearSegmenter;
import org.hemareview.review.Workspace;
import org.hemareview.review.Workspaces;

/**
 * The main window: menu bar, toolbar, smear list, viewer and status bar. It owns layout and
 * wiring only; commands live in {@link MainActions}.
 */
public final class MainWindow {
    private final Stage stage;
    private final Workspace workspace;
    private final BackgroundWork work = new BackgroundWork();
    private final SmearViewer viewer = new SmearViewer();
    private final SmearListView smearList = new SmearListView();
    private final CellGallery gallery = new CellGallery();
    private final CountsPanel counts = new CountsPanel();
    private final ReviewController review;
    private final ExportAction exportAction;
    private final javafx.animation.PauseTransition explainLater = new javafx.animation.PauseTransition(javafx.util.Duration.millis(150));
    private final CellOverlay cellOverlay = new CellOverlay(viewer);
    private final ReadOnlyObjectWrapper<Cell> selectedCell = new ReadOnlyObjectWrapper<>(this, "selectedCell");
    private final javafx.scene.control.ToggleButton drawCell = new javafx.scene.control.ToggleButton("Draw cell");
    private final CellPanel cellPanel = new CellPanel();
    private final java.util.Map<Long, org.hemareview.review.StoredPrediction> predictions = new java.util.HashMap<>();
    private final ReadOnlyObjectWrapper<org.hemareview.classify.SmearClassifier> classifier = new ReadOnlyObjectWrapper<>(this, "classifier");
    private SmearImage currentImage;
    private boolean centreOnSelection = true;
    private final StatusBarView status;
    private final MainActions actions;
    private final ReadOnlyObjectWrapper<Smear> currentSmear = new ReadOnlyObjectWrapper<>(this, "currentSmear");
    private final ReadOnlyStringWrapper lastError = new ReadOnlyStringWrapper(this, "lastError");
    private final AppPreferences prefs;
    private final Menu recentMenu = new Menu("Open _Recent");

    public MainWindow(Stage stage, Workspace workspace, AppPreferences prefs, Consumer<Path> switchWorkspace) {
        this.stage = stage;
        this.workspace = workspace;
        this.prefs = prefs;
        this.status = new StatusBarView(viewer, work);
        this.actions = new MainActions(this, workspace, new SmearImporter(workspace, new SmearImageReader(), Workspaces.systemActor()),
                new SmearAnalyser(workspace, org.hemareview.Segmenters.standard(), Workspaces.systemActor()), work, prefs, switchWorkspace);
        status.device.setText(ComputeDevice.detect().label());
        status.device.setTooltip(new Tooltip("Compute device: " + ComputeDevice.detect().reason()));
        status.workspace.setText(workspace.file().getFileName().toString());
        status.workspace.setTooltip(new Tooltip(workspace.file().toString()));
        this.review = new ReviewController(this, workspace, prefs, gallery, counts);
        this.exportAction = new ExportAction(this, workspace, work);
        status.reviewer.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> review.reviewerProperty().get().isBlank()
                ? "no reviewer" : "Reviewer: " + review.reviewerProperty().get(), review.reviewerProperty()));
        status.reviewer.setOnMouseClicked(e -> review.askReviewer(true));

        javafx.scene.control.ScrollPane panelScroll = new javafx.scene.control.ScrollPane(cellPanel.root);
        panelScroll.setFitToWidth(true); // the panel follows the column's width; long texts wrap
        SplitPane cellSide = new SplitPane(gallery.root, panelScroll);
        cellSide.setOrientation(javafx.geometry.Orientation.VERTICAL);
        cellSide.setDividerPositions(0.5);
        cellSide.setPrefWidth(345);
        javafx.scene.control.ScrollPane countsScroll = new javafx.scene.control.ScrollPane(counts.root);
        countsScroll.setFitToWidth(true);
        SplitPane smearSide = new SplitPane(smearList.list, countsScroll);
        smearSide.setOrientation(javafx.geometry.Orientation.VERTICAL);
        smearSide.setDividerPositions(0.35);
        SplitPane split = new SplitPane(smearSide, viewer, cellSide);
        split.setDividerPositions(0.2, 0.75);
        SplitPane.setResizableWithParent(smearSide, false);
        SplitPane.setResizableWithParent(cellSide, false);
        wireCells();
        BorderPane root = new BorderPane(split);
        root.setTop(new VBox(menuBar(), toolBar()));
        root.setBottom(status.bar);
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1400, screen.getWidth()), Math.min(900, screen.getHeight()));
        installDragAndDrop(scene);
        stage.setScene(scene);
        stage.setTitle("HemaReview \u2014 " + workspace.file().getFileName());
        scene.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, review::handleKey);
        scene.addEventHandler(javafx.scene.input.KeyEvent.KEY_TYPED, review::handleKey);
        stage.setOnHidden(e -> {
            review.close();
            gallery.close();
            work.close();
            releaseImage();
        });

        smearList.list.getSelectionModel().selectedItemProperty().addListener((o, old, s) -> {
            if (s != null && (currentSmear.get() == null || currentSmear.get().id() != s.id())) {
                actions.showSmear(s);
            }
        });
        prefs.recentFiles().addListener((ListChangeListener<Path>) c -> rebuildRecentMenu());
        rebuildRecentMenu();
    }

    /** Loads the smear list; on a workspace's first run, offers the sample smears in it. */
    public void start() {
        review.askReviewer(false);
        actions.loadModel();
        if (workspace.createdNow()) {
            actions.addSampleSmears();
        } else {
            actions.refreshSmears();
        }
    }

    public MainActions actions() {
        return actions;
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

    SmearListView smearList() {
        return smearList;
    }

    public javafx.scene.control.ListView<Smear> smearListView() {
        return smearList.list;
    }

    public ReadOnlyObjectProperty<Smear> currentSmearProperty() {
        return currentSmear.getReadOnlyProperty();
    }

    /** The last error shown to the user (for tests and the log). */
    public ReadOnlyStringProperty lastErrorProperty() {
        return lastError.getReadOnlyProperty();
    }

    /** Shows a smear; the window now owns {@code image} (kept for crops of drawn cells and analysis). */
    void show(Smear smear, ImagePyramid pyramid, SmearImage image) {
        releaseImage();
        currentImage = image;
        currentSmear.set(smear);
        showCells(List.of(), java.util.Map.of());
        review.smearShown(smear);
        viewer.show(pyramid);
        stage.setTitle("HemaReview \u2014 " + smear.name() + " \u2014 " + workspace.file().getFileName());
        smearList.select(smear);
    }

    SmearImage currentImage() {
        return currentImage;
    }

    private void releaseImage() {
        if (currentImage != null) {
            currentImage.close();
            currentImage = null;
        }
    }

    /** The cells on show in the gallery, in gallery order. */
    public javafx.collections.ObservableList<Cell> galleryItems() {
        return gallery.items();
    }

    /** Every cell of the smear on screen (whatever the gallery's filter). */
    public List<Cell> cells() {
        return gallery.allCells();
    }

    CellGallery gallery() {
        return gallery;
    }

    CountsPanel counts() {
        return counts;
    }

    ExportAction exportAction() {
        return exportAction;
    }

    ReviewController review() {
        return review;
    }

    public ReadOnlyObjectProperty<Cell> selectedCellProperty() {
        return selectedCell.getReadOnlyProperty();
    }

    /** Number of outlines drawn on the viewer. */
    public int outlineCount() {
        return cellOverlay.count();
    }

    public javafx.scene.control.ToggleButton drawCellToggle() {
        return drawCell;
    }

    void showCells(List<Cell> cells, java.util.Map<Long, byte[]> crops) {
        cellOverlay.show(cells);
        gallery.show(cells, crops);
        selectedCell.set(null);
        setPredictions(java.util.Map.of());
        review.reload();
    }

    /** The model's calls on the current smear's cells (replacing what was shown). */
    void setPredictions(java.util.Map<Long, org.hemareview.review.StoredPrediction> byCell) {
        predictions.clear();
        predictions.putAll(byCell);
        gallery.setPredictions(predictions);
        java.util.Map<Long, String> labels = new java.util.HashMap<>();
        predictions.forEach((id, p) -> labels.put(id, p.label()));
        cellOverlay.setLabels(labels);
        showCellPanel(selectedCell.get());
    }

    public java.util.Map<Long, org.hemareview.review.StoredPrediction> predictions() {
        return java.util.Collections.unmodifiableMap(predictions);
    }

    public ReadOnlyObjectProperty<org.hemareview.classify.SmearClassifier> classifierProperty() {
        return classifier.getReadOnlyProperty();
    }

    void setClassifier(org.hemareview.classify.SmearClassifier c) {
        org.hemareview.classify.SmearClassifier old = classifier.get();
        classifier.set(c);
        review.setClasses(c.classifier().manifest().classes());
        if (old != null && old != c) {
            // the replaced model's native memory is freed once the work that holds it has finished
            old.classifier().retire();
        }
        status.device.setText(c.classifier().device().isGpu() ? "GPU (CUDA)" : "CPU");
        status.device.setTooltip(new Tooltip("Model " + c.modelVersion() + " on " + c.classifier().device()));
    }

    CellPanel cellPanel() {
        return cellPanel;
    }

    private void showCellPanel(Cell c) {
        org.hemareview.classify.SmearClassifier sc = classifier.get();
        List<String> classes = sc == null ? List.of() : sc.classifier().manifest().classes();
        cellPanel.show(c, c == null ? null : gallery.crop(c.id()), c == null ? null : predictions.get(c.id()), classes);
        explainLater.stop();
        if (c != null && sc != null && predictions.containsKey(c.id())) {
            // a reviewer typing through cells should not queue a Grad-CAM per cell passed: explain once the selection rests
            explainLater.setOnFinished(e -> {
                if (selectedCell.get() != null && selectedCell.get().id() == c.id()) {
                    actions.explain(c, predictions.get(c.id()).label());
                }
            });
            explainLater.playFromStart();
        }
    }

    void addCell(Cell cell, byte[] crop) {
        gallery.add(cell, crop);
        cellOverlay.show(gallery.allCells());
        selectCell(cell, true);
    }

    void removeCell(Cell cell) {
        gallery.remove(cell);
        cellOverlay.show(gallery.allCells());
        selectedCell.set(null);
    }

    /** Selects a cell in the list and on the viewer; from the list, the viewer also centres on it. */
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

    private void wireCells() {
        gallery.onCropDecoded(id -> {
            Cell c = selectedCell.get();
            if (c != null && c.id() == id) {
                org.hemareview.classify.SmearClassifier sc = classifier.get();
                cellPanel.show(c, gallery.crop(id), predictions.get(id), sc == null ? List.of() : sc.classifier().manifest().classes());
                if (sc != null && predictions.containsKey(id)) {
                    explainLater.playFromStart(); // the map shown before the crop arrived was cleared with the panel
                }
            }
        });
        cellPanel.onExplain(label -> {
            Cell c = selectedCell.get();
            if (c != null) {
                actions.explain(c, label);
            }
        });
        gallery.selectedProperty().addListener((o, old, c) -> {
            selectedCell.set(c);
            cellOverlay.select(c);
            showCellPanel(c);
            if (c != null && centreOnSelection) {
                viewer.centreOn(c.centreX(), c.centreY());
            }
        });
        cellOverlay.onClick(c -> selectCell(c, false));
        drawCell.setId("drawCell");
        drawCell.setTooltip(new Tooltip("Drag a box around a cell the analysis missed"));
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
            actions.addDrawnCell(new int[] {(int) box.getMinX(), (int) box.getMinY(), (int) Math.ceil(box.getWidth()), (int) Math.ceil(box.getHeight())});
        });
    }

    void status(String message) {
        status.message(message);
    }

    void error(String header, String details) {
        lastError.set(header + ": " + details);
        status.message(header);
        Dialogs.error(stage, header, details);
    }

    private MenuBar menuBar() {
        MenuItem open = item("_Open\u2026", "Shortcut+O", actions::openDialog);
        open.setId("menuOpen");
        MenuItem samples = item("Add _Sample Smears", null, actions::addSampleSmears);
        MenuItem ws = item("_Workspace\u2026", null, actions::chooseWorkspace);
        MenuItem export = item("_Export Dataset\u2026", "Shortcut+E", exportAction::ask);
        MenuItem quit = item("_Quit", "Shortcut+Q", stage::close);
        Menu file = new Menu("_File", null, open, recentMenu, new SeparatorMenuItem(), samples, ws, export, new SeparatorMenuItem(), quit);
        javafx.scene.control.CheckMenuItem auto = new javafx.scene.control.CheckMenuItem("Analyse _After Opening");
        auto.setSelected(prefs.analyseOnOpen());
        auto.selectedProperty().addListener((o, a, on) -> prefs.setAnalyseOnOpen(on));
        MenuItem deleteCell = item("_Delete Cell", null, actions::deleteSelectedCell);
        Menu analysis = new Menu("_Analysis", null,
                item("_Analyse Smear", "Shortcut+R", actions::analyse),
                auto,
                item("_Scale…", null, actions::chooseScale),
                new SeparatorMenuItem(),
                deleteCell);
        Menu view = new Menu("_View", null,
                item("_Fit to Window", "Shortcut+0", actions::fit),
                item("_Actual Size (1:1)", "Shortcut+1", actions::actualSize),
                item("Zoom _In", "Shortcut+EQUALS", actions::zoomIn),
                item("Zoom _Out", "Shortcut+MINUS", actions::zoomOut));
        MenuItem undo = item("_Undo Decision", "Shortcut+Z", review::undo);
        undo.setId("menuUndo");
        Menu reviewMenu = new Menu("_Review", null,
                undo,
                item("_Sign Smear", "Shortcut+Shift+S", review::sign),
                item("U_nsign Smear\u2026", null, review::unsign),
                new SeparatorMenuItem(),
                item("_Target Count\u2026", null, review::askTargetCount),
                new SeparatorMenuItem(),
                item("_Models\u2026", null, actions::openModels),
                item("Train a _New Model Version\u2026", null, actions::openTrainingWizard),
                new SeparatorMenuItem(),
                item("Switch _Reviewer\u2026", null, () -> review.askReviewer(true)));
        MenuBar bar = new MenuBar(file, view, analysis, reviewMenu);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private ToolBar toolBar() {
        return new ToolBar(
                button("Open", "Open smear images (Ctrl+O)", actions::openDialog),
                button("Fit", "Fit to window (Ctrl+0)", actions::fit),
                button("1:1", "Actual size (Ctrl+1)", actions::actualSize),
                button("+", "Zoom in (Ctrl+=)", actions::zoomIn),
                button("\u2212", "Zoom out (Ctrl+\u2212)", actions::zoomOut),
                new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL),
                button("Analyse", "Find the white cells (Ctrl+R)", actions::analyse),
                drawCell);
    }

    private void rebuildRecentMenu() {
        recentMenu.getItems().clear();
        for (Path p : prefs.recentFiles()) {
            recentMenu.getItems().add(item(p.getFileName().toString(), null, () -> actions.openFiles(List.of(p))));
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
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
                actions.openFiles(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }
}
