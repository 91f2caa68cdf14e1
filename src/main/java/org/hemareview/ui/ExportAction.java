package org.hemareview.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.concurrent.Task;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.hemareview.dataset.DatasetExport;
import org.hemareview.review.Workspace;

/** File > Export: the options, a folder, then the export in the background with progress and Cancel. */
final class ExportAction {
    private final Feedback feedback;
    private final Workspace workspace;
    private final BackgroundWork work;

    ExportAction(Feedback feedback, Workspace workspace, BackgroundWork work) {
        this.feedback = feedback;
        this.workspace = workspace;
        this.work = work;
    }

    void ask() {
        ChoiceBox<DatasetExport.Format> format = new ChoiceBox<>();
        format.getItems().addAll(DatasetExport.Format.values());
        format.setValue(DatasetExport.Format.IMAGEFOLDER);
        CheckBox reviewedOnly = new CheckBox("Reviewed cells only");
        reviewedOnly.setSelected(true);
        CheckBox deidentify = new CheckBox("De-identify (opaque smear ids, no reviewer names)");
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(feedback.owner());
        d.setTitle("Export dataset");
        d.setHeaderText("Export the workspace's cells");
        d.getDialogPane().setContent(new VBox(8, new Label("Format: imagefolder = crops by class; csv = one row per cell; "
                + "coco = COCO JSON with the smear images"), format, reviewedOnly, deidentify));
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Optional<ButtonType> ok = d.showAndWait();
        if (ok.isEmpty() || ok.get() != ButtonType.OK) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export into folder");
        File dir = chooser.showDialog(feedback.owner());
        if (dir != null && mayUse(dir.toPath())) {
            run(new DatasetExport.Options(format.getValue(), reviewedOnly.isSelected(), deidentify.isSelected(), !isEmpty(dir.toPath())),
                    dir.toPath());
        }
    }

    /** An export goes into an empty folder: a chosen folder with files in it is emptied only when the user says so. */
    private boolean mayUse(Path dir) {
        if (isEmpty(dir)) {
            return true;
        }
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                dir + " is not empty. Delete what is in it and export there? (Files of an earlier export would otherwise be "
                        + "mixed with this one.)", ButtonType.YES, ButtonType.NO);
        a.initOwner(feedback.owner());
        a.setHeaderText("Empty the folder first?");
        return a.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }

    private static boolean isEmpty(Path dir) {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return true; // the export reports what cannot be read
        }
    }

    /** Runs the export in the background (progress in the status bar, Cancel stops it). */
    Task<DatasetExport.Summary> run(DatasetExport.Options options, Path out) {
        Task<DatasetExport.Summary> task = new Task<>() {
            @Override
            protected DatasetExport.Summary call() throws Exception {
                updateMessage("Exporting\u2026");
                return new DatasetExport(workspace).export(options, out, (done, total) -> updateProgress(done, total), this::isCancelled);
            }
        };
        task.setOnSucceeded(e -> {
            DatasetExport.Summary s = task.getValue();
            feedback.status(String.format("Exported %d cells from %d smear(s) to %s", s.cells(), s.smears(), out)
                    + (s.warnings().isEmpty() ? "" : " (" + s.warnings().size() + " warning(s), see the log)"));
        });
        task.setOnCancelled(e -> feedback.status("Export cancelled; files written so far are in " + out));
        task.setOnFailed(e -> feedback.error("Export failed", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }
}
