package org.hemareview.ui;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.hemareview.model.ModelRegistry;
import org.hemareview.train.ClassMetrics;
import org.hemareview.train.Evaluation;
import org.hemareview.train.Retraining;

/**
 * Page 5: the new version and the active one on the same test cells, side by side (accuracy,
 * macro-F1, per-class F1, specificity, AUROC, confusion matrices, ROC curves); promote now or later.
 */
final class WizardResultPage implements TrainingWizard.Page {
    private final WizardState state;
    private final Consumer<ModelRegistry.Entry> promoted;
    private final BackgroundWork work;
    private final VBox content = new VBox(12);
    private final ScrollPane view = new ScrollPane(content);
    final GridPane metrics = new GridPane();
    final Button promote = new Button("Promote the new version now");
    final Label verdict = new Label();
    /** Both models on another lab's reference crops: what the new version keeps of the lab the active one learnt from. */
    final Label reference = new Label();
    final HBox matrices = new HBox(24);
    final LineChart<Number, Number> roc = new LineChart<>(axis("false-positive rate"), axis("true-positive rate"));
    /** With "adapt to this lab": accuracy on the test cells against the number of this lab's cells adapted with. */
    final LineChart<Number, Number> curve = new LineChart<>(cellsAxis(), axis("accuracy on the test cells"));
    final Label curveText = new Label();

