package org.hemareview.ui;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.hemareview.train.EpochReport;
import org.hemareview.train.Retraining;
import org.hemareview.train.TrainingListener;

/**
 * Page 4: trains in the background with live loss and accuracy curves per epoch, an ETA, and
 * Stop, which ends the run keeping the best epoch so far (it is still scored and registered).
 */
final class WizardTrainPage implements TrainingWizard.Page {
    private final WizardState state;
    private final BackgroundWork work;
    private final VBox view = new VBox(8);
    final XYChart.Series<Number, Number> trainLoss = series("training loss");
    final XYChart.Series<Number, Number> valLoss = series("validation loss");
    final XYChart.Series<Number, Number> trainAcc = series("training accuracy");
    final XYChart.Series<Number, Number> valAcc = series("validation accuracy");
    final ProgressBar progress = new ProgressBar(0);
    final Label status = new Label();
    final Button stop = new Button("Stop (keep the best epoch so far)");
    private final SimpleBooleanProperty done = new SimpleBooleanProperty(false);
    private final java.util.List<NumberAxis> epochAxes = new java.util.ArrayList<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean abandoned = new AtomicBoolean();
    private Task<Retraining.Outcome> task;

    WizardTrainPage(WizardState state, BackgroundWork work) {
        this.state = state;
        this.work = work;
        LineChart<Number, Number> loss = chart("Loss", trainLoss, valLoss);
        loss.setId("wizardLossChart");
        LineChart<Number, Number> acc = chart("Accuracy", trainAcc, valAcc);
        acc.setId("wizardAccuracyChart");
        HBox charts = new HBox(8, loss, acc);
        HBox.setHgrow(loss, Priority.ALWAYS);
        HBox.setHgrow(acc, Priority.ALWAYS);
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setId("wizardProgress");
        status.setId("wizardTrainStatus");
        status.setWrapText(true);
        stop.setId("wizardStop");
        stop.setOnAction(e -> {
            stopRequested.set(true);
            stop.setDisable(true);
            status.setText("Stopping after this batch; the best epoch so far is kept\u2026");
        });
        view.getChildren().addAll(charts, progress, new HBox(8, stop), status);
    }

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    private LineChart<Number, Number> chart(String title, XYChart.Series<Number, Number> a, XYChart.Series<Number, Number> b) {
        NumberAxis x = new NumberAxis(1, 10, 1);
        x.setLabel("epoch");
        x.setMinorTickVisible(false);
        epochAxes.add(x);
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title);
        c.setAnimated(false);
        c.getData().add(a);
        c.getData().add(b);
        return c;
    }

    @Override
    public String title() {
        return "Train";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public ObservableBooleanValue ready() {
        return done;
    }

    /** Entering the page starts a run with the current settings. */
    @Override
    public void enter() {
        done.set(false);
        stopRequested.set(false);
        abandoned.set(false);
        for (XYChart.Series<Number, Number> s : java.util.List.of(trainLoss, valLoss, trainAcc, valAcc)) {
            s.getData().clear();
        }
        state.outcome = null;
        stop.setDisable(false);
        var config = state.config();
        for (NumberAxis x : epochAxes) {
            x.setUpperBound(Math.max(2, config.epochs()));
            x.setTickUnit(Math.max(1, Math.ceil(config.epochs() / 20.0)));
        }
        status.setText("Training " + config.architecture().name() + " at " + config.architecture().inputSize() + " px for " + config.epochs()
                + " epochs" + (state.fineTune ? ", starting from the active model" : ", from scratch") + "\u2026");
        long start = System.nanoTime();
        String version = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        task = new Task<>() {
            @Override
            protected Retraining.Outcome call() throws Exception {
                updateTitle("Training");
                Retraining retraining = new Retraining(state.workspace, state.registry, state.reference())
                        .withCurve(state.adapt && state.curve ? org.hemareview.train.LabAdaptation.CURVE_COUNTS : java.util.List.of());
                return retraining.run(state.data, config,
                        state.fineTune ? Optional.of(state.active.folder()) : Optional.empty(), version, state.reviewer, new TrainingListener() {
                            @Override
                            public void onBatch(int epoch, int batch, int batches) {
                                updateProgress((epoch - 1) * (long) batches + batch, (long) config.epochs() * batches);
                            }

                            @Override
                            public void onEpoch(EpochReport r) {
                                double elapsed = (System.nanoTime() - start) / 1e9;
                                double eta = elapsed / r.epoch() * (r.epochs() - r.epoch());
                                Platform.runLater(() -> showEpoch(r, eta));
                            }

                            @Override
                            public void onCurveRun(int cells, int index, int of) {
                                Platform.runLater(() -> {
                                    if (!stopRequested.get()) {
                                        status.setText("Learning curve, run " + index + " of " + of + ": adapting with " + cells
                                                + " of the cells (Stop ends the curve here and keeps the trained version)\u2026");
                                    }
                                });
                            }

                            @Override
                            public boolean stopRequested() {
                                return stopRequested.get() || abandoned.get() || isCancelled();
                            }

                            @Override
                            public boolean discardRequested() {
                                return abandoned.get() || isCancelled();
                            }
                        });
            }
        };
        progress.progressProperty().bind(task.progressProperty());
        state.training.set(true);
        task.setOnSucceeded(e -> {
            state.training.set(false);
            if (abandoned.get()) {
                return;
            }
            state.outcome = task.getValue();
            var t = state.outcome.training();
            status.setText((t.stoppedEarly() ? "Stopped after epoch " + t.history().size() + " of " + config.epochs() + "; " : "Finished; ")
                    + "best epoch " + t.bestEpoch() + " kept, scored on the test part and registered as " + state.outcome.registered().id()
                    + " (not active yet). Next shows the comparison.");
            stop.setDisable(true);
            done.set(true);
        });
        task.setOnFailed(e -> {
            state.training.set(false);
            stop.setDisable(true);
            status.setText("Training failed: " + task.getException().getMessage() + " Go back to change the settings.");
        });
        work.run(task);
    }

    private void showEpoch(EpochReport r, double etaSeconds) {
        trainLoss.getData().add(new XYChart.Data<>(r.epoch(), r.trainLoss()));
        valLoss.getData().add(new XYChart.Data<>(r.epoch(), r.valLoss()));
        trainAcc.getData().add(new XYChart.Data<>(r.epoch(), r.trainAccuracy()));
        valAcc.getData().add(new XYChart.Data<>(r.epoch(), r.valAccuracy()));
        if (!stopRequested.get()) {
            status.setText(String.format(java.util.Locale.ROOT, "Epoch %d of %d: validation accuracy %.3f, macro-F1 %.3f%s. About %s left.",
                    r.epoch(), r.epochs(), r.valAccuracy(), r.valMacroF1(), r.best() ? " (best so far)" : "", eta(etaSeconds)));
        }
    }

    private static String eta(double s) {
        return s < 90 ? Math.round(s) + " s" : Math.round(s / 60) + " min";
    }

    /** The window is closing: end the run and register nothing. */
    void abandon() {
        abandoned.set(true);
    }
}
