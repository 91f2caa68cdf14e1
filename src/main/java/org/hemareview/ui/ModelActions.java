package org.hemareview.ui;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import org.hemareview.analysis.ActiveModel;
import org.hemareview.analysis.SmearAnalyser;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Smear;
import org.hemareview.review.SmearStatus;
import org.hemareview.review.StoredPrediction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands on the model: load the workspace's active version, the Models window, the training
 * wizard, and what follows a promotion or a roll-back. A signed smear is never re-classified: after a
 * change of version the reviewer is asked, and only smears still unreviewed get the new calls,
 * audited under the reviewer's name.
 */
final class ModelActions {
    private static final Logger logger = LoggerFactory.getLogger(ModelActions.class);
    private final SmearSession session;
    private final Feedback feedback;
    private final BackgroundWork work;
    private final SmearActions smears;
    /** Whether a change of version asks to re-classify unreviewed smears (tests switch the question off: the answer is then no). */
    boolean offerReclassify = true;

    ModelActions(SmearSession session, Feedback feedback, BackgroundWork work, SmearActions smears) {
        this.session = session;
        this.feedback = feedback;
        this.work = work;
        this.smears = smears;
        smears.onCellsShown(s -> classifyUnclassified());
    }

    /**
     * Loads the workspace's active model in the background (on first use the registry starts with the
     * bundled one); the app works without one. Then the open smear's cells without a call get one.
     */
    Task<Loaded> loadModel() {
        String actor = session.actor();
        ActiveModel known = session.models.get();
        Task<Loaded> task = new Task<>() {
            @Override
            protected Loaded call() throws Exception {
                updateTitle("Loading the model");
                updateMessage("Loading the classification model\u2026");
                ActiveModel m = known != null ? known : ActiveModel.ofWorkspace(session.workspace, actor, ComputeDevice.detect());
                return new Loaded(m, m.current());
            }
        };
        task.setOnSucceeded(e -> {
            session.models.set(task.getValue().models());
            session.classifier.set(task.getValue().classifier());
            feedback.status("Model " + task.getValue().classifier().version() + " ready");
            classifyUnclassified();
        });
        task.setOnFailed(e -> {
            logger.warn("no model: {}", task.getException().getMessage());
            feedback.status("No model: " + task.getException().getMessage());
        });
        return work.run(task);
    }

    /** The workspace's models and the classifier of its active version. */
    record Loaded(ActiveModel models, CellClassifier classifier) {
    }

    /** Review > Models…: the registry's versions; promote, roll back, train. */
    ModelsWindow openModels() {
        Optional<ModelRegistry> registry = registry();
        if (registry.isEmpty()) {
            feedback.status("The model registry is still loading.");
            return null;
        }
        ModelsWindow w = new ModelsWindow(feedback.owner(), registry.get(), session.actor(), this::activeModelChanged, this::openTrainingWizard, work);
        w.stage.show();
        return w;
    }

    /** Review > Practice…: asks the trainee's name, then opens the quiz. */
    Task<PracticeWindow.Start> openPractice() {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog();
        d.initOwner(feedback.owner());
        d.setTitle("Practice");
        d.setHeaderText("Who is practising? Your answers are kept under this name, apart from the reviewers' decisions.");
        d.setContentText("Trainee:");
        return d.showAndWait().map(String::strip).filter(n -> !n.isEmpty()).map(this::openPractice).orElse(null);
    }

