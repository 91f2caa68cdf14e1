package org.hemareview.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;
import org.hemareview.review.Cell;
import org.hemareview.review.StoredPrediction;

/** One tile of the {@link CellGallery}: the crop, the model's call, the cell's number and review state, a band in its class colour. */
final class GalleryTile extends GridCell<Cell> {
    private static final double TILE = CellGallery.TILE;
    private final CellGallery gallery;
    private final ImageView icon = new ImageView();
    private final Label call = new Label();
    private final Label state = new Label();
    private final VBox box = new VBox(1, icon, call, state);

    GalleryTile(CellGallery gallery) {
        this.gallery = gallery;
        icon.setFitWidth(TILE - 6);
        icon.setFitHeight(TILE - 6);
        icon.setPreserveRatio(true);
        call.setStyle("-fx-font-size: 0.8em;");
        state.setStyle("-fx-font-size: 0.8em; -fx-font-weight: bold;");
        box.setAlignment(Pos.TOP_CENTER);
        box.setPadding(new Insets(2));
        setOnMousePressed(e -> {
            if (getItem() != null) {
                gallery.pick(getItem());
            }
        });
    }

    @Override
    protected void updateItem(Cell c, boolean empty) {
        super.updateItem(c, empty);
        repaint();
    }

    void repaint() {
        Cell c = getItem();
        if (isEmpty() || c == null) {
            setGraphic(null);
            setStyle("");
            return;
        }
        icon.setImage(gallery.thumbnail(c.id()));
        StoredPrediction p = gallery.prediction(c.id());
        call.setText(p == null ? "not classified" : String.format("%s %.0f%%", p.label(), 100 * p.confidence()));
        call.setTextFill(p == null ? javafx.scene.paint.Color.BLACK : ClassColours.of(p.label()).darker());
        String st = gallery.stateText(c);
        state.setText("#" + c.number() + (st.isEmpty() ? "" : " " + st));
        state.setTextFill(st.isEmpty() ? javafx.scene.paint.Color.GRAY : st.startsWith("\u2713") ? javafx.scene.paint.Color.web("#2e7d32")
                : st.startsWith("saving") ? javafx.scene.paint.Color.GRAY : javafx.scene.paint.Color.web("#e65100"));
        setAccessibleText("cell " + c.number() + " " + call.getText() + " " + st);
        setGraphic(box);
        paintSelection();
    }

    void paintSelection() {
        Cell c = getItem();
        boolean sel = gallery.isSelected(c);
        StoredPrediction p = c == null ? null : gallery.prediction(c.id());
        String band = p == null ? "#bdbdbd" : toHex(ClassColours.of(p.label()));
        String style = sel ? "-fx-background-color: #ffe082; -fx-border-color: #ff6f00; -fx-border-width: 3;"
                : "-fx-border-color: transparent transparent " + band + " transparent; -fx-border-width: 0 0 4 0;";
        if (!style.equals(getStyle())) {
            setStyle(style);
        }
    }

    private static String toHex(javafx.scene.paint.Color c) {
        return String.format("#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255));
    }
}
