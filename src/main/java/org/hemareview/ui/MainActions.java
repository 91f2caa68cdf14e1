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
import org.hemareview.review.Smear;
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
    private final BackgroundWork work;
    private final AppPreferences prefs;
    private final Consumer<Path> switchWorkspace;

    MainActions(MainWindow window, Workspace workspace, SmearImporter importer, BackgroundWork work, AppPreferences prefs,
                Consumer<Path> switchWorkspace) {
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
                int registered = 0;
                for (int i = 0; i < files.size() && !isCancelled(); i++) {
                    Path f = files.get(i);
                    updateMessage("Opening " + f.getFileName() + " (" + (i + 1) + "/" + files.size() + ")");
                    updateProgress(i, files.size());
                    boolean display = show && i == files.size() - 1;
                    try (SmearImporter.Opened o = importer.open(f)) {
                        registered++;
                        if (display) {
                            pyramid = ImagePyramid.of(o.image().bgr());
                            shown = o.registration().smear();
                        }
                    } catch (ImageReadException | WorkspaceException e) {
                        failures.add(e.getMessage());
                    } catch (RuntimeException | OutOfMemoryError e) {
                        logger.error("opening {}", f, e);
                        failures.add(f.getFileName() + ": unexpected error (" + e + ")");
                    }
                }
                updateProgress(files.size(), files.size());
                return new OpenResult(shown, pyramid, registered, failures);
            }
        };
        task.messageProperty().addListener((o, a, msg) -> window.status(msg));
        task.setOnSucceeded(e -> {
            OpenResult r = task.getValue();
            if (r.shown() != null) {
                window.show(r.shown(), r.pyramid());
                prefs.addRecent(r.shown().path());
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
        Task<List<Smear>> task = new Task<>() {
            @Override
            protected List<Smear> call() {
                updateTitle("Loading smear list");
                List<Smear> smears = workspace.smears().list();
                for (Smear s : smears) {
                    if (!window.smearList().hasThumbnail(s.id())) {
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
