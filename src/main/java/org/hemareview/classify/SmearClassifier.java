package org.hemareview.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemareview.review.Cell;
import org.hemareview.review.StoredPrediction;
import org.hemareview.review.Workspace;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Classifies a smear's stored cells (their crops as kept in the workspace) and records the
 * predictions with the model version that made them, in one transaction. The app and the
 * {@code analyze} command both call this.
 */
public final class SmearClassifier {
    private final CellClassifier classifier;
    private final Workspace workspace;
    private final String actor;

    public SmearClassifier(CellClassifier classifier, Workspace workspace, String actor) {
        this.classifier = classifier;
        this.workspace = workspace;
        this.actor = actor;
    }

    public CellClassifier classifier() {
        return classifier;
    }

    /** "name version", as stored with each prediction. */
    public String modelVersion() {
        return classifier.manifest().name() + " " + classifier.manifest().version();
    }

    public Map<Long, StoredPrediction> classify(long smearId, List<Cell> cells) {
        List<Mat> crops = new ArrayList<>();
        List<Cell> kept = new ArrayList<>();
        try {
            for (Cell c : cells) {
                byte[] png = workspace.cells().crop(c.id()).orElse(null);
                if (png == null) {
                    continue;
                }
                MatOfByte buf = new MatOfByte(png);
                Mat crop = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
                buf.release();
                if (!crop.empty()) {
                    crops.add(crop);
                    kept.add(c);
                }
            }
            List<Prediction> predictions = classifier.classify(crops);
            List<StoredPrediction> rows = new ArrayList<>();
            Map<Long, StoredPrediction> out = new LinkedHashMap<>();
            for (int i = 0; i < kept.size(); i++) {
                StoredPrediction sp = toStored(kept.get(i).id(), predictions.get(i));
                rows.add(sp);
                out.put(sp.cellId(), sp);
            }
            workspace.predictions().record(smearId, rows, actor);
            return out;
        } finally {
            crops.forEach(Mat::release);
        }
    }

    private StoredPrediction toStored(long cellId, Prediction p) {
        Map<String, Double> probs = new LinkedHashMap<>();
        for (int i = 0; i < p.classes().size(); i++) {
            probs.put(p.classes().get(i), (double) p.probabilities()[i]);
        }
        return new StoredPrediction(cellId, modelVersion(), classifier.manifest().weightsSha256(), p.predicted(), p.confidence(), probs);
    }
}
