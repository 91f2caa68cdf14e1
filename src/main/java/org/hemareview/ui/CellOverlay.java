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
 * zoom and pan). Line widths are divided by the zoom so outlines stay 2 px on screen. Each outline
 * lies on a halo of the opposite lightness, so that every class colour shows on pale plasma and on
 * a dark nucleus; the selected cell is a black ring with white dashes, unlike any class; a cell
 * marked "not a white cell" is struck through until the decision is undone.
 */
final class CellOverlay {
    static final Color OUTLINE = Color.web("#00c853");
    static final Color EDGE_OUTLINE = Color.web("#ff9100");
    /** The selection ring: white dashes on a black line. */
    static final Color SELECTED = Color.WHITE;
    static final Color SELECTED_UNDER = Color.BLACK;
    private final SmearViewer viewer;
    private final Group halos = new Group();
    private final Group group = new Group();
    private final Group strikes = new Group();
    private final Map<Long, Polygon> shapes = new HashMap<>();
    private final Map<Long, Polygon> haloShapes = new HashMap<>();
    private java.util.Set<Long> struck = java.util.Set.of();
    private final Rectangle drawing = new Rectangle();
    private Consumer<Cell> onClick = c -> { };
    private long selected = -1;
    private Map<Long, String> labels = Map.of();

    CellOverlay(SmearViewer viewer) {
        this.viewer = viewer;
        halos.setMouseTransparent(true);
        strikes.setMouseTransparent(true);
        viewer.overlay().getChildren().addAll(halos, group, strikes);
        drawing.setFill(Color.TRANSPARENT);
        drawing.setStroke(SELECTED_UNDER);
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
        halos.getChildren().clear();
        shapes.clear();
        haloShapes.clear();
        for (Cell c : cells) {
            Polygon p = new Polygon();
            for (int[] pt : c.polygon()) {
                p.getPoints().addAll((double) pt[0], (double) pt[1]);
            }
            Polygon halo = new Polygon();
            halo.getPoints().setAll(p.getPoints());
            halo.setFill(Color.TRANSPARENT);
            haloShapes.put(c.id(), halo);
            halos.getChildren().add(halo);
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
            haloShapes.get(selected).toFront();
        }
    }

    /** The cells marked "not a white cell": struck through. */
    void setStruck(java.util.Set<Long> cellIds) {
        if (struck.equals(cellIds)) {
            return; // most decisions change no strike: no restyle of every outline per key
        }
        struck = java.util.Set.copyOf(cellIds);
        restyle();
    }

    /** How many cells are drawn struck through. */
    int struckCount() {
        return (int) shapes.keySet().stream().filter(struck::contains).count();
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
        strikes.getChildren().clear();
        for (Polygon p : shapes.values()) {
            Cell c = (Cell) p.getUserData();
            Polygon halo = haloShapes.get(c.id());
            boolean sel = c.id() == selected;
            String label = labels.get(c.id());
            Color line = label != null ? ClassColours.of(label) : c.edge() ? EDGE_OUTLINE : OUTLINE;
            List<Double> dashes = sel ? List.of(7 / z, 7 / z) : c.edge() ? List.of(8 / z, 5 / z) : List.of();
            p.setStroke(sel ? SELECTED : line);
            p.getStrokeDashArray().setAll(dashes);
            p.setStrokeWidth((sel ? 3 : 2) / z);
            p.setFill(Color.TRANSPARENT);
            halo.setStroke(sel ? SELECTED_UNDER : ClassColours.halo(line));
            halo.setStrokeWidth((sel ? 6 : 3.5) / z);
            boolean isStruck = struck.contains(c.id());
            p.setOpacity(isStruck && !sel ? 0.55 : 1);
            halo.setOpacity(isStruck && !sel ? 0.55 : 1);
            if (isStruck) {
                strikes.getChildren().addAll(strikeLine(c, SELECTED_UNDER, 5 / z), strikeLine(c, SELECTED, 2.5 / z));
            }
        }
        drawing.setStrokeWidth(2 / z);
    }

    private static javafx.scene.shape.Line strikeLine(Cell c, Color colour, double width) {
        var b = c.box();
        javafx.scene.shape.Line l = new javafx.scene.shape.Line(b.x(), b.y() + b.height(), b.x() + b.width(), b.y());
        l.setStroke(colour);
        l.setStrokeWidth(width);
        return l;
    }
}
