package org.hemareview.classify;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hemareview.model.ArchitectureSpec;
import org.hemareview.model.Manifest;
import org.hemareview.model.ModelPackage;
import org.hemareview.train.CropDataset;
import org.hemareview.train.TrainingConfig;
import org.hemareview.train.TrainingListener;
import org.hemareview.train.TrainingResult;
import org.hemareview.train.TrainingRun;

/** Small networks trained in seconds, for tests. */
public final class TinyModels {
    private TinyModels() {
    }

    /** ResNeXt-CC in miniature: same blocks, ECA and fusion, 48-px input, ~40 k parameters, 3x3 final map. */
    public static ArchitectureSpec spec() {
        return new ArchitectureSpec("resnext-cc-tiny", 8, List.of(1, 1, 1, 2), List.of(16, 24, 32, 48), 4, 2, 48, true, true, false, false, false);
    }

    public static TrainingResult train(CropDataset data, int epochs, boolean augment, TrainingListener listener) {
        TrainingConfig c = new TrainingConfig(spec(), InputEncoder.ColourSpace.HSV, epochs, 16, 3e-3f, 1e-4f, 1f, 0.05f, augment, 7);
        return new TrainingRun(c).run(data, data, listener);
    }

    /** As a multi-lab model is written: crops white-balanced to their plasma, DeepAPL among the sources (research use only). */
    public static Manifest writeMultiLab(Path dir, CropDataset data, TrainingResult r) throws IOException {
        List<String> labs = List.of("pbc", "deepapl");
        Map<String, Object> training = Map.of("data", "test", "intended_use", org.hemareview.model.DataSources.intendedUse(labs), "sources",
                org.hemareview.model.DataSources.of(labs).stream().map(org.hemareview.model.DataSources.Source::description).toList());
        Manifest m = new Manifest("tiny-multilab", "1", spec(), spec().inputSize(), "HSV", data.classes(), "test", r.temperature(), training,
                Map.of("accuracy", r.bestEvaluation().accuracy()), ModelPackage.WEIGHTS, null, Instant.now().toString(), "plasma", null);
        return ModelPackage.write(dir, m, r.bestWeights(), "# tiny multi-lab test model\n\n" + training.get("intended_use") + "\n");
    }

    public static Manifest write(Path dir, CropDataset data, TrainingResult r) throws IOException {
        Manifest m = new Manifest("tiny", "1", spec(), spec().inputSize(), "HSV", data.classes(), "test", r.temperature(),
                Map.of("data", "test"), Map.of("accuracy", r.bestEvaluation().accuracy()), ModelPackage.WEIGHTS, null, Instant.now().toString(), null, null);
        return ModelPackage.write(dir, m, r.bestWeights(), "# tiny test model\n");
    }
}
