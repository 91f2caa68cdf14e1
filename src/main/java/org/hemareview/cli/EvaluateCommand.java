package org.hemareview.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.classify.Prediction;
import org.hemareview.train.ClassMetrics;
import org.hemareview.train.CropDataset;
import org.hemareview.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate}: a model's scores on ImageFolder crops, as JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Score a model on ImageFolder crops; print JSON.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "Model package (default: the bundled model).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR")
    Path data;

    @Override
    public Integer call() throws Exception {
        Path dir = ModelOption.resolve(model);
        try (CellClassifier classifier = CellClassifier.load(dir, ComputeDevice.detect())) {
            CropDataset set = CropDataset.load(data, classifier.manifest().classes(), classifier.manifest().inputSize());
            List<byte[]> images = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                images.add(set.image(i));
            }
            long t0 = System.nanoTime();
            List<Prediction> predictions = classifier.classifyResized(images);
            double seconds = (System.nanoTime() - t0) / 1e9;
            float[][] p = predictions.stream().map(Prediction::probabilities).toArray(float[][]::new);
            Evaluation e = Evaluation.of(set.classes(), set.labels(), p);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", dir.toString());
            out.put("data", data.toString());
            out.put("images", set.size());
            out.put("accuracy", e.accuracy());
            out.put("macro_precision", e.macroPrecision());
            out.put("macro_recall", e.macroRecall());
            out.put("macro_f1", e.macroF1());
            out.put("macro_auroc", e.macroAuroc());
            Map<String, Object> per = new LinkedHashMap<>();
            for (ClassMetrics c : e.perClass()) {
                per.put(c.name(), Map.of("support", c.support(), "precision", c.precision(), "recall", c.recall(), "f1", c.f1(),
                        "specificity", c.specificity(), "auroc", c.auroc()));
            }
            out.put("per_class", per);
            out.put("classes", e.classes());
            out.put("confusion_matrix", e.confusion());
            out.put("crops_per_second", set.size() / seconds);
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        }
        return 0;
    }
}
