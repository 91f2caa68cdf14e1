package org.hemareview.analysis;

import java.util.ArrayList;
import java.util.List;
import org.hemareview.Version;
import org.hemareview.classify.CellClassifier;
import org.hemareview.model.Manifest;
import org.hemareview.model.DataSources;

/**
 * What Help ▸ About says: the versions, the device, the active model and its card, and the notice
 * of intended use, which a research-only model (one trained on DeepAPL) puts first.
 */
public final class AboutText {
    private AboutText() {
    }

    /** The notice for a model: its own intended use, or the default one. */
    public static String notice(Manifest m) {
        if (m != null && DataSources.isResearchOnly(m.training())) {
            return m.training().get("intended_use").toString();
        }
        return "HemaReview suggests; a person decides. Its calls are not a diagnosis.";
    }

    /** The versions, the device and the model (the notice is {@link #notice}, shown above these). */
    public static List<String> lines(CellClassifier classifier, String javafxVersion) {
        List<String> out = new ArrayList<>();
        Manifest m = classifier == null ? null : classifier.manifest();
        out.add("HemaReview " + Version.get());
        out.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), JavaFX " + javafxVersion);
        out.add("OpenCV " + org.opencv.core.Core.VERSION + ", DJL " + ai.djl.engine.Engine.getDjlVersion());
        if (classifier == null) {
            out.add("No model loaded.");
        } else {
            out.add("Device: " + classifier.device());
            out.add("Model: " + m.name() + " " + m.version() + " (" + m.architecture().name() + ", " + m.classes().size() + " classes: "
                    + String.join(", ", m.classes()) + ")");
            out.add("Model card: " + classifier.directory().resolve("MODEL_CARD.md"));
            if (m.training().get("sources") instanceof List<?> sources) {
                out.add("Trained on:");
                sources.forEach(s -> out.add("  - " + s));
            }
        }
        return out;
    }
}
