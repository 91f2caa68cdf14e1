package org.hemareview.ui;

import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.hemareview.model.NetworkSpec;

/** Page 3: fine-tune the active model or start from scratch, and the training settings (defaults work). */
final class WizardModelPage implements TrainingWizard.Page {
    static final List<String> ARCHITECTURES = List.of("resnext-cc-slim", "resnext-cc-full", "resnext-slim", "resnext-full", "dualpath-slim",
            "dualpath-base");
    private final WizardState state;
    private final VBox view = new VBox(10);
    final RadioButton fineTune = new RadioButton();
    final RadioButton scratch = new RadioButton("From scratch");
    final RadioButton adapt = new RadioButton();
    final ChoiceBox<String> architecture = new ChoiceBox<>();
    final Spinner<Integer> size = new Spinner<>(32, 320, 128, 16);
    final Spinner<Integer> epochs = new Spinner<>(1, 500, 10);
    final Spinner<Integer> batch = new Spinner<>(2, 256, 32);
    final TextField learningRate = new TextField("0.001");
    final TextField centerLoss = new TextField("0.05");
    final CheckBox augment = new CheckBox("Augmentation: flips, rotation, \u00B112 % scale, mild colour jitter");
    final CheckBox curve = new CheckBox("Also measure the learning curve: one more short run each on 25, 50, 100 and 200 of the cells "
            + "(those below this workspace's count), shown on the result page");
    private final Label problem = new Label();

    WizardModelPage(WizardState state) {
        this.state = state;
        var m = state.active.manifest();
        fineTune.setText("Fine-tune the active model (" + m.name() + " " + m.version() + ", " + m.architecture().name() + ", " + m.inputSize() + " px)");
        fineTune.setId("wizardFineTune");
        scratch.setId("wizardScratch");
        adapt.setText("Adapt to this lab: a short fine-tune of the active model on this workspace's cells (" + org.hemareview.train.LabAdaptation.EPOCHS
                + " epochs at a low learning rate; about 2 minutes for 200 cells on two cores)");
        adapt.setWrapText(true);
        adapt.setId("wizardAdapt");
        ToggleGroup g = new ToggleGroup();
        fineTune.setToggleGroup(g);
        scratch.setToggleGroup(g);
        adapt.setToggleGroup(g);
        adapt.selectedProperty().addListener((o, a, on) -> {
            if (on) {
                epochs.getValueFactory().setValue(org.hemareview.train.LabAdaptation.EPOCHS);
                learningRate.setText(Float.toString(org.hemareview.train.LabAdaptation.LEARNING_RATE));
            }
        });
        fineTune.setSelected(true);
        curve.setId("wizardCurve");
        curve.setWrapText(true);
        curve.setSelected(state.curve);
        curve.visibleProperty().bind(adapt.selectedProperty());
        curve.managedProperty().bind(curve.visibleProperty());
        curve.setPadding(new javafx.geometry.Insets(0, 0, 0, 24));
        architecture.getItems().addAll(ARCHITECTURES);
        architecture.setValue(ARCHITECTURES.contains(m.architecture().name()) ? m.architecture().name() : ARCHITECTURES.get(0));
        architecture.setId("wizardArchitecture");
        size.getValueFactory().setValue(m.inputSize());
        size.setEditable(true);
        size.setId("wizardSize");
        epochs.setEditable(true);
        epochs.setId("wizardEpochs");
        batch.setEditable(true);
        learningRate.setId("wizardLearningRate");
        augment.setSelected(true);
        architecture.disableProperty().bind(scratch.selectedProperty().not());
        size.disableProperty().bind(scratch.selectedProperty().not());
        scratch.selectedProperty().addListener((o, a, on) -> learningRate.setText(on ? "0.003" : "0.001"));
        problem.setTextFill(TextColours.ALERT);
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        int r = 0;
        // names never shrink; the hints take the rest of the width and wrap
        javafx.scene.layout.ColumnConstraints names = new javafx.scene.layout.ColumnConstraints();
        names.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints controls = new javafx.scene.layout.ColumnConstraints();
        controls.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints hints = new javafx.scene.layout.ColumnConstraints();
        hints.setHgrow(javafx.scene.layout.Priority.ALWAYS);
        grid.getColumnConstraints().addAll(names, controls, hints);
        grid.addRow(r++, new Label("Architecture"), architecture, hint("slim: CPU-sized; full/base: the papers' sizes (GPU); resnext without -cc: no ECA/fusion; dualpath: ConvNeXt + Swin"));
        grid.addRow(r++, new Label("Input size (px)"), size);
        grid.addRow(r++, new Label("Epochs"), epochs);
        grid.addRow(r++, new Label("Batch size"), batch);
        grid.addRow(r++, new Label("Peak learning rate"), learningRate, hint("AdamW, one-cycle schedule"));
        grid.addRow(r++, new Label("Center-loss weight \u03B2"), centerLoss, hint("with class-weighted cross-entropy (\u03BB = 1)"));
        grid.addRow(r, new Label("Class weights"), hint("automatic, from the training part's class counts"));
        javafx.scene.layout.GridPane.setColumnSpan(grid.getChildren().get(grid.getChildren().size() - 1), 2);
        Label intro = new Label("Fine-tuning starts from what the active model knows and needs fewer epochs; from scratch is for a "
                + "new architecture or input size. The defaults are sensible: press Next to train.");
        intro.setWrapText(true);
        view.getChildren().addAll(intro, fineTune, adapt, curve, scratch, grid, augment, problem);
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    @Override
    public String title() {
        return "Model and settings";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public boolean leave() {
        return apply();
    }

    /** Copies the controls into the shared state; false (with the reason shown) when a value is invalid. */
    boolean apply() {
        try {
            state.fineTune = !scratch.isSelected();
            state.adapt = adapt.isSelected();
            state.curve = curve.isSelected();
            state.architecture = NetworkSpec.named(architecture.getValue()).withInputSize(size.getValue());
            state.epochs = epochs.getValue();
            state.batch = batch.getValue();
            state.learningRate = Float.parseFloat(learningRate.getText().strip());
            state.centerLoss = Float.parseFloat(centerLoss.getText().strip());
            state.augment = augment.isSelected();
            if (state.learningRate <= 0 || state.learningRate > 1 || state.centerLoss < 0) {
                throw new NumberFormatException();
            }
            problem.setText("");
            return true;
        } catch (RuntimeException e) {
            problem.setText(String.format(Locale.ROOT, "Check the learning rate (e.g. 0.001) and the center-loss weight (e.g. 0.05)."));
            return false;
        }
    }
}
