package org.hemareview.train;

import java.util.Locale;
import org.hemareview.model.Manifest;

/** Writes MODEL_CARD.md for a trained model: what it is, its data, settings, command and scores. */
public final class ModelCard {
    private ModelCard() {
    }

    public static String of(Manifest m, TrainingResult r, String command) {
        StringBuilder s = new StringBuilder();
        Evaluation e = r.bestEvaluation();
        s.append("# ").append(m.name()).append(' ').append(m.version()).append("\n\n");
        s.append(m.architecture().describe()).append(", ").append(String.format(Locale.ROOT, "%,d", r.parameters())).append(" parameters, ")
                .append(m.inputSize()).append("x").append(m.inputSize()).append(" ").append(m.colourSpace()).append(" input.\n\n");
        Object use = m.training().get("intended_use");
        if (use != null) {
            s.append("## Intended use\n\n**").append(use).append("**\n\n");
        } else {
            s.append("## Intended use\n\nSuggesting the class of a white cell crop to a reviewer, who confirms or corrects it. ")
                    .append("Not a diagnosis. Trained on CellaVision crops (PBC); smears from other scanners, stains or magnifications may score lower.\n\n");
        }
        if (m.training().get("sources") instanceof java.util.List<?> sources) {
            s.append("## Data sources\n\n");
            sources.forEach(x -> s.append("- ").append(x).append('\n'));
            s.append('\n');
        }
        s.append("## Classes (output order)\n\n").append(String.join(", ", m.classes())).append("\n\n");
        s.append("## Training\n\n");
        m.training().entrySet().stream().filter(f -> !f.getKey().equals("sources") && !f.getKey().equals("intended_use"))
                .forEach(f -> s.append("- ").append(f.getKey()).append(": ").append(f.getValue()).append('\n'));
        s.append("- best epoch: ").append(r.bestEpoch()).append(" of ").append(r.history().size())
                .append(String.format(Locale.ROOT, "\n- training time: %.0f s\n", r.seconds()));
        s.append(String.format(Locale.ROOT, "- softmax temperature (fitted on the validation data): %.3f%n", r.temperature()));
        if (r.shift() != null) {
            s.append(String.format(Locale.ROOT, "- shift statistics (when a crop looks unlike the training data): the stem's style statistics, "
                    + "threshold %.3f; %s%n", r.shift().threshold(), r.shift().fittedOn()));
        }
        s.append("\nReproduce:\n\n    ").append(command).append("\n\n");
        s.append("## Scores on the validation data\n\n");
        s.append(String.format(Locale.ROOT, "accuracy %.4f, macro precision %.4f, macro recall %.4f, macro F1 %.4f, mean one-vs-rest AUROC %.4f%n%n",
                e.accuracy(), e.macroPrecision(), e.macroRecall(), e.macroF1(), e.macroAuroc()));
        s.append("| class | n | precision | recall | F1 | specificity | AUROC |\n|---|---|---|---|---|---|---|\n");
        for (ClassMetrics c : e.perClass()) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.4f |%n", c.name(), c.support(), c.precision(),
                    c.recall(), c.f1(), c.specificity(), c.auroc()));
        }
        s.append("\n## Per epoch\n\n| epoch | train loss | train acc | val acc | val macro F1 | s |\n|---|---|---|---|---|---|\n");
        for (EpochReport ep : r.history()) {
            s.append(String.format(Locale.ROOT, "| %d%s | %.4f | %.4f | %.4f | %.4f | %.0f |%n", ep.epoch(), ep.best() ? " *" : "", ep.trainLoss(),
                    ep.trainAccuracy(), ep.valAccuracy(), ep.valMacroF1(), ep.seconds()));
        }
        return s.toString();
    }
}
