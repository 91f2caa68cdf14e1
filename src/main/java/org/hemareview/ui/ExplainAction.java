package org.hemareview.ui;

import java.util.function.BiConsumer;
import javafx.concurrent.Task;
import javafx.scene.image.Image;
import org.hemareview.classify.CamMethod;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.DeletionCurve;
import org.hemareview.classify.GradCam;
import org.hemareview.classify.Heatmap;
import org.hemareview.classify.HeatmapImages;
import org.hemareview.review.Cell;
import org.hemareview.segment.Crop;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Grad-CAM of a cell for a class, in the background; one explainer per model in use (it keeps no state between maps). */
final class ExplainAction {
    private static final Logger logger = LoggerFactory.getLogger(ExplainAction.class);
    private final SmearSession session;
    private final BackgroundWork work;
    private GradCam cam;
    private CellClassifier camModel;

    ExplainAction(SmearSession session, BackgroundWork work) {
        this.session = session;
        this.work = work;
    }

    /**
     * Explains {@code cell} for {@code label} by {@code method}; {@code show} gets the map on the
     * JavaFX thread if the cell is still selected.
     */
    Task<Image> explain(Cell cell, String label, CamMethod method, BiConsumer<Image, String> show) {
        CellClassifier model = session.classifier.get();
        byte[] png = session.crops.get(cell.id());
        if (model == null || png == null || model.isRetired()) {
            return null; // a model replaced or closed since the selection: the next selection explains with the new one
        }
        GradCam explainer = explainer(model);
        int index = model.manifest().classes().indexOf(label);
        Task<Image> task = ModelActions.holding(model, new Task<>() {
            @Override
            protected Image call() {
                try (Crop crop = Crop.fromPng(png, Double.NaN)) {
                    Heatmap h = explainer.explain(crop.pixels(), index, method);
                    Mat colour = HeatmapImages.colour(h);
                    try {
                        return ImagePyramid.toImage(colour);
                    } finally {
                        colour.release();
                    }
                }
            }
        });
        task.setOnSucceeded(e -> {
            Cell selected = session.selected.get();
            if (selected != null && selected.id() == cell.id()) {
                show.accept(task.getValue(), explainer.describe(method));
            }
        });
        task.setOnFailed(e -> logger.warn("Grad-CAM failed: {}", String.valueOf(task.getException())));
        return work.run(task);
    }

    /**
     * The deletion curve of the cell's map for {@code label} against a random order (16 parts),
     * on demand: 34 forward passes, a fraction of a second on the CPU.
     */
    Task<DeletionCurve> faithfulness(Cell cell, String label, CamMethod method, java.util.function.Consumer<DeletionCurve> show) {
        CellClassifier model = session.classifier.get();
        byte[] png = session.crops.get(cell.id());
        if (model == null || png == null || model.isRetired()) {
            return null;
        }
        GradCam explainer = explainer(model);
        int index = model.manifest().classes().indexOf(label);
        Task<DeletionCurve> task = ModelActions.holding(model, new Task<>() {
            @Override
            protected DeletionCurve call() {
                try (Crop crop = Crop.fromPng(png, Double.NaN)) {
                    byte[] resized = model.encoder().resize(crop.pixels());
                    int s = model.encoder().size();
                    Heatmap h = explainer.explainResized(resized, index, s, s, method);
                    return DeletionCurve.measure(model, resized, h.values(), h.classIndex(), 16, cell.id());
                }
            }
        });
        task.setOnSucceeded(e -> {
            Cell selected = session.selected.get();
            if (selected != null && selected.id() == cell.id()) {
                show.accept(task.getValue());
            }
        });
        task.setOnFailed(e -> logger.warn("deletion curve failed: {}", String.valueOf(task.getException())));
        return work.run(task);
    }

    /** One explainer per model in use. */
    private GradCam explainer(CellClassifier model) {
        if (camModel != model) {
            cam = GradCam.forReview(model);
            camModel = model;
        }
        return cam;
    }
}
