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
    /** A diagonal line over the crop of a cell the reviewer marked "not a white cell". */
    private final javafx.scene.shape.Line strike = new javafx.scene.shape.Line(0, 0, TILE - 10, TILE - 10);
    private final VBox box = new VBox(1, new javafx.scene.layout.StackPane(icon, strike), call, state);
    /** One tooltip per tile, its text set on repaint (a repaint must not build a control). */
    private final javafx.scene.control.Tooltip unfamiliarTip = new javafx.scene.control.Tooltip();

    GalleryTile(CellGallery gallery) {
        this.gallery = gallery;
        icon.setFitWidth(TILE - 6);
        icon.setFitHeight(TILE - 6);
        icon.setPreserveRatio(true);
        call.setStyle("-fx-font-size: 0.8em;");
        state.setStyle("-fx-font-size: 0.8em; -fx-font-weight: bold;");
        strike.setStroke(TextColours.ALERT);
        strike.setStrokeWidth(3);
        strike.setMouseTransparent(true);
        strike.setId("struck");
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
        call.setTextFill(p == null ? javafx.scene.paint.Color.BLACK : ClassColours.textOn(p.label(), javafx.scene.paint.Color.WHITE));
        String st = gallery.stateText(c);
        boolean unfamiliar = gallery.isUnfamiliar(c);
        // a decided cell's state says what the reviewer did; an undecided unfamiliar one asks for a look
        state.setText("#" + c.number() + (st.isEmpty() ? unfamiliar ? " unfamiliar" : "" : " " + st));
        if (unfamiliar) {
            unfamiliarTip.setText(String.format(java.util.Locale.ROOT, "This crop looks unlike the model's training data (score %.2f, threshold %.2f)",
                    p.shift(), p.shiftThreshold()));
        }
        setTooltip(unfamiliar ? unfamiliarTip : null);
        state.setTextFill(st.isEmpty() && !unfamiliar || st.startsWith("saving") ? TextColours.MUTED : st.startsWith("\u2713") ? TextColours.OK : TextColours.ATTENTION);
        boolean notACell = gallery.isNotACell(c);
        strike.setVisible(notACell);
        icon.setOpacity(notACell ? 0.45 : 1);
        setAccessibleText("cell " + c.number() + " " + call.getText() + " " + st + (unfamiliar ? " unlike the training data" : ""));
        setGraphic(box);
        paintSelection();
    }

    void paintSelection() {
        Cell c = getItem();
        boolean sel = gallery.isSelected(c);
        StoredPrediction p = c == null ? null : gallery.prediction(c.id());
        String band = p == null ? "#bdbdbd" : ClassColours.hex(ClassColours.of(p.label()));
        // the selection is a black frame on white: no class colour looks like it
        String style = sel ? "-fx-background-color: black, white; -fx-background-insets: 0, 4;"
                : "-fx-background-color: white; -fx-border-color: transparent transparent " + band + " transparent; -fx-border-width: 0 0 5 0;";
        if (!style.equals(getStyle())) {
            setStyle(style);
        }
    }
}