    WizardResultPage(WizardState state, Consumer<ModelRegistry.Entry> promoted, BackgroundWork work) {
        this.state = state;
        this.work = work;
        this.promoted = promoted;
        view.setFitToWidth(true);
        metrics.setId("wizardMetrics");
        metrics.setHgap(14);
        metrics.setVgap(2);
        promote.setId("wizardPromote");
        verdict.setId("wizardVerdict");
        verdict.setWrapText(true);
        reference.setId("wizardReference");
        reference.setWrapText(true);
        reference.managedProperty().bind(reference.visibleProperty());
        roc.setId("wizardRoc");
        roc.setTitle("ROC, new version, one class against the rest (test part)");
        roc.setCreateSymbols(false);
        roc.setAnimated(false);
        roc.setPrefHeight(360);
        curve.setId("wizardLearningCurve");
        curve.setTitle("Learning curve: adapting with more of this lab's reviewed cells");
        curve.setAnimated(false);
        curve.setLegendVisible(false);
        curve.setPrefHeight(300);
        curveText.setId("wizardLearningCurveText");
        curveText.setWrapText(true);
        VBox curveBox = new VBox(4, curve, curveText);
        curveBox.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(curve.getData()));
        curveBox.managedProperty().bind(curveBox.visibleProperty());
        promote.setOnAction(e -> {
            promote.setDisable(true);
            String id = state.outcome.registered().id();
            javafx.concurrent.Task<ModelRegistry.Entry> task = new javafx.concurrent.Task<>() {
                @Override
                protected ModelRegistry.Entry call() throws Exception {
                    return state.registry.promote(id, state.reviewer); // writes registry.json and the audit log
                }
            };
            task.setOnSucceeded(x -> {
                verdict.setText("Promoted: " + task.getValue().label() + " is now the active model. Roll back in Review \u25B8 Models\u2026 if needed.");
                promoted.accept(task.getValue());
            });
            task.setOnFailed(x -> {
                promote.setDisable(false);
                verdict.setText("Could not promote: " + task.getException().getMessage());
            });
            work.run(task);
        });
        Label later = new Label("Or close: the version stays registered and can be promoted later in Review \u25B8 Models\u2026");
        content.getChildren().addAll(verdict, metrics, reference, new HBox(12, promote, later), curveBox, matrices, roc);
    }

    private static NumberAxis cellsAxis() {
        NumberAxis a = new NumberAxis();
        a.setLabel("reviewed cells of this lab adapted with (0: the active model)");
        a.setForceZeroInRange(true);
        return a;
    }

    /** The learning curve as a chart and in words, or nothing where none was measured. */
    private void showCurve(List<Retraining.CurvePoint> points) {
        curve.getData().clear();
        if (points.size() < 2) {
            curveText.setText("");
            return;
        }
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName("accuracy");
        StringBuilder words = new StringBuilder("Accuracy on the same test cells: ");
        for (Retraining.CurvePoint p : points) {
            s.getData().add(new XYChart.Data<>(p.cells(), p.accuracy()));
            words.append(String.format(Locale.ROOT, "%s%d cells %.3f", p == points.get(0) ? "" : ", ", p.cells(), p.accuracy()));
        }
        curve.getData().add(s);
        curveText.setText(words + ". Each point is its own short run from the active model on that many of the training cells; "
                + "a curve still rising says more reviewed cells will help.");
    }

    private static NumberAxis axis(String label) {
        NumberAxis a = new NumberAxis(0, 1, 0.2);
        a.setLabel(label);
        return a;
    }

    @Override
    public String title() {
        return "Result";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void enter() {
        Retraining.Outcome o = state.outcome;
        Evaluation fresh = o.newOnTest().evaluation();
        Evaluation active = o.activeOnTest().map(Retraining.Scores::evaluation).orElse(null);
        promote.setDisable(false);
        metrics.getChildren().clear();
        List<Label> head = List.of(WizardDataPage.bold(o.testCells() + " test cells"), WizardDataPage.bold("active (version " + state.active.manifest().version() + ")"),
                WizardDataPage.bold("new (version " + o.registered().manifest().version() + ")"));
        head.forEach(l -> l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
        metrics.addRow(0, head.toArray(new Label[0]));
        int r = 1;
        r = row(r, "accuracy", active == null ? null : active.accuracy(), fresh.accuracy());
        r = row(r, "macro F1", active == null ? null : active.macroF1(), fresh.macroF1());
        r = row(r, "macro AUROC (one-vs-rest)", active == null ? null : active.macroAuroc(), fresh.macroAuroc());
        for (int k = 0; k < fresh.classes().size(); k++) {
            ClassMetrics n = fresh.perClass().get(k);
            ClassMetrics a = active == null ? null : active.perClass().get(k);
            r = row(r, n.name() + ": F1 / specificity / AUROC", a == null ? null : triple(a), triple(n));
        }
        if (active == null) {
            verdict.setText("The active model could not be scored on these classes; only the new version's scores are shown.");
        } else {
            double d = fresh.macroF1() - active.macroF1();
            verdict.setText(String.format(Locale.ROOT, "New: %s. Active: %s.%nOn the same %d test cells (smears neither model trained on) the new "
                    + "version's macro F1 is %.3f, the active model's %.3f (%+.3f). %s", o.registered().id(), state.active.id(), o.testCells(),
                    fresh.macroF1(), active.macroF1(), d,
                    d >= 0 ? "The new version is at least as good." : "The new version is worse: keep the active one unless you know why."));
        }
        reference.setText(o.onReference().map(ref -> String.format(Locale.ROOT, "On %d reference crops of %s, which this workspace's cells are not: "
                + "new %.1f %%, active %s.%s", ref.cells(), ref.name(), 100 * ref.fresh().evaluation().accuracy(),
                ref.active().map(a -> String.format(Locale.ROOT, "%.1f %%", 100 * a.evaluation().accuracy())).orElse("not scored"),
                ref.rehearsalCrops() > 0 ? " " + ref.rehearsalCrops() + " other crops of that lab were mixed into training so that it is not forgotten." : ""))
                .orElse(""));
        reference.setVisible(o.onReference().isPresent());
        matrices.getChildren().setAll(confusion("Confusion, new version", fresh));
        if (active != null) {
            matrices.getChildren().add(confusion("Confusion, active model", active));
        }
        showCurve(o.curve());
        roc.getData().clear();
        int[] truth = o.newOnTest().truth();
        float[][] probs = o.newOnTest().probabilities();
        java.util.Set<Integer> withTestCells = java.util.Arrays.stream(truth).boxed().collect(java.util.stream.Collectors.toSet());
        for (int k = 0; k < fresh.classes().size(); k++) {
            if (!withTestCells.contains(k)) {
                continue; // a class the lab has not reviewed (a ten-class model's blasts on a normal lab): no curve to draw
            }
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(fresh.classes().get(k));
            for (double[] p : Evaluation.roc(k, truth, probs)) {
                s.getData().add(new XYChart.Data<>(p[0], p[1]));
            }
            roc.getData().add(s);
        }
    }

    private int row(int r, String name, Object active, Object fresh) {
        Label a = new Label(format(active));
        Label n = new Label(format(fresh));
        Label label = new Label(name);
        for (Label l : List.of(a, n, label)) {
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "…": these are the numbers people compare
        }
        n.setId("wizardNew-" + r);
        a.setId("wizardActive-" + r);
        metrics.addRow(r, label, a, n);
        return r + 1;
    }

    private static String format(Object v) {
        if (v == null) {
            return "\u2013";
        }
        return v instanceof Double d ? (Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.3f", d)) : v.toString();
    }

    private static String triple(ClassMetrics m) {
        return String.format(Locale.ROOT, "%s / %s / %s", format(m.f1()), format(m.specificity()), format(m.auroc()));
    }

    private static VBox confusion(String title, Evaluation e) {
        GridPane g = new GridPane();
        g.setHgap(2);
        g.setVgap(2);
        List<String> c = e.classes();
        for (int j = 0; j < c.size(); j++) {
            Label h = new Label(c.get(j).substring(0, Math.min(4, c.get(j).length())));
            h.setStyle("-fx-font-size: 0.8em;");
            g.add(h, j + 1, 0);
        }
        int max = 1;
        for (int[] row : e.confusion()) {
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        for (int i = 0; i < c.size(); i++) {
            Label name = new Label(c.get(i));
            name.setStyle("-fx-font-size: 0.8em;");
            g.add(name, 0, i + 1);
            for (int j = 0; j < c.size(); j++) {
                int v = e.confusion()[i][j];
                Label cell = new Label(Integer.toString(v));
                double shade = v / (double) max;
                // blue for agreement, vermillion for errors (Okabe-Ito: apart for red-green colour blindness too),
                // the digit black or white, whichever reads better on the shade
                javafx.scene.paint.Color tint = i == j ? javafx.scene.paint.Color.web("#0072b2") : javafx.scene.paint.Color.web("#d55e00");
                double alpha = i == j ? 0.15 + 0.85 * shade : v == 0 ? 0.04 : 0.2 + 0.8 * shade;
                javafx.scene.paint.Color bg = TextColours.over(tint, alpha, javafx.scene.paint.Color.WHITE);
                cell.setStyle("-fx-background-color: " + ClassColours.hex(bg) + "; -fx-text-fill: " + ClassColours.hex(TextColours.readableOn(bg))
                        + "; -fx-min-width: 34; -fx-alignment: center; -fx-font-size: 0.85em;");
                g.add(cell, j + 1, i + 1);
            }
        }
        return new VBox(4, WizardDataPage.bold(title + " (rows: true class)"), g);
    }
}