    /**
     * The quiz for {@code trainee}: the workspace's signed cells, or the bundled teaching set
     * (sample-data/pbc-cells) where no smear is signed yet. The pool and the trainee's history are
     * read in the background; the window opens when they are there.
     */
    Task<PracticeWindow.Start> openPractice(String trainee) {
        CellClassifier model = session.classifier.get();
        if (model == null) {
            feedback.status("The model is still loading.");
            return null;
        }
        org.hemareview.review.Workspace ws = session.workspace;
        Task<PracticeWindow.Start> read = new Task<>() {
            @Override
            protected PracticeWindow.Start call() throws Exception {
                updateTitle("Preparing a practice round");
                List<org.hemareview.review.PracticeDeck.Item> pool = org.hemareview.review.PracticeDeck.fromSignedSmears(ws);
                Optional<java.nio.file.Path> teaching = org.hemareview.dataset.SampleData.teachingCrops();
                if (pool.isEmpty() && teaching.isPresent()) {
                    pool = org.hemareview.review.PracticeDeck.teachingSet(teaching.get());
                }
                List<org.hemareview.review.PracticeAnswer> history = ws.practice().answers(trainee);
                return new PracticeWindow.Start(ws.practice().nextRound(trainee),
                        org.hemareview.review.PracticeDeck.draw(pool, history, PracticeWindow.ROUND, System.nanoTime()), history);
            }
        };
        read.setOnSucceeded(e -> {
            if (read.getValue().round().isEmpty()) {
                feedback.error("Nothing to practise on", "No smear is signed yet and the teaching set (sample-data/pbc-cells) is not installed.");
                return;
            }
            PracticeWindow w = new PracticeWindow(feedback.owner(), ws, trainee, model, work, read.getValue());
            w.stage.show();
            opened = w;
        });
        read.setOnFailed(e -> feedback.error("The practice round cannot be prepared", String.valueOf(read.getException().getMessage())));
        return work.run(read);
    }

    /** The practice window opened last (tests reach it once the opening task is done). */
    PracticeWindow opened;

    /** Review > Train a New Model Version…: the training wizard on this workspace's decisions. */
    TrainingWizard openTrainingWizard() {
        Optional<ModelRegistry.Entry> active = registry().flatMap(ModelRegistry::active);
        if (active.isEmpty()) {
            feedback.error("No model to start from", "The workspace has no active model yet (it is still loading, or none was found).");
            return null;
        }
        TrainingWizard w = new TrainingWizard(feedback.owner(), new WizardState(session.workspace, registry().get(), active.get(), session.actor()),
                work, this::activeModelChanged);
        w.show();
        return w;
    }

    /**
     * Review > Adapt to This Lab's Stain…: registers a version of the active model with this
     * workspace's own batch-norm statistics (all analysed cells, no review needed), for a person to
     * promote in the Models window.
     */
    Task<ModelRegistry.Entry> adaptStatistics() {
        Optional<ModelRegistry> registry = registry();
        Optional<ModelRegistry.Entry> active = registry.flatMap(ModelRegistry::active);
        if (active.isEmpty()) {
            feedback.error("No model to adapt", "The workspace has no active model yet (it is still loading, or none was found).");
            return null;
        }
        org.hemareview.review.Workspace ws = session.workspace;
        String actor = session.actor();
        Task<ModelRegistry.Entry> task = new Task<>() {
            @Override
            protected ModelRegistry.Entry call() throws Exception {
                updateTitle("Adapting to this lab's stain");
                updateMessage("Reading the cells…");
                List<byte[]> crops = org.hemareview.train.StatisticsAdaptation.workspaceCrops(ws, active.get().manifest().inputSize());
                updateMessage("Measuring " + crops.size() + " cells…");
                return org.hemareview.train.StatisticsAdaptation.register(registry.get(), active.get().folder(), crops,
                        "workspace " + ws.file().getFileName(), actor);
            }
        };
        task.setOnSucceeded(e -> {
            adapted = task.getValue();
            feedback.status("Registered " + task.getValue().id() + " with this lab's statistics; promote it in Review ▸ Models… to use it");
        });
        task.setOnFailed(e -> feedback.error("Cannot adapt to this lab's stain", String.valueOf(task.getException().getMessage())));
        return work.run(task);
    }

    /** The version the last adaptation registered (tests read it). */
    ModelRegistry.Entry adapted;

    private Optional<ModelRegistry> registry() {
        return Optional.ofNullable(session.models.get()).flatMap(ActiveModel::registry);
    }

