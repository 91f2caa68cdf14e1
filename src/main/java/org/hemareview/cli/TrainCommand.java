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
    @Option(names = "--cells", paramLabel = "CELLS.csv", description = "A cell table from prepare-cells: trains on the train part of --labs, "
            + "picks the best epoch on their val part; the test parts stay unseen. In place of --data and --val.")
    Path cells;

    @Option(names = "--labs", split = ",", description = "With --cells: the labs to train on (default: all in the table).")
    java.util.List<String> labs = java.util.List.of();

    @Option(names = "--epoch-size", defaultValue = "6000", description = "With --cells: crops drawn per epoch, classes and labs balanced (default ${DEFAULT-VALUE}).")
    int epochSize;

    @Option(names = "--normalise", defaultValue = "none", description = "Colour normalisation of each crop: none, plasma (white balance to the crop's plasma) or palette "
            + "(each CIELAB channel matched to the PBC reference palette) or anchors (each CIELAB channel mapped by the crop's plasma and nuclear "
            + "stain onto PBC's).")
    String normalise;

    /** The augmentation recipe; picocli refuses any other value and names these two. */
    enum Augment { standard, robust }

    @Option(names = "--augment", defaultValue = "standard", description = "standard (the paper's, mild colour jitter) or robust (stain, white balance, gamma, blur, resolution, JPEG).")
    Augment augment;

    @Option(names = "--neighbours", description = "With --augment robust: paste another training crop's cell beside each crop's own "
            + "half the time, as on a crowded smear (default: off).")
    boolean neighbours;

    @Option(names = "--init", paramLabel = "MODEL_DIR", description = "Start from this model's weights (same architecture; the class layer "
            + "starts afresh where the classes differ). Default: from scratch.")
    Path init;

    @Option(names = "--data", paramLabel = "DIR", description = "Training crops, DIR/<class>/*.jpg.")
    Path data;

    @Option(names = "--val", paramLabel = "DIR", description = "Validation crops (best epoch, calibration, model card).")
    Path val;

    @Option(names = "--arch", defaultValue = "resnext-cc-slim", description = "resnext-cc-slim | resnext-cc-full | resnext-slim | resnext-full | dualpath-slim | dualpath-base (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--fusion", defaultValue = "attention", description = "dualpath only: attention (channel attention over both paths) or concat (the ablation).")
    String fusion;

    @Option(names = "--mpm", description = "on | off: the multi-scale preprocessing module on every crop (default: on for dualpath, "
            + "off for resnext, as in the papers).")
    String mpm;

    /** The normalisation layers of a ResNeXt(-CC) network. */
    enum Norm { batch, group }

    @Option(names = "--norm", defaultValue = "batch", description = "resnext only: batch (the paper) or group (group norm, 8 groups: "
            + "each crop normalised by its own statistics, none kept of the training labs).")
    Norm norm;

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
            spec = a.withMpm("on".equalsIgnoreCase(String.valueOf(mpm))).withGroupNorm(norm == Norm.group);
        }
        if (neighbours && augment != Augment.robust) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--neighbours is part of --augment robust");
        }
        if ((cells == null) == (data == null) || (data != null) != (val != null)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "give either --cells, or --data and --val");
        }
        TrainingConfig config = new TrainingConfig(spec, InputEncoder.ColourSpace.parse(colour), epochs, batch, lr, 1e-4f, 1f, beta, true, seed)
                .withRobustness(InputEncoder.ColourNormalisation.parse(normalise), augment == Augment.robust).withNeighbours(neighbours);
        long t0 = System.nanoTime();
        CropDataset train;
        CropDataset valSet;
        String source;
        java.util.Set<String> trainedLabs = java.util.Set.of();
        if (cells != null) {
            org.hemareview.train.CellTable table = org.hemareview.train.CellTable.read(cells);
            java.util.Set<String> chosen = labs.isEmpty() ? table.labs() : new java.util.TreeSet<>(labs);
            var trainRows = table.select(chosen, "train");
            java.util.List<String> classes = org.hemareview.train.CellTable.classesOf(trainRows);
            train = CropDataset.load(table, trainRows, classes, spec.inputSize()).balanced(epochSize);
            valSet = CropDataset.load(table, table.select(chosen, "val").stream().filter(r -> classes.contains(r.cls())).toList(), classes, spec.inputSize());
            source = cells + " labs " + chosen;
            trainedLabs = chosen;
        } else {
            train = CropDataset.load(data, null, spec.inputSize());
            valSet = CropDataset.load(val, train.classes(), spec.inputSize());
            source = data.toString();
        }
        System.out.printf("data: %d training, %d validation crops, %d classes %s (loaded in %.1f s)%n", train.size(), valSet.size(),
                train.classes().size(), train.classes(), (System.nanoTime() - t0) / 1e9);
        Map<String, Object> facts = new LinkedHashMap<>();
        byte[] initial = null;
        int initialClasses = train.classes().size();
        if (init != null) {
            Manifest start = org.hemareview.model.ModelPackage.readManifest(init);
            if (!start.architecture().name().equals(spec.name()) || start.inputSize() != spec.inputSize()) { // shapes are checked as the weights are copied
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--init " + init + " is a " + start.architecture().name()
                        + " network; this run trains " + spec.name() + " (give the same --arch and --size)");
            }
            initial = java.nio.file.Files.readAllBytes(init.resolve(start.weights()));
            initialClasses = start.classes().size();
            facts.put("initialised_from", start.name() + " " + start.version() + " (" + init + ")");
        }
        TrainingResult r = new TrainingRun(config).run(train, valSet, initial, initialClasses, new TrainingListener() {
            @Override
            public void onEpoch(EpochReport e) {
                System.out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  train acc %.4f  val acc %.4f  val macro-F1 %.4f  %.0f s%s%n", e.epoch(),
                        e.epochs(), e.trainLoss(), e.trainAccuracy(), e.valAccuracy(), e.valMacroF1(), e.seconds(), e.best() ? "  (best)" : "");
            }
        });
        facts.put("data", cells != null ? source + ", part train" : data.toString());
        facts.put("validation", cells != null ? source + ", part val" : val.toString());
        if (cells != null) {
            facts.put("held_out", "part test of every lab in " + cells + ", and every cell of a lab not in " + source);
            facts.put("labs", trainedLabs.stream().sorted().toList()); // read back by the Models window's "trained on"
            facts.put("intended_use", org.hemareview.model.DataSources.intendedUse(trainedLabs));
            facts.put("sources", org.hemareview.model.DataSources.of(trainedLabs).stream().map(org.hemareview.model.DataSources.Source::description).toList());
            facts.put("epoch", epochSize + " crops drawn with replacement, classes balanced, within a class labs balanced (up to 100 crops each)");
        }
        facts.put("train_crops", train.size());
        facts.put("train_per_class", java.util.Arrays.toString(train.classCounts()));
        facts.put("validation_crops", valSet.size());
        Evaluation e = r.bestEvaluation();
        Manifest m = TrainingManifest.of(name, version, config, train.classes(), facts, r, "validation: " + (cells != null ? source + ", part val" : val), e);
        // every option that shapes the model, in either mode: a card's command must rebuild that model
        String inputs = (cells != null ? String.format(Locale.ROOT, "--cells %s%s --epoch-size %d", shellWord(cells),
                labs.isEmpty() ? "" : " --labs " + shellWord(String.join(",", labs)), epochSize)
                : "--data " + shellWord(data) + " --val " + shellWord(val))
                + String.format(Locale.ROOT, " --normalise %s --augment %s%s%s", normalise, augment, neighbours ? " --neighbours" : "",
                        init == null ? "" : " --init " + shellWord(init));
        String shape = (norm == Norm.group ? " --norm group" : "") + ("attention".equals(fusion) ? "" : " --fusion " + fusion)
                + (mpm == null ? "" : " --mpm " + mpm);
        String command = String.format(Locale.ROOT, "java -jar target/hemareview.jar train %s --arch %s%s --epochs %d%s --batch %d --lr %s --colour %s"
                        + " --center-loss %s --seed %d%s%s --out %s",
                inputs, arch, shape, epochs, size == null ? "" : " --size " + size, batch, lr, colour, beta, seed,
                "hemareview-resnext-cc".equals(name) ? "" : " --name " + shellWord(name),
                "1".equals(version) ? "" : " --version-tag " + shellWord(version), shellWord(out));
        Manifest written = ModelPackage.write(out, m, r.bestWeights(), ModelCard.of(m, r, command));
        System.out.printf(Locale.ROOT, "best epoch %d: val accuracy %.4f, macro-F1 %.4f; temperature %.3f; %.0f s; %s (%d bytes of weights, sha256 %s)%n",
                r.bestEpoch(), e.accuracy(), e.macroF1(), r.temperature(), r.seconds(), out, r.bestWeights().length, written.weightsSha256());
        return 0;
    }

    /** A value as one shell word: as it is where it is plain, else in single quotes, so the card's command can be pasted. */
    static String shellWord(Object value) {
        String v = String.valueOf(value);
        return v.matches("[A-Za-z0-9._/:=,+@%-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
    }
}
