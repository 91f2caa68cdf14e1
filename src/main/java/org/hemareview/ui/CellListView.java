package org.hemareview.ui;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.hemareview.review.Cell;
import org.hemareview.review.StoredPrediction;

/** The current smear's cells as crops; crops were decoded off the JavaFX thread. */
final class CellListView {
    final ListView<Cell> list = new ListView<>();
    private final Map<Long, Image> crops = new HashMap<>();
    private final Map<Long, StoredPrediction> predictions = new HashMap<>();

    CellListView() {
        list.setId("cellList");
        list.setPrefWidth(250);
        list.setPlaceholder(new Label("No cells yet.\nAnalyse the smear (Ctrl+R)."));
        list.setCellFactory(v -> new CropCell());
    }

    void show(List<Cell> cells, Map<Long, Image> decoded) {
        crops.clear();
        crops.putAll(decoded);
        list.getItems().setAll(cells);
    }

    void add(Cell cell, Image crop) {
        crops.put(cell.id(), crop);
        list.getItems().add(cell);
    }

    void remove(Cell cell) {
        list.getItems().removeIf(c -> c.id() == cell.id());
        crops.remove(cell.id());
    }

    /** Shows each cell's predicted class and confidence as a badge. */
    void setPredictions(Map<Long, StoredPrediction> p) {
        predictions.clear();
        predictions.putAll(p);
        list.refresh();
    }

    Image crop(long cellId) {
        return crops.get(cellId);
    }

    void clear() {
        crops.clear();
        list.getItems().clear();
    }

    static Image decode(byte[] png) {
        return new Image(new ByteArrayInputStream(png));
    }

    private final class CropCell extends ListCell<Cell> {
        private final ImageView icon = new ImageView();
        private final Label title = new Label();
        private final Label detail = new Label();
        private final HBox box = new HBox(8, icon, new VBox(2, title, detail));

        CropCell() {
            icon.setFitWidth(88);
            icon.setFitHeight(88);
            icon.setPreserveRatio(true);
            detail.setStyle("-fx-font-size: 0.85em; -fx-text-fill: -fx-mid-text-color;");
            box.setPadding(new Insets(2));
        }

        @Override
        protected void updateItem(Cell c, boolean empty) {
            super.updateItem(c, empty);
            if (empty || c == null) {
                setGraphic(null);
                return;
            }
            icon.setImage(crops.get(c.id()));
            StoredPrediction p = predictions.get(c.id());
            title.setText("Cell " + c.number() + (p == null ? "" : String.format("  %s %.0f %%", p.label(), 100 * p.confidence())));
            title.setTextFill(p == null ? javafx.scene.paint.Color.BLACK : ClassColours.of(p.label()).darker());
            detail.setText((c.edge() ? "cut by border\n" : "") + (c.source().equals("reviewer") ? "drawn by reviewer" : c.box()[2] + " \u00D7 " + c.box()[3] + " px"));
            setGraphic(box);
        }
    }
}
