package org.hemareview.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.model.Manifest;
import org.hemareview.model.ModelPackage;
import org.hemareview.model.ShiftStatistics;
import org.hemareview.train.CellTable;
import org.hemareview.train.CropDataset;
import org.hemareview.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fit-shift}: fits a model's shift statistics (class means and spread of its features, the
 * threshold) to the labs it was trained on and writes them into its manifest. Training does this
 * itself; the command is for models trained before it did, and says which crops were used.
 */
@Command(name = "fit-shift", mixinStandardHelpOptions = true, description = "Fit the domain-shift statistics of a model to its training labs' crops; rewrite its manifest.")
final class FitShiftCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
    Path model;

    @Option(names = "--cells", required = true, paramLabel = "CELLS.csv")
    Path cells;

    @Option(names = "--labs", split = ",", required = true, description = "The labs the model was trained on.")
    List<String> labs;

    @Option(names = "--fit-part", defaultValue = "train", description = "Part whose crops give the class means (default ${DEFAULT-VALUE}).")
    String fitPart;

    @Option(names = "--threshold-part", defaultValue = "val", description = "Held-out part whose crops give the threshold (default ${DEFAULT-VALUE}).")
    String thresholdPart;

    @Option(names = "--quantile", description = "Share of the held-out crops kept below the threshold (default: training's, 0.99).")
    Double quantile;

    @Option(names = "--colour", description = "Also fit the colour shift score (each crop's own colours against up to "
            + "600 fit-part crops per lab, k = 5); where fitted it is the score the classifier reports.")
    boolean colour;

    @Override
    public Integer call() throws Exception {
        double q = quantile == null ? TrainingRun.SHIFT_QUANTILE : quantile;
        CellTable table = CellTable.read(cells);
        Set<String> chosen = new TreeSet<>(labs);
        try (CellClassifier classifier = CellClassifier.load(model, ComputeDevice.detect())) {
            Manifest m = classifier.manifest();
            List<String> classes = m.classes();
            List<CellTable.Row> fitRows = table.select(chosen, fitPart).stream().filter(r -> classes.contains(r.cls())).toList();
            List<CellTable.Row> heldRows = table.select(chosen, thresholdPart).stream().filter(r -> classes.contains(r.cls())).toList();
            CropDataset all = CropDataset.load(table, fitRows, classes, m.inputSize());
            CropDataset fit = all;
            if (fit.size() > 3000) {
                fit = fit.subset(new java.util.Random(7).ints(0, fit.size()).distinct().limit(3000).toArray());
            }
            CropDataset held = CropDataset.load(table, heldRows, classes, m.inputSize());
            float[][] fitStyle = classifier.embed(fit.images()).style();
            if (fitStyle == null) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "the " + m.architecture().name()
                        + " network has no style statistics to measure a shift by (ResNeXt-CC has)");
            }
            ShiftStatistics s = ShiftStatistics.fit(fitStyle, classifier.embed(held.images()).style(), q,
                    String.format(Locale.ROOT, "%d %s crops of %s (mean, covariance), %d %s crops (threshold at the %dth percentile)",
                            fit.size(), fitPart, String.join("+", chosen), held.size(), thresholdPart, Math.round(q * 100)));
            Manifest fitted = m.withShift(s);
            if (colour) {
                org.hemareview.model.ColourShift c = TrainingRun.fitColourShift(all, held, TrainingRun.COLOUR_K, q);
                if (c == null) {
                    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "too few " + fitPart + " or "
                            + thresholdPart + " crops of " + String.join("+", chosen) + " to fit the colour shift score");
                }
                fitted = fitted.withColourShift(c);
                System.out.printf(Locale.ROOT, "%s: colour shift threshold %.3f (%s)%n", model, c.threshold(), c.fittedOn());
            }
            ModelPackage.rewriteManifest(model, fitted, Files.readString(model.resolve(ModelPackage.CARD)));
            System.out.printf(Locale.ROOT, "%s: shift threshold %.3f (%s)%n", model, s.threshold(), s.fittedOn());
        }
        return 0;
    }
}