    /** A promotion or roll-back: load the new active version, then ask before re-classifying the unreviewed smears. */
    void activeModelChanged(ModelRegistry.Entry now) {
        Task<Loaded> load = loadModel();
        load.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> {
            Task<List<Smear>> find = new Task<>() {
                @Override
                protected List<Smear> call() {
                    return session.workspace.smears().list().stream().filter(s -> s.status() == SmearStatus.UNREVIEWED).toList();
                }
            };
            find.setOnSucceeded(f -> {
                if (!find.getValue().isEmpty() && ask(now, find.getValue().size())) {
                    reclassify(find.getValue());
                }
            });
            work.run(find);
        });
    }

    private boolean ask(ModelRegistry.Entry now, int unreviewed) {
        if (!offerReclassify) {
            return false;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Re-classify the " + unreviewed + " unreviewed smear(s) with " + now.label()
                + "? Reviewed and signed smears keep their calls; earlier predictions stay in the workspace.", ButtonType.YES, ButtonType.NO);
        a.initOwner(feedback.owner());
        a.setHeaderText("The active model changed");
        return a.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }

    /** Re-classifies the smears that are still unreviewed when their turn comes, with the model in use. */
    Task<Integer> reclassify(List<Smear> unreviewed) {
        CellClassifier model = session.classifier.get();
        if (model == null) {
            return null;
        }
        SmearAnalyser analyser = new SmearAnalyser(session.workspace, session.pipeline(), session.actor());
        Task<Integer> task = holding(model, new Task<>() {
            @Override
            protected Integer call() {
                updateTitle("Re-classifying");
                updateMessage("Re-classifying " + unreviewed.size() + " unreviewed smear(s)\u2026");
                return analyser.reclassifyUnreviewed(unreviewed, this::isCancelled);
            }
        });
        task.setOnSucceeded(e -> {
            feedback.status(task.getValue() + " cells re-classified by " + model.version());
            Smear s = session.smear();
            if (s != null && unreviewed.stream().anyMatch(u -> u.id() == s.id())) {
                smears.loadCells(s, false);
            }
        });
        task.setOnFailed(e -> feedback.error("Re-classification failed", String.valueOf(task.getException().getMessage())));
        return smears.runOnSmear(task);
    }

    /** Classifies the open smear's cells that have no call yet (a smear opened before the model was ready); a signed smear is left as it is. */
    Task<Map<Long, StoredPrediction>> classifyUnclassified() {
        CellClassifier model = session.classifier.get();
        Smear smear = session.smear();
        List<org.hemareview.review.Cell> missing = session.cells.stream().filter(c -> !session.predictions.containsKey(c.id())).toList();
        if (model == null || smear == null || missing.isEmpty() || session.locked.get()) {
            return null;
        }
        SmearAnalyser analyser = new SmearAnalyser(session.workspace, session.pipeline(), session.actor());
        Task<Map<Long, StoredPrediction>> task = holding(model, new Task<>() {
            @Override
            protected Map<Long, StoredPrediction> call() {
                updateTitle("Classifying " + smear.name());
                updateMessage("Classifying " + missing.size() + " cells\u2026");
                return analyser.classify(smear, missing);
            }
        });
        task.setOnSucceeded(e -> {
            if (session.isCurrent(smear)) {
                session.predictions.putAll(task.getValue());
            }
            feedback.status(smear.name() + ": " + task.getValue().size() + " cells classified by " + model.version());
        });
        task.setOnFailed(e -> feedback.error("Classification failed", String.valueOf(task.getException().getMessage())));
        return smears.runOnSmear(task);
    }

    /**
     * Keeps the task's model alive until the task ends, whatever way it ends (it may be cancelled
     * before it ever runs): a promotion in between retires the model but does not free it under the task.
     */
    static <T> Task<T> holding(CellClassifier model, Task<T> task) {
        if (model == null) {
            return task;
        }
        CellClassifier.Hold hold = model.hold();
        task.stateProperty().addListener((o, was, now) -> {
            if (now == Worker.State.SUCCEEDED || now == Worker.State.FAILED || now == Worker.State.CANCELLED) {
                hold.close();
            }
        });
        return task;
    }
}
