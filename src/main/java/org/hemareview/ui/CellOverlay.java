package org.hemareview.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.Group;
import javafx.scene.paint.Color;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import org.hemareview.review.Cell;

/**
 * Cell outlines drawn over the smear, in image coordinates (the viewer's overlay group follows
 * zoom and pan). Line widths are divided by the zoom so outlines stay 2 px on screen.
 */
final class CellOverlay {
    static final Color OUTLINE = Color.web("#00c853");
    static final Color EDGE_OUTLINE = Color.web("#ff9100");
    static final Color SELECTED = Color.web("#ffea00");
    private final SmearViewer viewer;
    private final Group group = new Group();
    private final Map<Long, Polygon> shapes = new HashMap<>();
    private final Rectangle drawing = new Rectangle();
    private Consumer<Cell> onClick = c -> { };
    private long selected = -1;
    private Map<Long, String> labels = Map.of();

    CellOverlay(SmearViewer viewer) {
        this.viewer = viewer;
        viewer.overlay().getChildren().add(group);
        drawing.setFill(Color.TRANSPARENT);
        drawing.setStroke(SELECTED);
        drawing.getStrokeDashArray().setAll(6.0, 4.0);
        drawing.setVisible(false);
        drawing.setMouseTransparent(true);
        viewer.overlay().getChildren().add(drawing);
        viewer.zoomProperty().addListener((o, a, z) -> restyle());
    }

    void onClick(Consumer<Cell> handler) {
        this.onClick = handler;
    }

    void show(List<Cell> cells) {
        group.getChildren().clear();
        shapes.clear();
        for (Cell c : cells) {
            Polygon p = new Polygon();
            for (int[] pt : c.polygon()) {
                p.getPoints().addAll((double) pt[0], (double) pt[1]);
            }
            p.setFill(Color.TRANSPARENT);
            p.setPickOnBounds(false);
            p.setUserData(c);
            p.getStyleClass().add("cell-outline");
            p.setOnMouseClicked(e -> {
                if (e.isStillSincePress()) {
                    onClick.accept(c);
                    e.consume();
                }
            });
            shapes.put(c.id(), p);
            group.getChildren().add(p);
        }
        restyle();
    }

    void select(Cell c) {
        selected = c == null ? -1 : c.id();
        restyle();
        Polygon p = shapes.get(selected);
        if (p != null) {
            p.toFront();
        }
    }

    /** Colours outlines by predicted class. */
    void setLabels(Map<Long, String> byCell) {
        this.labels = Map.copyOf(byCell);
        restyle();
    }

    int count() {
        return shapes.size();
    }

    /** The dashed rectangle shown while the reviewer drags out a missed cell (image coordinates). */
    Rectangle drawingBox() {
        return drawing;
    }

    private void restyle() {
        double z = Math.max(1e-3, viewer.zoomProperty().get());
        for (Polygon p : shapes.values()) {
            Cell c = (Cell) p.getUserData();
            boolean sel = c.id() == selected;
            String label = labels.get(c.id());
            p.setStroke(sel ? SELECTED : label != null ? ClassColours.of(label) : c.edge() ? EDGE_OUTLINE : OUTLINE);
            p.getStrokeDashArray().setAll(c.edge() && !sel ? List.of(8 / z, 5 / z) : List.of());
            p.setStrokeWidth((sel ? 4 : 2) / z);
            p.setFill(sel ? Color.color(1, 0.92, 0, 0.12) : Color.TRANSPARENT);
        }
        drawing.setStrokeWidth(2 / z);
    }
}
