package org.hemareview.ui;

import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.hemareview.review.Cell;
import org.hemareview.review.StoredPrediction;

/**
 * The selected cell: its crop with the class-activation map over it (toggle, opacity, which class to
 * explain, which method), the top three probabilities, and which class and layer the map explains.
 */
final class CellPanel {
    final VBox root = new VBox(6);
    private final ImageView crop = new ImageView();
    private final ImageView heat = new ImageView();
    private final Label title = new Label("No cell selected");
    private final Label top3 = new Label();
    /** Says when the crop looks unlike the model's training data (wraps: the monospaced top 3 do not). */
    private final Label unfamiliar = new Label();
    private final Label explains = new Label();
    final CheckBox showMap = new CheckBox("Heatmap");
    final Slider opacity = new Slider(0, 1, 0.5);
    final ComboBox<String> explainClass = new ComboBox<>();
    final javafx.scene.control.ChoiceBox<org.hemareview.classify.CamMethod> method = new javafx.scene.control.ChoiceBox<>();
    final javafx.scene.control.Button faithfulness = new javafx.scene.control.Button("Faithfulness");
    private final Label faith = new Label();
    private Consumer<String> onExplain = c -> { };
    private boolean updating;

    CellPanel() {
        root.setId("cellPanel");
        root.setPadding(new Insets(6));
        for (ImageView v : List.of(crop, heat)) {
            v.setFitWidth(220);
            v.setFitHeight(220);
            v.setPreserveRatio(true);
        }
        heat.setId("gradcamImage");
        heat.visibleProperty().bind(showMap.selectedProperty());
        heat.opacityProperty().bind(opacity.valueProperty());
        showMap.setId("showGradcam");
        showMap.setSelected(true);
        opacity.setId("gradcamOpacity");
        explainClass.setId("explainClass");
        explainClass.setPromptText("class to explain");
        explainClass.valueProperty().addListener((o, a, c) -> {
            if (!updating && c != null) {
                onExplain.accept(c);
            }
        });
        title.setId("cellTitle");
        title.setStyle("-fx-font-weight: bold;");
        top3.setId("top3");
        unfamiliar.setId("cellUnfamiliar");
        unfamiliar.setWrapText(true);
        unfamiliar.setTextFill(TextColours.ATTENTION);
        unfamiliar.managedProperty().bind(unfamiliar.visibleProperty());
        unfamiliar.setVisible(false);
        explains.setId("gradcamExplains");
        explains.setWrapText(true);
        explains.setStyle("-fx-font-size: 0.85em;");
        title.setWrapText(true);
        StackPane picture = new StackPane(crop, heat);
        picture.setMinWidth(0);
        picture.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        method.getItems().addAll(org.hemareview.classify.CamMethod.values());
        method.setValue(org.hemareview.classify.CamMethod.DEFAULT);
        method.setId("explainMethod");
        method.valueProperty().addListener((o, a, m) -> {
            if (!updating && explainClass.getValue() != null) {
                onExplain.accept(explainClass.getValue());
            }
        });
        faithfulness.setId("faithfulness");
        faithfulness.setTooltip(new javafx.scene.control.Tooltip("Deletion curve: blank the crop in the map's order and in a random one; lower area = more faithful"));
        faith.setId("faithfulnessText");
        faith.setWrapText(true);
        faith.setStyle("-fx-font-size: 0.85em;");
        root.getChildren().addAll(title, picture, new HBox(6, showMap, opacity), new HBox(6, explainClass, method), explains,
                new HBox(6, faithfulness), faith, top3, unfamiliar);
    }

    void onExplain(Consumer<String> handler) {
        this.onExplain = handler;
    }

    void show(Cell cell, Image cropImage, StoredPrediction p, List<String> classes) {
        updating = true;
        try {
            heat.setImage(null);
            explains.setText("");
            faith.setText("");
            unfamiliar.setVisible(false);
            if (cell == null) {
                title.setText("No cell selected");
                crop.setImage(null);
                top3.setText("");
                explainClass.getItems().clear();
                return;
            }
            crop.setImage(cropImage);
            title.setText("Cell " + cell.number() + (p == null ? "" : String.format(" \u2014 %s %.0f %%", p.label(), 100 * p.confidence())));
            if (p == null) {
                top3.setText("Not classified yet");
            } else {
                StringBuilder sb = new StringBuilder();
                p.probabilities().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(3)
                        .forEach(e -> sb.append(String.format("%-14s %5.1f %%%n", e.getKey(), 100 * e.getValue())));
                top3.setText(sb.toString().strip());
                unfamiliar.setText(p.unlikeTraining() ? String.format(java.util.Locale.ROOT, "Unlike the training data (score %.2f > %.2f): check "
                        + "this call.", p.shift(), p.shiftThreshold()) : "");
                unfamiliar.setVisible(p.unlikeTraining());
            }
            explainClass.getItems().setAll(classes);
            explainClass.setValue(p == null ? null : p.label());
        } finally {
            updating = false;
        }
    }

    void showMap(Image heatmap, String className, String layer) {
        heat.setImage(heatmap);
        explains.setText("The map shows where the network found evidence for \u201C" + className + "\u201D (raw class score, " + layer + ").");
    }

    /** The deletion curve of the map on show, against a random order. */
    void showFaithfulness(org.hemareview.classify.DeletionCurve d) {
        faith.setText(String.format(java.util.Locale.ROOT, "Deletion AUC %.3f against %.3f in a random order: %s", d.auc(), d.randomAuc(),
                d.auc() < d.randomAuc() ? "the map finds evidence the network uses" : "no better than chance for this cell"));
    }

    String faithfulnessText() {
        return faith.getText();
    }

    String explainsText() {
        return explains.getText();
    }

    javafx.scene.image.Image cropImage() {
        return crop.getImage();
    }

    ImageView cropView() {
        return crop;
    }

    boolean hasMap() {
        return heat.getImage() != null;
    }
}
