package org.hemareview.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.concurrent.Task;
import javafx.scene.image.Image;
import javafx.stage.FileChooser;
import org.hemareview.dataset.SampleData;
import org.hemareview.dataset.SmearImporter;
import org.hemareview.image.ImageReadException;
import java.util.Optional;
import org.hemareview.dataset.SmearAnalyser;
import org.hemareview.image.SmearImage;
import org.hemareview.review.Cell;
import org.hemareview.review.Smear;
import org.hemareview.review.Workspaces;
import org.opencv.core.Mat;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.GradCam;
import org.hemareview.classify.Heatmap;
import org.hemareview.classify.HeatmapImages;
import org.hemareview.classify.SmearClassifier;
import org.hemareview.model.DefaultModel;
import org.hemareview.review.StoredPrediction;
import org.hemareview.review.Workspace;
import org.hemareview.review.WorkspaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every command of the main window, as a method: the menu, the toolbar, shortcuts,
 * drag-and-drop and tests all call these. Heavy work goes to {@link BackgroundWork}.
 */
public final class MainActions {
    private static final Logger logger = LoggerFactory.getLogger(MainActions.class);
    private final MainWindow window;
    private final Workspace workspace;
    private final SmearImporter importer;
    private final SmearAnalyser analyser;
    private final BackgroundWork work;
    private final AppPreferences prefs;
    private final Consumer<Path> switchWorkspace;
    private GradCam gradCam;
    private volatile org.hemareview.model.ModelRegistry registry;

    MainActions(MainWindow window, Workspace workspace, SmearImporter importer, SmearAnalyser analyser, BackgroundWork work,
                AppPreferences prefs, Consumer<Path> switchWorkspace) {
        this.analyser = analyser;
        this.window = window;
        this.workspace = workspace;
        this.importer = importer;
        this.work = work;
        this.prefs = prefs;
        this.switchWorkspace = switchWorkspace;
    }

