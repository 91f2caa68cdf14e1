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
import org.hemareview.analysis.SmearAnalyser;
import org.hemareview.analysis.SmearImporter;
import org.hemareview.analysis.SmearScale;
import org.hemareview.dataset.SampleData;
import org.hemareview.image.ImageReadException;
import org.hemareview.image.SmearImage;
import org.hemareview.review.Cell;
import org.hemareview.review.Smear;
import org.hemareview.review.WorkspaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hemareview.segment.Scale;

/**
 * The commands on smears and their cells: open, show, analyse, draw a missed cell, delete a false
 * one, the lab's scale. They read and change the {@link SmearSession}; the heavy part of each runs
 * in {@link BackgroundWork} through the same {@code analysis} classes the command line uses.
 */
final class SmearActions {
    private static final Logger logger = LoggerFactory.getLogger(SmearActions.class);
    private final SmearSession session;
    private final Feedback feedback;
    private final BackgroundWork work;
    private final AppPreferences prefs;
    private final SmearListView smearList;
    private final SmearImporter importer;
    private final Consumer<Path> switchWorkspace;
    /** Called once a smear's stored cells are on show: the model classifies those without a call. */
    private Consumer<Smear> cellsShown = s -> { };

    SmearActions(SmearSession session, Feedback feedback, BackgroundWork work, AppPreferences prefs, SmearListView smearList,
                 SmearImporter importer, Consumer<Path> switchWorkspace) {
        this.session = session;
        this.feedback = feedback;
        this.work = work;
        this.prefs = prefs;
        this.smearList = smearList;
        this.importer = importer;
        this.switchWorkspace = switchWorkspace;
    }

    void onCellsShown(Consumer<Smear> then) {
        cellsShown = then;
    }

    /** File > Open: pick one or more smear images. */
    void openDialog() {
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
        List<File> files = chooser.showOpenMultipleDialog(feedback.owner());
        if (files != null && !files.isEmpty()) {
            openFiles(files.stream().map(File::toPath).toList());
        }
    }

    /**
     * Opens smear files (File > Open, drag-and-drop, recent files): each is checked, decoded and
     * registered in the background; the last good one is shown. Bad files are reported together
     * and leave nothing in the workspace.
     */
    Task<OpenResult> openFiles(List<Path> files) {
        return open(files, true);
    }

    /** Registers the sample smears that ship with HemaReview (first run, File menu). */
    Task<OpenResult> addSampleSmears() {
        List<Path> samples = SampleData.smears();
        if (samples.isEmpty()) {
            feedback.status("No sample-data folder found next to the application.");
        }
        return open(samples, false);
    }

