package org.hemareview.ui;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.hemareview.review.Smear;

/**
 * The workspace's smears with their stored thumbnails. Thumbnails are small JPEGs kept in the
 * workspace, decoded in the background by JavaFX's Image loader and cached per smear.
 */
final class SmearListView {
    final ListView<Smear> list = new ListView<>();
    private final Map<Long, Image> thumbnails = new HashMap<>();

    SmearListView() {
        list.setId("smearList");
        list.setPrefWidth(300);
        list.setPlaceholder(new Label("No smears yet.\nFile \u25B8 Open\u2026 or drag images here."));
        list.setCellFactory(v -> new SmearCell());
    }

    /** Replaces the list; thumbnails were decoded off the JavaFX thread ({@link #decode}). */
    void update(List<Smear> smears, Map<Long, Image> decoded, Smear current) {
        thumbnails.putAll(decoded);
        list.getItems().setAll(smears);
        select(current);
    }

    /** Selects the smear being shown (or nothing), matching by id since records are re-read. */
    void select(Smear current) {
        if (current == null) {
            list.getSelectionModel().clearSelection();
            return;
        }
        list.getItems().stream().filter(s -> s.id() == current.id()).findFirst().ifPresentOrElse(
                s -> list.getSelectionModel().select(s), () -> list.getSelectionModel().clearSelection());
    }

    /** The smears whose thumbnails are already decoded (a copy; call on the JavaFX thread). */
    java.util.Set<Long> thumbnailIds() {
        return java.util.Set.copyOf(thumbnails.keySet());
    }

    static Image decode(byte[] jpeg) {
        return new Image(new ByteArrayInputStream(jpeg));
    }

    private final class SmearCell extends ListCell<Smear> {
        private final ImageView icon = new ImageView();
        private final Label name = new Label();
        private final Label detail = new Label();
        private final HBox box = new HBox(8, icon, new VBox(2, name, detail));

        SmearCell() {
            icon.setFitWidth(96);
            icon.setFitHeight(72);
            icon.setPreserveRatio(true);
            detail.setStyle("-fx-font-size: 0.85em; -fx-text-fill: -fx-mid-text-color;");
            box.setPadding(new Insets(2));
            // the cell is as wide as the list (no sideways scrolling); long names and the status wrap
            setPrefWidth(0);
            for (Label l : List.of(name, detail)) {
                l.setWrapText(true);
                l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
            VBox text = (VBox) box.getChildren().get(1);
            text.setMinWidth(0);
            HBox.setHgrow(text, javafx.scene.layout.Priority.ALWAYS);
        }

        @Override
        protected void updateItem(Smear s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            icon.setImage(thumbnails.get(s.id()));
            name.setText(s.name());
            detail.setText(s.width() + " \u00D7 " + s.height() + "\n" + s.status().label());
            setText(null);
            setGraphic(box);
        }
    }
}
