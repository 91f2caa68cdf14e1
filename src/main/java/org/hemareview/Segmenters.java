package org.hemareview;

import java.nio.file.Path;
import java.util.Optional;
import org.hemareview.model.CentreModel;
import org.hemareview.model.ModelPackageException;
import org.hemareview.segment.SegmentationSettings;
import org.hemareview.segment.SmearSegmenter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segmenter the app and the commands use: the default settings and, when the bundled
 * cell-centre network is there, that network to split touching cells. The network is loaded
 * once per process and shared (it is read-only and thread-safe).
 */
public final class Segmenters {
    private static final Logger logger = LoggerFactory.getLogger(Segmenters.class);
    private static Optional<CentreModel> centres;

    private Segmenters() {
    }

    public static SmearSegmenter standard() {
        return new SmearSegmenter(SegmentationSettings.defaults(), centres().map(m -> (org.hemareview.segment.CellCentreModel) m::predict).orElse(null));
    }

    /** The bundled cell-centre network, loaded on first use; empty (with a warning) when it is missing or unreadable. */
    public static synchronized Optional<CentreModel> centres() {
        if (centres == null) {
            Optional<Path> dir = CentreModel.defaultFolder();
            if (dir.isEmpty()) {
                logger.warn("no cell-centre network (models/{}): touching cells are split by their nuclei alone", CentreModel.DEFAULT_NAME);
                centres = Optional.empty();
            } else {
                try {
                    centres = Optional.of(CentreModel.load(dir.get()));
                } catch (ModelPackageException e) {
                    logger.warn("cell-centre network not used: {}", e.getMessage());
                    centres = Optional.empty();
                }
            }
        }
        return centres;
    }
}