    /** Shows a smear from the list (re-reads its file: the workspace keeps no pixels). */
    Task<OpenResult> showSmear(Smear s) {
        return openFiles(List.of(s.path()));
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
                    try {
                        SmearImporter.Opened o = importer.open(f);
                        registered++;
                        if (show && i == files.size() - 1) {
                            pyramid = ImagePyramid.of(o.image().bgr());
                            shown = o.registration().smear();
                            image = o.image(); // handed to the session, which releases it
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
        task.messageProperty().addListener((o, a, msg) -> feedback.status(msg));
        task.setOnSucceeded(e -> {
            OpenResult r = task.getValue();
            if (r.shown() != null) {
                session.open(r.shown(), r.image(), r.pyramid());
                prefs.addRecent(r.shown().path());
                loadCells(r.shown(), prefs.analyseOnOpen());
            }
            refreshSmears();
            if (!r.failures().isEmpty()) {
                feedback.error(r.failures().size() == 1 ? "This file cannot be opened" : r.failures().size() + " files cannot be opened",
                        String.join("\n", r.failures()));
            } else {
                feedback.status(r.registered() + (r.registered() == 1 ? " smear" : " smears") + " ready");
            }
        });
        task.setOnCancelled(e -> {
            feedback.status("Opening cancelled");
            refreshSmears();
        });
        task.setOnFailed(e -> feedback.error("Opening failed", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /** Reloads the smear list (statuses included) and any thumbnails not yet decoded. */
    Task<List<Smear>> refreshSmears() {
        Map<Long, Image> decoded = new HashMap<>();
        java.util.Set<Long> known = smearList.thumbnailIds(); // read on the JavaFX thread, which owns the cache
        Task<List<Smear>> task = new Task<>() {
            @Override
            protected List<Smear> call() {
                updateTitle("Loading smear list");
                List<Smear> smears = session.workspace.smears().list();
                for (Smear s : smears) {
                    if (!known.contains(s.id())) {
                        session.workspace.smears().thumbnail(s.id()).ifPresent(b -> decoded.put(s.id(), SmearListView.decode(b)));
                    }
                }
                return smears;
            }
        };
        task.setOnSucceeded(e -> smearList.update(task.getValue(), decoded, session.smear()));
        task.setOnFailed(e -> feedback.error("Cannot read the workspace", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /** Shows the smear's stored cells and calls; analyses it first when it has no cells and {@code analyseIfNone}. */
    Task<CellsResult> loadCells(Smear smear, boolean analyseIfNone) {
        Task<CellsResult> task = new Task<>() {
            @Override
            protected CellsResult call() {
                updateTitle("Loading cells");
                List<Cell> cells = session.workspace.cells().cells(smear.id());
                return new CellsResult(smear, cells, loadCrops(cells), session.workspace.predictions().latest(smear.id()));
            }
        };
        task.setOnSucceeded(e -> {
            CellsResult r = task.getValue();
            if (!session.isCurrent(r.smear())) {
                return;
            }
            session.setCells(r.cells(), r.crops());
            session.setPredictions(r.predictions());
            if (r.cells().isEmpty() && analyseIfNone) {
                analyse();
            } else if (r.predictions().size() < r.cells().size()) {
                cellsShown.accept(r.smear());
            }
        });
        task.setOnFailed(e -> feedback.error("Cannot read the cells", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /** Analysis > Analyse Smear: segments and classifies the open smear, replacing its cells. */
    Task<Analysed> analyse() {
        Smear smear = session.smear();
        if (smear == null || session.image() == null) {
            feedback.status("Open a smear first.");
            return null;
        }
        if (session.readOnly.get()) {
            feedback.status(session.locked.get() ? "This smear is signed and locked." : "The smear is being analysed already.");
            return null;
        }
        SmearScale.Choice choice = SmearScale.Choice.lab(prefs.scaleValue());
        SmearImage pixels = session.image().copy(); // the session may release its image (another smear opened) while this runs
        SmearAnalyser analyser = new SmearAnalyser(session.workspace, session.pipeline(), session.actor());
        Task<Analysed> task = ModelActions.holding(session.classifier.get(), new Task<>() {
            @Override
            protected Analysed call() {
                try (pixels) {
                    updateTitle("Analysing " + smear.name());
                    updateMessage("Finding and classifying the white cells on " + smear.name() + "\u2026");
                    updateProgress(-1, 1);
                    SmearAnalyser.Stored r = analyser.analyse(smear, pixels, choice);
                    return new Analysed(r, loadCrops(r.cells()));
                }
            }
        });
        task.messageProperty().addListener((o, a, msg) -> feedback.status(msg));
        task.setOnSucceeded(e -> {
            SmearAnalyser.Stored r = task.getValue().stored();
            if (session.isCurrent(r.smear())) {
                session.setCells(r.cells(), task.getValue().crops());
                session.setPredictions(r.predictions());
            }
            long edge = r.cells().stream().filter(Cell::edge).count();
            feedback.status(String.format("%s: %d white cells%s (scale %.3f µm/px, %s)%s", r.smear().name(), r.cells().size(),
                    edge > 0 ? ", " + edge + " cut by the border" : "", r.scale().umPerPx(), r.scale().source().key(),
                    r.modelVersion().map(v -> ", classified by " + v).orElse(", not classified (no model)"))
                    + (r.warnings().isEmpty() ? "" : ". Warning: " + String.join("; ", r.warnings())));
        });
        task.setOnFailed(e -> feedback.error("Analysis failed", String.valueOf(task.getException().getMessage())));
        return runOnSmear(task);
    }

    /** Stores a cell the reviewer boxed on the viewer, classified like a found one; audited. */
    Task<Analysed> addDrawnCell(org.hemareview.geometry.Box box) {
        Smear smear = session.smear();
        if (smear == null || session.image() == null || session.locked.get()) {
            return null;
        }
        SmearScale.Choice choice = SmearScale.Choice.lab(prefs.scaleValue());
        SmearImage pixels = session.image().copy();
        SmearAnalyser analyser = new SmearAnalyser(session.workspace, session.pipeline(), session.actor());
        Task<Analysed> task = ModelActions.holding(session.classifier.get(), new Task<>() {
            @Override
            protected Analysed call() {
                try (pixels) {
                    SmearAnalyser.Stored r = analyser.addDrawn(smear, pixels, box, choice);
                    return new Analysed(r, loadCrops(r.cells()));
                }
            }
        });
        task.setOnSucceeded(e -> {
            SmearAnalyser.Stored r = task.getValue().stored();
            if (session.isCurrent(r.smear())) {
                Cell c = r.cells().get(0);
                session.addCell(c, task.getValue().crops().get(c.id()));
                session.predictions.putAll(r.predictions());
                session.selected.set(c);
                feedback.status("Cell " + c.number() + " added");
            }
        });
        task.setOnFailed(e -> feedback.error("Cannot add the cell", String.valueOf(task.getException().getMessage())));
        return runOnSmear(task);
    }

    /** Deletes the selected cell (a false detection); audited under the reviewer's name. */
    void deleteSelectedCell() {
        Cell cell = session.selected.get();
        if (cell == null) {
            feedback.status("Select a cell to delete.");
            return;
        }
        String actor = session.actor();
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() {
                session.workspace.cells().delete(cell.id(), actor);
                return null;
            }
        };
        task.setOnSucceeded(e -> {
            session.removeCell(cell);
            feedback.status("Cell " + cell.number() + " deleted");
        });
        task.setOnFailed(e -> feedback.error("Cannot delete the cell", String.valueOf(task.getException().getMessage())));
        work.run(task);
    }

    /** Analysis > Scale…: this lab's µm per pixel, or auto. */
    void chooseScale() {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(prefs.scale());
        d.initOwner(feedback.owner());
        d.setTitle("Smear scale");
        d.setHeaderText("Micrometres per pixel of your smears, or 'auto' to estimate it from the red cells (7.5 µm) on each smear. "
                + "A scale written beside an image or in its TIFF tags comes first.");
        d.showAndWait().ifPresent(text -> {
            String t = text.strip();
            try {
                if (!t.equalsIgnoreCase("auto")) {
                    org.hemareview.segment.Scale.given(Double.parseDouble(t));
                }
                prefs.setScale(t.toLowerCase(java.util.Locale.ROOT));
                feedback.status("Scale: " + prefs.scale());
            } catch (IllegalArgumentException ex) {
                feedback.error("Not a scale", "'" + t + "' is neither 'auto' nor a number of micrometres per pixel (e.g. 0.05).");
            }
        });
    }

    /** File > Workspace…: open or create another workspace file. */
    void chooseWorkspace() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open or create a workspace");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("HemaReview workspace", "*.db"));
        chooser.setInitialDirectory(session.workspace.file().getParent().toFile());
        chooser.setInitialFileName("workspace.db");
        File f = chooser.showSaveDialog(feedback.owner());
        if (f != null) {
            switchWorkspace.accept(f.toPath());
        }
    }

    /** Counts a task as work on the open smear while it runs (commands that change its cells grey out). */
    <T> Task<T> runOnSmear(Task<T> task) {
        session.analysing.set(session.analysing.get() + 1);
        task.stateProperty().addListener((o, was, now) -> {
            if (BackgroundWork.isDone(now)) {
                session.analysing.set(session.analysing.get() - 1);
            }
        });
        return work.run(task);
    }

    /** The cells' stored crops (PNG); the gallery decodes them when they come into view. */
    private Map<Long, byte[]> loadCrops(List<Cell> cells) {
        Map<Long, byte[]> out = new HashMap<>();
        for (Cell c : cells) {
            session.workspace.cells().crop(c.id()).ifPresent(b -> out.put(c.id(), b));
        }
        return out;
    }

    /** An analysis as stored, with the crops the gallery shows. */
    record Analysed(SmearAnalyser.Stored stored, Map<Long, byte[]> crops) {
    }

    /** Cells of a smear with their crops and latest calls, as stored. */
    record CellsResult(Smear smear, List<Cell> cells, Map<Long, byte[]> crops, Map<Long, org.hemareview.review.StoredPrediction> predictions) {
    }

}
