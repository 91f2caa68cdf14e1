package org.hemareview.train;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hemareview.model.Manifest;
import org.hemareview.model.ModelPackage;

/** The manifest of a freshly trained model: what it was trained on and how, and its scores. */
public final class TrainingManifest {
    private TrainingManifest() {
    }

    /**
     * @param data      facts about the data (paths or workspace, crop counts, split), in order
     * @param metricsOn what the metrics were measured on (e.g. "validation: DIR", "test split")
     * @param scores    the evaluation the metrics come from
     */
    public static Manifest of(String name, String version, TrainingConfig config, List<String> classes, Map<String, Object> data,
                              TrainingResult r, String metricsOn, Evaluation scores) {
        Map<String, Object> training = new LinkedHashMap<>(data);
        training.put("epochs", config.epochs());
        training.put("batch", config.batchSize());
        training.put("optimizer", String.format(Locale.ROOT, "AdamW, one-cycle, peak lr %g, weight decay %g", config.learningRate(), config.weightDecay()));
        training.put("loss", String.format(Locale.ROOT, "class-weighted cross-entropy (lambda %g) + center loss (beta %g)", config.lambda(), config.beta()));
        training.put("augmentation", !config.augment() ? "none" : config.strongAugmentation()
                ? Augmenter.ROBUST_DESCRIPTION + (config.neighbours() ? Augmenter.NEIGHBOUR_DESCRIPTION : "") : Augmenter.STANDARD_DESCRIPTION);
        training.put("colour_normalisation", config.normalisation().name().toLowerCase(Locale.ROOT));
        training.put(TrainingConfig.NEIGHBOURS_KEY, config.augment() && config.strongAugmentation() && config.neighbours());
        training.put("seed", config.seed());
        training.put("seconds", Math.round(r.seconds()));
        training.put("best_epoch", r.bestEpoch());
        training.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("on", metricsOn);
        metrics.put("accuracy", scores.accuracy());
        metrics.put("macro_f1", scores.macroF1());
        metrics.put("macro_precision", scores.macroPrecision());
        metrics.put("macro_recall", scores.macroRecall());
        metrics.put("macro_auroc", scores.macroAuroc());
        var spec = config.architecture();
        return new Manifest(name, version, spec, spec.inputSize(), config.colour().name(), classes,
                "crop resized to the input size (area averaging), "
                        + switch (config.normalisation()) {
                            case PLASMA -> "white-balanced to its plasma (brightest 5 %), ";
                            case PALETTE -> "each CIELAB channel matched to the PBC reference palette (histogram matching, flat fill left out), ";
                            case ANCHORS -> "each CIELAB channel mapped by its plasma and nuclear stain onto PBC's (two anchors), ";
                            case NONE -> "";
                        }
                        + config.colour() + " with every channel in [0,1] (H from 0-360 degrees)",
                r.temperature(), training, metrics, ModelPackage.WEIGHTS, null, Instant.now().toString(),
                config.normalisation().name().toLowerCase(Locale.ROOT), r.shift(), r.colourShift());
    }
}
