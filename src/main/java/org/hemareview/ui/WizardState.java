package org.hemareview.ui;

import java.nio.file.Path;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.hemareview.classify.InputEncoder;
import org.hemareview.model.NetworkSpec;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Workspace;
import org.hemareview.train.DecisionData;
import org.hemareview.train.Retraining;
import org.hemareview.train.TrainingConfig;

/** What the training wizard's pages share: the data, the settings, the outcome. */
final class WizardState {
    static final int MIN_PER_CLASS = 10;
    final Workspace workspace;
    final ModelRegistry registry;
    final ModelRegistry.Entry active;
    final String reviewer;
    final ObservableList<Path> extraFolders = FXCollections.observableArrayList();
    /** Folder names mapped to classes by hand (names that match no class by themselves). */
    final java.util.Map<String, String> folderMapping = new java.util.HashMap<>();
    final BooleanProperty training = new SimpleBooleanProperty(this, "training", false);
    DecisionData data;
    boolean fineTune = true;
    /** "Adapt to this lab": fine-tune with {@link org.hemareview.train.LabAdaptation}'s few epochs and low rate. */
    boolean adapt;
    /** With {@link #adapt}: also measure the learning curve (one short run per count of cells below this workspace's). */
    boolean curve = true;
    NetworkSpec architecture;
    int epochs = 10;
    int batch = 32;
    float learningRate = 1e-3f;
    float centerLoss = 0.05f;
    boolean augment = true;
    long seed = 1;
    Retraining.Outcome outcome;

    WizardState(Workspace workspace, ModelRegistry registry, ModelRegistry.Entry active, String reviewer) {
        this.workspace = workspace;
        this.registry = registry;
        this.active = active;
        this.reviewer = reviewer;
        this.architecture = active.manifest().architecture();
    }

    /** The bundled PBC reference crops: rehearsed when adapting to this lab, scored after every run. */
    java.util.Optional<Retraining.Reference> reference() {
        return org.hemareview.dataset.SampleData.referenceCrops().map(d -> new Retraining.Reference("PBC (a lab the bundled model learnt from)",
                adapt ? java.util.Optional.of(d.resolve("rehearsal")) : java.util.Optional.empty(), d.resolve("check")));
    }

    TrainingConfig config() {
        NetworkSpec spec = fineTune ? active.manifest().architecture() : architecture;
        return new TrainingConfig(spec, InputEncoder.ColourSpace.parse(active.manifest().colourSpace()), epochs, batch, learningRate, 1e-4f, 1f,
                centerLoss, augment, seed).withRecipeOf(active.manifest());
    }
}
