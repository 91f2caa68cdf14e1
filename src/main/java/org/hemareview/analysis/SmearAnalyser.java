package org.hemareview.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.Prediction;
import org.hemareview.geometry.Box;
import org.hemareview.image.SmearImage;
import org.hemareview.review.Cell;
import org.hemareview.review.NewCell;
import org.hemareview.review.Smear;
import org.hemareview.review.SmearStatus;
import org.hemareview.review.StoredPrediction;
import org.hemareview.review.Workspace;
import org.hemareview.segment.Crop;
import org.hemareview.segment.Scale;
import org.hemareview.segment.SegmentedCell;

/**
 * Runs the {@link SmearPipeline} into a workspace: replaces the smear's cells with what it found and
 * records the model's calls, audited under the actor's name. A signed smear is never changed: its
 * cells are refused by the store, and it is never re-classified.
 */
public final class SmearAnalyser {
    private final Workspace workspace;
    private final SmearPipeline pipeline;
    private final String actor;

    /** @param actor the reviewer (or OS user, on the command line) the audit log names */
    public SmearAnalyser(Workspace workspace, SmearPipeline pipeline, String actor) {
        this.workspace = workspace;
        this.pipeline = pipeline;
        this.actor = actor;
    }

    /** The stored result of an analysis: cells as the workspace numbers them, the calls by cell id. */
    /** @param warnings what the segmenter could not vouch for on this smear (no stain found, a guessed scale) */
    public record Stored(Smear smear, List<Cell> cells, Map<Long, StoredPrediction> predictions, Scale scale, Optional<String> modelVersion,
                         List<String> warnings) {
    }

    /** Segments and classifies the smear, replacing its cells (refused once it has decisions or is signed). */
    public Stored analyse(Smear smear, SmearImage image, SmearScale.Choice choice) {
        try (Analysis a = pipeline.analyse(image, choice)) {
            List<NewCell> rows = new ArrayList<>(a.cells().size());
            for (int i = 0; i < a.cells().size(); i++) {
                SegmentedCell c = a.cells().get(i);
                rows.add(new NewCell(c.polygon(), c.box(), c.area(), c.centroid(), c.edge(), a.crops().get(i).png()));
            }
            Map<Long, StoredPrediction> calls = new LinkedHashMap<>();
            List<Cell> cells = workspace.cells().replace(smear.id(), rows, a.scale().umPerPx(), a.scale().source().key(), actor, stored -> {
                for (int i = 0; i < stored.size() && !a.predictions().isEmpty(); i++) {
                    StoredPrediction sp = stored(stored.get(i).id(), a.predictions().get(i));
                    calls.put(sp.cellId(), sp);
                }
                return List.copyOf(calls.values());
            }); // cells and calls in one transaction
            return new Stored(smear, cells, calls, a.scale(), a.modelVersion(), a.segmentation().warnings());
        }
    }

    /**
     * Classifies stored cells of a smear (their crops as kept) and records the calls; a signed smear
     * is left as it is (nothing recorded, an empty result).
     */
    public Map<Long, StoredPrediction> classify(Smear smear, List<Cell> cells) {
        if (pipeline.classifier().isEmpty() || status(smear) == SmearStatus.SIGNED) {
            return Map.of();
        }
        List<Crop> crops = new ArrayList<>();
        List<Cell> kept = new ArrayList<>();
        double umPerPx = workspace.smears().umPerPx(smear.id()).orElse(Double.NaN);
        try {
            for (Cell c : cells) {
                Optional<byte[]> png = workspace.cells().crop(c.id());
                if (png.isPresent()) {
                    crops.add(Crop.fromPng(png.get(), umPerPx));
                    kept.add(c);
                }
            }
            List<Prediction> predictions = pipeline.classify(crops);
            Map<Long, StoredPrediction> out = new LinkedHashMap<>();
            for (int i = 0; i < kept.size(); i++) {
                StoredPrediction sp = stored(kept.get(i).id(), predictions.get(i));
                out.put(sp.cellId(), sp);
            }
            workspace.predictions().record(smear.id(), List.copyOf(out.values()), actor);
            return out;
        } finally {
            crops.forEach(Crop::close);
        }
    }

    /**
     * Re-classifies the smears that are still unreviewed when their turn comes (a smear a reviewer
     * started or signed in the meantime keeps its calls); returns the number of cells re-classified.
     */
    public int reclassifyUnreviewed(List<Smear> smears, java.util.function.BooleanSupplier cancelled) {
        int n = 0;
        for (Smear s : smears) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            if (status(s) == SmearStatus.UNREVIEWED) {
                n += classify(s, workspace.cells().cells(s.id())).size();
            }
        }
        return n;
    }

    /** A reviewer's box around a missed cell (its polygon is the box), cut at the smear's scale and classified like a found cell. */
    public Stored addDrawn(Smear smear, SmearImage image, Box drawn, SmearScale.Choice choice) {
        Box b = drawn.clippedTo(image.width(), image.height());
        int x = b.x();
        int y = b.y();
        List<int[]> polygon = List.of(new int[] {x, y}, new int[] {x + b.width(), y}, new int[] {x + b.width(), y + b.height()},
                new int[] {x, y + b.height()});
        boolean edge = b.touchesBorder(image.width(), image.height());
        SegmentedCell shape = new SegmentedCell(0, polygon, b, (double) b.width() * b.height(), new double[] {b.centreX(), b.centreY()}, edge, null);
        Scale scale = drawnScale(smear, image, choice);
        try (Crop crop = pipeline.crop(image.bgr(), shape, scale.umPerPx())) {
            Cell cell = workspace.cells().addDrawn(smear.id(), new NewCell(polygon, shape.box(), shape.area(), shape.centroid(), edge, crop.png()), actor);
            Map<Long, StoredPrediction> calls = new LinkedHashMap<>();
            List<Prediction> p = pipeline.classify(List.of(crop));
            if (!p.isEmpty()) {
                StoredPrediction sp = stored(cell.id(), p.get(0));
                calls.put(cell.id(), sp);
                workspace.predictions().record(smear.id(), List.of(sp), actor);
            }
            return new Stored(smear, List.of(cell), calls, scale, pipeline.modelVersion(), List.of());
        }
    }

    /** The scale to cut a drawn cell's crop at: the one the smear was analysed at, else the policy's, else estimated. */
    private Scale drawnScale(Smear smear, SmearImage image, SmearScale.Choice choice) {
        return workspace.smears().scale(smear.id()).map(s -> new Scale(s.umPerPx(), Scale.Source.ofKey(s.source())))
                .or(() -> SmearScale.known(image.path(), choice))
                .orElseGet(() -> pipeline.estimateScale(image.bgr()));
    }

    private SmearStatus status(Smear smear) {
        return workspace.smears().byId(smear.id()).map(Smear::status).orElse(SmearStatus.UNREVIEWED);
    }

    private StoredPrediction stored(long cellId, Prediction p) {
        CellClassifier c = pipeline.classifier().orElseThrow();
        Map<String, Double> probs = new LinkedHashMap<>();
        for (int i = 0; i < p.classes().size(); i++) {
            probs.put(p.classes().get(i), (double) p.probabilities()[i]);
        }
        boolean scored = !Double.isNaN(p.shift()) && c.manifest().shiftThreshold() != null;
        return new StoredPrediction(cellId, c.version(), c.packageSha256(), p.predicted(), p.confidence(), probs, scored ? p.shift() : null,
                scored ? c.manifest().shiftThreshold() : null);
    }
}
