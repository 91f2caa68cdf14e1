package org.hemareview.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.hemareview.classify.InputEncoder;
import org.hemareview.model.Manifest;

/**
 * "Adapt to this lab": a short fine-tune of the active model on a lab's own reviewed cells, the
 * recipe the wizard and {@code adapt-curve} share. From the active weights, few epochs at a low
 * learning rate (what the model learnt from the other labs is the starting point, not erased),
 * the lab's cells drawn in their own proportions (a lab's differential is neutrophil-heavy, and so
 * are its smears), augmentation as the model was trained with, batch-norm statistics re-estimated
 * on the lab's crops. One in five smears (at least one) is held out to pick the epoch and calibrate.
 */
public final class LabAdaptation {
    public static final int EPOCHS = 6;
    public static final float LEARNING_RATE = 5e-4f;
    /** Crops per epoch at least: a lab's 25 first cells are drawn again, augmented each time. */
    public static final int MIN_DRAWS = 320;
    /** The learning curve's counts of reviewed cells (issue 18): the wizard measures those below a workspace's count. */
    public static final List<Integer> CURVE_COUNTS = List.of(25, 50, 100, 200);

    private LabAdaptation() {
    }

    /** The adapted weights with their manifest (the base's, with the run's calibration and shift statistics). */
    public record Adapted(TrainingResult result, Manifest manifest) {
    }

    /**
     * @param reviewed the lab's reviewed crops
     * @param groups   the smear (or patient) of each crop, in the same order
     */
    public static Adapted run(Manifest base, byte[] weights, CropDataset reviewed, List<String> groups, long seed, TrainingListener listener) {
        if (groups.size() != reviewed.size()) {
            throw new IllegalArgumentException(reviewed.size() + " crops but " + groups.size() + " groups");
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(groups));
        Collections.shuffle(distinct, new Random(seed));
        Set<String> held = distinct.size() < 2 ? Set.of() : Set.copyOf(distinct.subList(0, Math.max(1, (int) Math.round(distinct.size() * 0.2))));
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            (held.contains(groups.get(i)) ? val : train).add(i);
        }
        int draws = Math.max(MIN_DRAWS, train.size());
        int[] order = new int[draws];
        for (int d = 0; d < draws; d++) {
            order[d] = train.get(d % train.size());
        }
        CropDataset trainSet = reviewed.subset(order);
        CropDataset valSet = reviewed.subset((val.isEmpty() ? train : val).stream().mapToInt(Integer::intValue).toArray());
        TrainingConfig config = config(base, seed);
        TrainingResult r = new TrainingRun(config).run(trainSet, valSet, weights, listener);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("start", "adapted from " + base.name() + " " + base.version());
        facts.put("adaptation", EPOCHS + " epochs at learning rate " + LEARNING_RATE + " on " + train.size() + " of the lab's cells, " + val.size()
                + " held out (whole smears)");
        facts.put("train_crops", train.size());
        facts.put("validation_crops", val.size());
        Manifest m = TrainingManifest.of(base.name(), base.version() + "-adapted", config, base.classes(), facts, r,
                "the lab's held-out smears", r.bestEvaluation());
        return new Adapted(r, m);
    }

    public static Adapted run(Manifest base, byte[] weights, CropDataset reviewed, List<String> groups, long seed) {
        return run(base, weights, reviewed, groups, seed, new TrainingListener() { });
    }

    /** The adaptation's settings for a model: its architecture, colours and augmentation; few epochs, a low rate. */
    public static TrainingConfig config(Manifest base, long seed) {
        return new TrainingConfig(base.architecture(), InputEncoder.ColourSpace.parse(base.colourSpace()), EPOCHS, 32, LEARNING_RATE, 1e-4f, 1f, 0.05f,
                true, seed).withRecipeOf(base);
    }
}
