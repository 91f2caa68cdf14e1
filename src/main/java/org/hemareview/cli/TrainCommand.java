package org.hemareview.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hemareview.classify.InputEncoder;
import org.hemareview.model.DualPathSpec;
import org.hemareview.model.NetworkSpec;
import org.hemareview.model.Manifest;
import org.hemareview.model.ModelPackage;
import org.hemareview.train.CropDataset;
import org.hemareview.train.EpochReport;
import org.hemareview.train.Evaluation;
import org.hemareview.train.ModelCard;
import org.hemareview.train.TrainingConfig;
import org.hemareview.train.TrainingListener;
import org.hemareview.train.TrainingManifest;
import org.hemareview.train.TrainingResult;
import org.hemareview.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: a model package from ImageFolder data. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a classifier on ImageFolder crops; write a model package.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Training crops, DIR/<class>/*.jpg.")
    Path data;

    @Option(names = "--val", required = true, paramLabel = "DIR", description = "Validation crops (best epoch, calibration, model card).")
    Path val;

    @Option(names = "--arch", defaultValue = "resnext-cc-slim", description = "resnext-cc-slim | resnext-cc-full | resnext-slim | resnext-full | dualpath-slim | dualpath-base (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--fusion", defaultValue = "attention", description = "dualpath only: attention (channel attention over both paths) or concat (the ablation).")
    String fusion;

    @Option(names = "--mpm", description = "on | off: the multi-scale preprocessing module on every crop (default: on for dualpath, "
            + "off for resnext, as in the papers).")
    String mpm;

    @Option(names = "--epochs", defaultValue = "30")
    int epochs;

    @Option(names = "--size", description = "Input size in px (default: the architecture's).")
    Integer size;

    @Option(names = "--batch", defaultValue = "32")
    int batch;

    @Option(names = "--lr", defaultValue = "0.003", description = "Peak learning rate (AdamW, one-cycle).")
    float lr;

    @Option(names = "--colour", defaultValue = "hsv", description = "hsv (the paper) or rgb (its ablation).")
    String colour;

    @Option(names = "--center-loss", defaultValue = "0.05", description = "beta, the center-loss weight (paper: 0.05).")
    float beta;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--name", defaultValue = "hemareview-resnext-cc")
    String name;

    @Option(names = "--version-tag", defaultValue = "1", description = "Version written into the manifest.")
    String version;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR")
    Path out;

    @Override
    public Integer call() throws Exception {
        NetworkSpec spec = NetworkSpec.named(arch);
        if (size != null) {
            spec = spec.withInputSize(size);
        }
        if (spec instanceof DualPathSpec d) {
            spec = d.withFusion(!"concat".equalsIgnoreCase(fusion)).withMpm(!"off".equalsIgnoreCase(String.valueOf(mpm)));
        } else if (spec instanceof org.hemareview.model.ArchitectureSpec a) {
            spec = a.withMpm("on".equalsIgnoreCase(String.valueOf(mpm)));
        }
        TrainingConfig config = new TrainingConfig(spec, InputEncoder.ColourSpace.parse(colour), epochs, batch, lr, 1e-4f, 1f, beta, true, seed);
        long t0 = System.nanoTime();
        CropDataset train = CropDataset.load(data, null, spec.inputSize());
        CropDataset valSet = CropDataset.load(val, train.classes(), spec.inputSize());
        System.out.printf("data: %d training, %d validation crops, %d classes %s (loaded in %.1f s)%n", train.size(), valSet.size(),
                train.classes().size(), train.classes(), (System.nanoTime() - t0) / 1e9);
        TrainingResult r = new TrainingRun(config).run(train, valSet, new TrainingListener() {
            @Override
            public void onEpoch(EpochReport e) {
                System.out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  train acc %.4f  val acc %.4f  val macro-F1 %.4f  %.0f s%s%n", e.epoch(),
                        e.epochs(), e.trainLoss(), e.trainAccuracy(), e.valAccuracy(), e.valMacroF1(), e.seconds(), e.best() ? "  (best)" : "");
            }
        });
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("data", data.toString());
        facts.put("validation", val.toString());
        facts.put("train_crops", train.size());
        facts.put("train_per_class", java.util.Arrays.toString(train.classCounts()));
        facts.put("validation_crops", valSet.size());
        Evaluation e = r.bestEvaluation();
        Manifest m = TrainingManifest.of(name, version, config, train.classes(), facts, r, "validation: " + val, e);
        String command = String.format(Locale.ROOT, "java -jar target/hemareview.jar train --data %s --val %s --arch %s --epochs %d%s --batch %d --lr %s --colour %s --seed %d --out %s",
                data, val, arch, epochs, size == null ? "" : " --size " + size, batch, lr, colour, seed, out);
        Manifest written = ModelPackage.write(out, m, r.bestWeights(), ModelCard.of(m, r, command));
        System.out.printf(Locale.ROOT, "best epoch %d: val accuracy %.4f, macro-F1 %.4f; temperature %.3f; %.0f s; %s (%d bytes of weights, sha256 %s)%n",
                r.bestEpoch(), e.accuracy(), e.macroF1(), r.temperature(), r.seconds(), out, r.bestWeights().length, written.weightsSha256());
        return 0;
    }
}
