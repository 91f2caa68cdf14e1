package org.hemareview.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hemareview.classify.InputEncoder;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Workspace;
import org.hemareview.review.Workspaces;
import org.hemareview.train.DecisionData;
import org.hemareview.train.EpochReport;
import org.hemareview.train.Evaluation;
import org.hemareview.train.Retraining;
import org.hemareview.train.TrainingConfig;
import org.hemareview.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The training wizard's work, headless: retrain from the workspace's decisions and register the result. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Retrain from reviewer decisions (split 7:1:2 by smear), compare with the active model on the test part, register.")
final class RetrainCommand implements Callable<Integer> {
    @ParentCommand
    HemaReviewCommand parent;

    @Option(names = "--from-scratch", description = "Train a new network instead of fine-tuning the active model.")
    boolean fromScratch;

    @Option(names = "--arch", description = "With --from-scratch: resnext-cc-slim (default) | resnext-cc-full | ...")
    String arch = "resnext-cc-slim";

    @Option(names = "--size", description = "With --from-scratch: input size in px (default: the architecture's).")
    Integer size;

    @Option(names = "--epochs", defaultValue = "10")
    int epochs;

    @Option(names = "--batch", defaultValue = "32")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Peak learning rate (default: ${DEFAULT-VALUE}, lower than from scratch).")
    float lr;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--add-folder", paramLabel = "DIR", description = "Also learn from an ImageFolder (e.g. an export of another workspace); repeatable.")
    java.util.List<java.nio.file.Path> folders = new java.util.ArrayList<>();

    @Option(names = "--version-tag", description = "Version of the new model (default: a time stamp).")
    String version;

    @Override
    public Integer call() throws Exception {
        try (Workspace ws = Workspace.open(parent.workspace)) {
            ModelRegistry registry = ModelsCommand.registry(ws);
            ModelRegistry.Entry active = registry.active().orElseThrow(() -> new IllegalStateException("the workspace has no active model"));
            org.hemareview.model.NetworkSpec spec = fromScratch ? org.hemareview.model.NetworkSpec.named(arch) : active.manifest().architecture();
            if (fromScratch && size != null) {
                spec = spec.withInputSize(size);
            }
            DecisionData data = DecisionData.fromWorkspace(ws, folders, active.manifest().classes(), 10, seed);
            System.out.printf("decided cells: %d %s%n", data.size(), data.perClass());
            if (!data.tooFew().isEmpty()) {
                System.out.println("warning: fewer than 10 decided cells in " + data.tooFew());
            }
            TrainingConfig config = new TrainingConfig(spec, InputEncoder.ColourSpace.parse(active.manifest().colourSpace()), epochs, batch, lr,
                    1e-4f, 1f, 0.05f, true, seed).withRecipeOf(active.manifest());
            String v = version != null ? version : java.time.LocalDateTime.now().withNano(0).toString().replace(":", "");
            Retraining.Outcome o = new Retraining(ws, registry).run(data, config, fromScratch ? Optional.empty() : Optional.of(active.folder()), v,
                    Workspaces.systemActor(), new TrainingListener() {
                        @Override
                        public void onEpoch(EpochReport e) {
                            System.out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  train acc %.4f  val acc %.4f  val macro-F1 %.4f  %.0f s%s%n",
                                    e.epoch(), e.epochs(), e.trainLoss(), e.trainAccuracy(), e.valAccuracy(), e.valMacroF1(), e.seconds(),
                                    e.best() ? "  (best)" : "");
                        }
                    });
            System.out.printf("split: train %d, validation %d, test %d cells (by smear)%n", o.trainCells(), o.validationCells(), o.testCells());
            System.out.printf(Locale.ROOT, "best epoch %d of %d: validation accuracy %.4f, macro-F1 %.4f; %.0f s%n", o.training().bestEpoch(),
                    o.training().history().size(), o.training().bestEvaluation().accuracy(), o.training().bestEvaluation().macroF1(), o.training().seconds());
            print("new    " + o.registered().id(), o.newOnTest().evaluation());
            o.activeOnTest().ifPresent(e -> print("active " + active.id(), e.evaluation()));
            System.out.println("registered " + o.registered().id() + " (not active); promote with: models promote " + o.registered().id());
            return 0;
        }
    }

    private static void print(String who, Evaluation e) {
        System.out.printf(Locale.ROOT, "%-44s test accuracy %.4f  macro-F1 %.4f  macro AUROC %.4f%n", who, e.accuracy(), e.macroF1(), e.macroAuroc());
    }
}