    /** File > Open: pick one or more smear images. */
    public void openDialog() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open smears");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Smear images", "*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff", "*.bmp",
                        "*.PNG", "*.JPG", "*.JPEG", "*.TIF", "*.TIFF", "*.BMP"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (!prefs.recentFiles().isEmpty() && prefs.recentFiles().get(0).getParent() != null
                && prefs.recentFiles().get(0).getParent().toFile().isDirectory()) {
            chooser.setInitialDirectory(prefs.recentFiles().get(0).getParent().toFile());
        }
        List<File> files = chooser.showOpenMultipleDialog(window.stage());
        if (files != null && !files.isEmpty()) {
            openFiles(files.stream().map(File::toPath).toList());
        }
    }

    /**
     * Opens smear files (File > Open, drag-and-drop, recent files): each is checked, decoded and
     * registered in the background; the last good one is shown. Bad files are reported together
     * and leave nothing in the workspace.
     */
    public Task<OpenResult> openFiles(List<Path> files) {
        return open(files, true);
    }

    /** Registers the sample smears that ship with HemaReview (first run, Help menu). */
    public Task<OpenResult> addSampleSmears() {
        List<Path> samples = SampleData.smears();
        if (samples.isEmpty()) {
            window.status("No sample-data folder found next to the application.");
        }
        return open(samples, false);
    }

    private Task<OpenResult> open(List<Path> files, boolean show) {
        Task<OpenResult> task = new Task<>() {
            @Override
            protected OpenResult call() {
                updateTitle("Opening smears");
                List<String> failures = new ArrayList<>();
                Smear shown = null;
                ImagePyramid pyramid = null;
                SmearImage image = null;
                int registered = 0;
                for (int i = 0; i < files.size() && !isCancelled(); i++) {
                    Path f = files.get(i);
                    updateMessage("Opening " + f.getFileName() + " (" + (i + 1) + "/" + files.size() + ")");
                    updateProgress(i, files.size());
                    boolean display = show && i == files.size() - 1;
                    try {
                        SmearImporter.Opened o = importer.open(f);
                        registered++;
                        if (display) {
                            pyramid = ImagePyramid.of(o.image().bgr());
                            shown = o.registration().smear();
                            image = o.image(); // handed to the window, which releases it
                        } else {
                            o.close();
                        }
                    } catch (ImageReadException | WorkspaceException e) {
                        failures.add(e.getMessage());
                    } catch (RuntimeException | OutOfMemoryError e) {
                        logger.error("opening {}", f, e);
                        failures.add(f.getFileName() + ": unexpected error (" + e + ")");
                    }
                }
                updateProgress(files.size(), files.size());
                if (isCancelled() && image != null) {
                    image.close();
                }
                return new OpenResult(shown, pyramid, image, registered, failures);
            }
        };
        task.messageProperty().addListener((o, a, msg) -> window.status(msg));
        task.setOnSucceeded(e -> {
            OpenResult r = task.getValue();
            if (r.shown() != null) {
                window.show(r.shown(), r.pyramid(), r.image());
                prefs.addRecent(r.shown().path());
                loadCells(r.shown(), prefs.analyseOnOpen());
            }
            refreshSmears();
            if (!r.failures().isEmpty()) {
                window.error(r.failures().size() == 1 ? "This file cannot be opened" : r.failures().size() + " files cannot be opened",
                        String.join("\n", r.failures()));
            } else {
                window.status(r.registered() + (r.registered() == 1 ? " smear" : " smears") + " ready");
            }
        });
        task.setOnCancelled(e -> {
            window.status("Opening cancelled");
            refreshSmears();
        });
        task.setOnFailed(e -> window.error("Opening failed", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /** Shows a smear from the list (re-reads its file: the workspace keeps no pixels). */
    public Task<OpenResult> showSmear(Smear s) {
        return openFiles(List.of(s.path()));
    }

    /** Reloads the smear list and any thumbnails not yet decoded. */
    public Task<List<Smear>> refreshSmears() {
        Map<Long, Image> decoded = new HashMap<>();
        java.util.Set<Long> known = window.smearList().thumbnailIds(); // read on the JavaFX thread, which owns the cache
        Task<List<Smear>> task = new Task<>() {
            @Override
            protected List<Smear> call() {
                updateTitle("Loading smear list");
                List<Smear> smears = workspace.smears().list();
                for (Smear s : smears) {
                    if (!known.contains(s.id())) {
                        workspace.smears().thumbnail(s.id()).ifPresent(b -> decoded.put(s.id(), SmearListView.decode(b)));
                    }
                }
                return smears;
            }
        };
        task.setOnSucceeded(e -> window.smearList().update(task.getValue(), decoded, window.currentSmearProperty().get()));
        task.setOnFailed(e -> window.error("Cannot read the workspace", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /**
     * Shows the smear's stored cells and calls; classifies the cells that have no call yet, and
     * analyses the smear first when it has no cells and {@code analyseIfNone}.
     */
    Task<CellsResult> loadCells(Smear smear, boolean analyseIfNone) {
        Task<CellsResult> task = new Task<>() {
            @Override
            protected CellsResult call() {
                updateTitle("Loading cells");
                List<Cell> cells = workspace.cells().cells(smear.id());
                return new CellsResult(smear, cells, loadCrops(cells), null, workspace.predictions().latest(smear.id()));
            }
        };
        task.setOnSucceeded(e -> {
            CellsResult r = task.getValue();
            if (!isCurrent(r.smear())) {
                return;
            }
            window.showCells(r.cells(), r.crops());
            window.setPredictions(r.predictions());
            if (r.cells().isEmpty()) {
                if (analyseIfNone) {
                    analyse();
                }
            } else if (r.predictions().size() < r.cells().size()) {
                classifyCurrent();
            }
        });
        task.setOnFailed(e -> window.error("Cannot read the cells", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /**
     * Loads the workspace's active model (on first use the registry starts with the bundled one, or
     * -Dhemareview.model) in the background; the app works without one.
     */
    public Task<SmearClassifier> loadModel() {
        Task<SmearClassifier> task = new Task<>() {
            @Override
            protected SmearClassifier call() throws Exception {
                updateTitle("Loading the model");
                updateMessage("Loading the classification model\u2026");
                org.hemareview.model.ModelRegistry registry = org.hemareview.model.ModelRegistry.forWorkspace(workspace.file(), DefaultModel.folder(),
                        Workspaces.systemActor(), org.hemareview.train.Retraining.auditInto(workspace));
                MainActions.this.registry = registry;
                java.nio.file.Path dir = registry.active().map(org.hemareview.model.ModelRegistry.Entry::folder)
                        .orElseThrow(() -> new org.hemareview.model.ModelPackageException("no active model in " + registry.directory()
                                + " and the bundled model (models/" + DefaultModel.NAME + ") was not found; cells are found but not classified"));
                return new SmearClassifier(CellClassifier.load(dir, ComputeDevice.detect()), workspace, Workspaces.systemActor());
            }
        };
        task.setOnSucceeded(e -> {
            window.setClassifier(task.getValue());
            gradCam = new GradCam(task.getValue().classifier());
            window.status("Model " + task.getValue().modelVersion() + " ready");
            Smear s = window.currentSmearProperty().get();
            if (s != null && !window.cells().isEmpty()) {
                classifyCurrent();
            }
        });
        task.setOnFailed(e -> {
            logger.warn("no model: {}", task.getException().getMessage());
            window.status("No model: " + task.getException().getMessage());
        });
        return work.run(task);
    }

    /** Review > Models…: the registry's versions; promote, roll back, train. */
    public ModelsWindow openModels() {
        if (registry == null) {
            window.status("The model registry is still loading.");
            return null;
        }
        ModelsWindow w = new ModelsWindow(window.stage(), registry, reviewer(), this::activeModelChanged, this::openTrainingWizard, work);
        w.stage.show();
        return w;
    }

    /** Review > Train New Version…: the training wizard on this workspace's decisions. */
    public TrainingWizard openTrainingWizard() {
        var active = registry == null ? java.util.Optional.<org.hemareview.model.ModelRegistry.Entry>empty() : registry.active();
        if (active.isEmpty()) {
            window.error("No model to start from", "The workspace has no active model yet (it is still loading, or none was found).");
            return null;
        }
        TrainingWizard w = new TrainingWizard(window.stage(), new WizardState(workspace, registry, active.get(), reviewer()), work,
                this::activeModelChanged);
        w.show();
        return w;
    }

    private String reviewer() {
        String who = window.review().reviewerProperty().get();
        return who.isBlank() ? Workspaces.systemActor() : who;
    }

    /** A promotion or roll back: load the new active model, then offer to re-classify the unreviewed smears with it. */
    void activeModelChanged(org.hemareview.model.ModelRegistry.Entry now) {
        Task<SmearClassifier> load = loadModel();
        load.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> {
            if (!offerReclassify) {
                return;
            }
            Task<List<Smear>> find = new Task<>() {
                @Override
                protected List<Smear> call() {
                    return workspace.smears().list().stream().filter(s -> s.status() == org.hemareview.review.SmearStatus.UNREVIEWED).toList();
                }
            };
            find.setOnSucceeded(f -> offerReclassify(now, find.getValue()));
            work.run(find);
        });
    }

    private void offerReclassify(org.hemareview.model.ModelRegistry.Entry now, List<Smear> unreviewed) {
        if (unreviewed.isEmpty()) {
            return;
        }
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                "Re-classify the " + unreviewed.size() + " unreviewed smear(s) with " + now.label() + "? Reviewed smears keep their calls; "
                        + "earlier predictions stay in the workspace.", javafx.scene.control.ButtonType.YES, javafx.scene.control.ButtonType.NO);
        a.initOwner(window.stage());
        a.setHeaderText("The active model changed");
        a.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.YES).ifPresent(b -> reclassify(unreviewed));
    }

    /** Whether a promotion asks to re-classify unreviewed smears (tests switch the dialog off). */
    boolean offerReclassify = true;

    /**
     * Keeps the task's model alive until the task ends, whatever way it ends (it may be cancelled
     * before it ever runs): a promotion in between retires the model but does not free it under the task.
     */
    private static <T> Task<T> holding(SmearClassifier sc, Task<T> task) {
        CellClassifier.Hold hold = sc.classifier().hold();
        task.stateProperty().addListener((o, was, now) -> {
            if (now == javafx.concurrent.Worker.State.SUCCEEDED || now == javafx.concurrent.Worker.State.FAILED
                    || now == javafx.concurrent.Worker.State.CANCELLED) {
                hold.close();
            }
        });
        return task;
    }

    /** Classifies the given smears' stored cells with the active model, in the background. */
    public Task<Integer> reclassify(List<Smear> smears) {
        SmearClassifier sc = window.classifierProperty().get();
        if (sc == null) {
            return null;
        }
        Task<Integer> task = holding(sc, new Task<>() {
            @Override
            protected Integer call() {
                updateTitle("Re-classifying");
                int n = 0;
                for (int i = 0; i < smears.size() && !isCancelled(); i++) {
                    updateProgress(i, smears.size());
                    updateMessage("Re-classifying " + smears.get(i).name());
                    n += sc.classify(smears.get(i).id(), workspace.cells().cells(smears.get(i).id())).size();
                }
                return n;
            }
        });
        task.setOnSucceeded(e -> {
            window.status(task.getValue() + " cells re-classified by " + sc.modelVersion());
            Smear s = window.currentSmearProperty().get();
            if (s != null) {
                loadCells(s, false);
            }
        });
        task.setOnFailed(e -> window.error("Re-classification failed", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /** Classifies the current smear's cells with the loaded model and stores the calls. */
    public Task<Map<Long, StoredPrediction>> classifyCurrent() {
        SmearClassifier sc = window.classifierProperty().get();
        Smear smear = window.currentSmearProperty().get();
        List<Cell> cells = window.cells();
        if (sc == null || smear == null || cells.isEmpty()) {
            return null;
        }
        Task<Map<Long, StoredPrediction>> task = holding(sc, new Task<>() {
            @Override
            protected Map<Long, StoredPrediction> call() {
                updateTitle("Classifying " + smear.name());
                updateMessage("Classifying " + cells.size() + " cells\u2026");
                return sc.classify(smear.id(), cells);
            }
        });
        task.setOnSucceeded(e -> {
            if (isCurrent(smear)) {
                window.setPredictions(task.getValue());
            }
            window.status(smear.name() + ": " + task.getValue().size() + " cells classified by " + sc.modelVersion());
        });
        task.setOnFailed(e -> window.error("Classification failed", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /** Grad-CAM of a cell for a class, shown in the cell panel. */
    public Task<Image> explain(Cell cell, String label) {
        SmearClassifier sc = window.classifierProperty().get();
        GradCam cam = gradCam;
        if (sc == null || cam == null) {
            return null;
        }
        int index = sc.classifier().manifest().classes().indexOf(label);
        Task<Image> task = holding(sc, new Task<>() {
            @Override
            protected Image call() {
                byte[] png = workspace.cells().crop(cell.id()).orElseThrow();
                Mat crop = org.opencv.imgcodecs.Imgcodecs.imdecode(new org.opencv.core.MatOfByte(png), org.opencv.imgcodecs.Imgcodecs.IMREAD_COLOR);
                Mat colour = null;
                try {
                    Heatmap h = cam.explain(crop, index);
                    colour = HeatmapImages.colour(h);
                    return ImagePyramid.toImage(colour);
                } finally {
                    crop.release();
                    if (colour != null) {
                        colour.release();
                    }
                }
            }
        });
        task.setOnSucceeded(e -> {
            Cell selected = window.selectedCellProperty().get();
            if (selected != null && selected.id() == cell.id()) {
                window.cellPanel().showMap(task.getValue(), label, sc.classifier().mapDescription());
            }
        });
        task.setOnFailed(e -> logger.warn("Grad-CAM failed: {}", String.valueOf(task.getException())));
        return work.run(task);
    }

    /** Analysis > Analyse Smear: segments the current smear and replaces its cells. */
    public Task<CellsResult> analyse() {
        Smear smear = window.currentSmearProperty().get();
        SmearImage image = window.currentImage();
        if (smear == null || image == null) {
            window.status("Open a smear first.");
            return null;
        }
        Optional<Double> preferred = prefs.scaleValue();
        Mat pixels = image.bgr().clone(); // the window may release its image (another smear opened) while this runs
        Task<CellsResult> task = new Task<>() {
            @Override
            protected CellsResult call() {
                try {
                    updateTitle("Analysing " + smear.name());
                    updateMessage("Finding white cells on " + smear.name() + "…");
                    updateProgress(-1, 1);
                    SmearAnalyser.Analysis a = analyser.analyse(smear, pixels, SmearAnalyser.scaleOf(smear, preferred));
                    updateProgress(1, 1);
                    return new CellsResult(smear, a.cells(), loadCrops(a.cells()), a.segmentation().scale(), Map.of());
                } finally {
                    pixels.release();
                }
            }
        };
        task.messageProperty().addListener((o, a, msg) -> window.status(msg));
        task.setOnSucceeded(e -> {
            CellsResult r = task.getValue();
            if (isCurrent(r.smear())) {
                window.showCells(r.cells(), r.crops());
                classifyCurrent();
            }
            long edge = r.cells().stream().filter(Cell::edge).count();
            window.status(String.format("%s: %d white cells%s (scale %.3f µm/px, %s)", r.smear().name(), r.cells().size(),
                    edge > 0 ? ", " + edge + " cut by the border" : "", r.scale().umPerPx(), r.scale().source()));
        });
        task.setOnFailed(e -> window.error("Analysis failed", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /** Deletes the selected cell (a false detection); audited. */
    public void deleteSelectedCell() {
        Cell cell = window.selectedCellProperty().get();
        if (cell == null) {
            window.status("Select a cell to delete.");
            return;
        }
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() {
                String who = window.review().reviewerProperty().get();
                workspace.cells().delete(cell.id(), who.isBlank() ? Workspaces.systemActor() : who);
                return null;
            }
        };
        task.setOnSucceeded(e -> {
            window.removeCell(cell);
            window.status("Cell " + cell.number() + " deleted");
        });
        task.setOnFailed(e -> window.error("Cannot delete the cell", String.valueOf(task.getException().getMessage())));
        work.run(task);
    }

    /** Stores a cell the reviewer boxed on the viewer; audited. */
    public Task<CellsResult> addDrawnCell(int[] box) {
        Smear smear = window.currentSmearProperty().get();
        SmearImage image = window.currentImage();
        if (smear == null || image == null) {
            return null;
        }
        Optional<Double> labScale = prefs.scaleValue();
        Mat pixels = image.bgr().clone();
        Task<CellsResult> task = new Task<>() {
            @Override
            protected CellsResult call() {
                try {
                    Cell cell = analyser.addDrawn(smear, pixels, box, analyser.drawnScale(smear, pixels, labScale));
                    return new CellsResult(smear, List.of(cell), loadCrops(List.of(cell)), null, Map.of());
                } finally {
                    pixels.release();
                }
            }
        };
        task.setOnSucceeded(e -> {
            CellsResult r = task.getValue();
            if (isCurrent(r.smear())) {
                Cell c = r.cells().get(0);
                window.addCell(c, r.crops().get(c.id()));
                window.status("Cell " + c.number() + " added");
            }
        });
        task.setOnFailed(e -> window.error("Cannot add the cell", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /** Analysis > Scale…: this lab's µm per pixel, or auto. */
    public void chooseScale() {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(prefs.scale());
        d.initOwner(window.stage());
        d.setTitle("Smear scale");
        d.setHeaderText("Micrometres per pixel of your smears, or 'auto' to estimate it from the red cells (7.5 µm) on each smear.");
        d.showAndWait().ifPresent(text -> {
            String t = text.strip();
            try {
                if (!t.equalsIgnoreCase("auto")) {
                    org.hemareview.segment.Scale.given(Double.parseDouble(t));
                }
                prefs.setScale(t.toLowerCase(java.util.Locale.ROOT));
                window.status("Scale: " + prefs.scale());
            } catch (IllegalArgumentException ex) {
                window.error("Not a scale", "'" + t + "' is neither 'auto' nor a number of micrometres per pixel (e.g. 0.05).");
            }
        });
    }

    private boolean isCurrent(Smear s) {
        Smear current = window.currentSmearProperty().get();
        return current != null && current.id() == s.id();
    }

    /** The cells' stored crops (PNG); the gallery decodes them when they come into view. */
    private Map<Long, byte[]> loadCrops(List<Cell> cells) {
        Map<Long, byte[]> out = new HashMap<>();
        for (Cell c : cells) {
            workspace.cells().crop(c.id()).ifPresent(b -> out.put(c.id(), b));
        }
        return out;
    }

    /** Cells of a smear with their crops as stored (and the scale, after an analysis). */
    record CellsResult(Smear smear, List<Cell> cells, Map<Long, byte[]> crops, org.hemareview.segment.Scale scale,
                       Map<Long, StoredPrediction> predictions) {
    }

    public void fit() {
        window.viewer().fit();
    }

    public void actualSize() {
        window.viewer().actualSize();
    }

    public void zoomIn() {
        window.viewer().zoomIn();
    }

    public void zoomOut() {
        window.viewer().zoomOut();
    }

    /** File > Workspace…: open or create another workspace file. */
    public void chooseWorkspace() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open or create a workspace");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("HemaReview workspace", "*.db"));
        chooser.setInitialDirectory(workspace.file().getParent().toFile());
        chooser.setInitialFileName("workspace.db");
        File f = chooser.showSaveDialog(window.stage());
        if (f != null) {
            switchWorkspace.accept(f.toPath());
        }
    }
}
