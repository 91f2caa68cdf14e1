package org.hemareview.analysis;

import java.nio.file.Path;
import java.util.Optional;
import org.hemareview.model.CentreModel;
import org.hemareview.model.ModelPackageException;
import org.hemareview.segment.CellCentreModel;
import org.hemareview.segment.SegmentationSettings;
import org.hemareview.segment.SmearSegmenter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segmenter the app and the commands use, and the network it owns: the default settings and,
 * when the bundled cell-centre network is there, that network to split touching cells. One
 * instance per window or command; closing it frees the network.
 */
public final class SegmenterModels implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(SegmenterModels.class);
    private final Optional<CentreModel> centres;
    private final SmearSegmenter segmenter;

    private SegmenterModels(Optional<CentreModel> centres, SegmentationSettings settings) {
        this.centres = centres;
        this.segmenter = new SmearSegmenter(settings, centres.map(SegmenterModels::asCellCentres).orElse(null));
    }

    private static CellCentreModel asCellCentres(CentreModel model) {
        return new CellCentreModel() {
            @Override
            public float[] predict(float[] rgb, int height, int width) {
                return model.predict(rgb, height, width);
            }

            @Override
            public java.util.concurrent.Executor executor() {
                return model.executor();
            }
        };
    }

    /** The default settings with the bundled cell-centre network; without it (a warning) touching cells are split by their nuclei. */
    public static SegmenterModels bundled() {
        return new SegmenterModels(bundledCentres(), SegmentationSettings.defaults());
    }

    /** Segmentation by the nuclei alone (no network to load or close). */
    public static SegmenterModels withoutCentres(SegmentationSettings settings) {
        return new SegmenterModels(Optional.empty(), settings);
    }

    private static Optional<CentreModel> bundledCentres() {
        Optional<Path> dir = CentreModel.defaultFolder();
        if (dir.isEmpty()) {
            logger.warn("no cell-centre network (models/{}): touching cells are split by their nuclei alone", CentreModel.DEFAULT_NAME);
            return Optional.empty();
        }
        try {
            return Optional.of(CentreModel.load(dir.get()));
        } catch (ModelPackageException e) {
            logger.warn("cell-centre network not used: {}", e.getMessage());
            return Optional.empty();
        }
    }

    public SmearSegmenter segmenter() {
        return segmenter;
    }

    /** Whether the learned cell-centre map splits touching cells (commands report it). */
    public boolean usesCentres() {
        return centres.isPresent();
    }

    @Override
    public void close() {
        centres.ifPresent(CentreModel::close);
    }
}
