package org.hemareview.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridView;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.review.ReviewLabels;
import org.hemareview.review.StoredPrediction;

/**
 * The current smear's cells as a gallery of crops (a virtualised ControlsFX GridView: only
 * visible rows get tiles), grouped by predicted class or least confident first, filtered by
 * review state. Each tile shows the model's call and the reviewer's decision; a decision still
 * being written shows "saving". Selection is one cell, shared with the viewer and the cell panel.
 */
final class CellGallery {
    enum Order {
        BY_CLASS("Grouped by class"), LEAST_CONFIDENT("Least confident first"), BY_NUMBER("By cell number");

        private final String text;

        Order(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    enum Filter {
        ALL("All cells"), UNREVIEWED("Unreviewed"), CONFIRMED("Confirmed"), CHANGED("Changed");

        private final String text;

        Filter(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static final double TILE = 100;
    final GridView<Cell> grid = new GridView<>();
    final ComboBox<Order> order = new ComboBox<>(FXCollections.observableArrayList(Order.values()));
    final ComboBox<Filter> filter = new ComboBox<>(FXCollections.observableArrayList(Filter.values()));
    final Label summary = new Label();
    final BorderPane root = new BorderPane();
    private final ObjectProperty<Cell> selected = new SimpleObjectProperty<>(this, "selected");
    private final List<Cell> all = new ArrayList<>();
    /** Stored crops (PNG), decoded only when a tile or the panel needs them, off the JavaFX thread. */
    private final CropImages images = new CropImages(TILE - 6);
    private final Map<Long, StoredPrediction> predictions = new HashMap<>();
    private final Map<Long, Decision> decisions = new HashMap<>();
    private final Set<Long> saving = new HashSet<>();
    private List<String> classOrder = List.of();
    private Runnable decisionsChanged = () -> { };

    CellGallery() {
        images.onThumbnailReady(this::repaintTile);
        grid.setId("cellGallery");
        grid.setCellWidth(TILE);
        grid.setCellHeight(TILE + 34);
        grid.setHorizontalCellSpacing(3);
        grid.setVerticalCellSpacing(3);
        grid.setFocusTraversable(true);
        grid.setCellFactory(g -> new GalleryTile(this));
        grid.setOnMouseClicked(e -> grid.requestFocus());
        order.setId("galleryOrder");
        filter.setId("galleryFilter");
        order.setValue(Order.BY_CLASS);
        filter.setValue(Filter.ALL);
        order.setFocusTraversable(false);
        filter.setFocusTraversable(false);
        order.valueProperty().addListener((o, a, b) -> refreshItems());
        filter.valueProperty().addListener((o, a, b) -> refreshItems());
        summary.setId("gallerySummary");
        summary.setStyle("-fx-font-size: 0.85em;");
        HBox bar = new HBox(4, order, filter);
        HBox.setHgrow(order, Priority.ALWAYS);
        order.setMaxWidth(Double.MAX_VALUE);
        bar.setPadding(new Insets(2));
        root.setTop(new VBox(2, bar, summary));
        Label empty = new Label("No cells yet.\nAnalyse the smear (Ctrl+R).");
        StackPane centre = new StackPane(grid, empty);
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(grid.getItems()));
        empty.setMouseTransparent(true);
        root.setCenter(centre);
        selected.addListener((o, a, b) -> {
            // only the tiles of the old and the new selection change
            grid.lookupAll(".grid-cell").forEach(n -> {
                Cell item = ((GalleryTile) n).getItem();
                if (item != null && ((a != null && item.id() == a.id()) || (b != null && item.id() == b.id()))) {
                    ((GalleryTile) n).paintSelection();
                }
            });
            if (b != null) {
                scrollTo(b);
            }
        });
    }

    ObjectProperty<Cell> selectedProperty() {
        return selected;
    }

    /** The cells on show, in gallery order (filtered). */
    ObservableList<Cell> items() {
        return grid.getItems();
    }

    List<Cell> allCells() {
        return List.copyOf(all);
    }

    void show(List<Cell> cells, Map<Long, byte[]> cropPngs) {
        all.clear();
        all.addAll(cells);
        images.replaceAll(cropPngs);
        decisions.clear();
        saving.clear();
        predictions.clear();
        selected.set(null);
        refreshItems();
    }

    void add(Cell cell, byte[] cropPng) {
        all.add(cell);
        images.put(cell.id(), cropPng);
        refreshItems();
    }

    void remove(Cell cell) {
        all.removeIf(c -> c.id() == cell.id());
        images.remove(cell.id());
        if (selected.get() != null && selected.get().id() == cell.id()) {
            selected.set(null);
        }
        refreshItems();
    }

    void setClassOrder(List<String> classes) {
        classOrder = List.copyOf(classes);
        refreshItems();
    }

    void setPredictions(Map<Long, StoredPrediction> p) {
        predictions.clear();
        predictions.putAll(p);
        refreshItems();
    }

    void setDecisions(Map<Long, Decision> d) {
        decisions.clear();
        decisions.putAll(d);
        refreshItems();
        decisionsChanged.run();
    }

    /** A decision was handed to the writer: the tile shows it as saving until {@link #saved}. */
    void saving(long cellId) {
        saving.add(cellId);
        repaintTile(cellId);
    }

    private void repaintTile(long cellId) {
        grid.lookupAll(".grid-cell").forEach(n -> {
            Cell item = ((GalleryTile) n).getItem();
            if (item != null && item.id() == cellId) {
                ((GalleryTile) n).repaint();
            }
        });
    }

    /** The decision is on disk (or null: the cell is undecided again). */
    void saved(long cellId, Decision d) {
        saving.remove(cellId);
        if (d == null || d.label() == null) {
            decisions.remove(cellId);
        } else {
            decisions.put(cellId, d);
        }
        decisionsChanged.run();
        if (filter.getValue() == Filter.ALL) {
            repaintTile(cellId);
            updateSummary();
        } else {
            refreshItems();
        }
    }

    /** The decision could not be written: the tile goes back to what is on disk. */
    void failed(long cellId) {
        saving.remove(cellId);
        repaintTile(cellId);
    }

    /** Whether the reviewer marked this cell "not a white cell" (drawn struck through until undone). */
    boolean isNotACell(Cell c) {
        Decision d = decisions.get(c.id());
        return d != null && ReviewLabels.NOT_A_CELL.equals(d.label());
    }

    /** The cells marked "not a white cell" now. */
    Set<Long> notACells() {
        Set<Long> ids = new HashSet<>();
        decisions.forEach((id, d) -> {
            if (ReviewLabels.NOT_A_CELL.equals(d.label())) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Told (on the JavaFX thread) whenever a decision of the smear on show changed. */
    void onDecisionsChanged(Runnable r) {
        decisionsChanged = r;
    }

    Decision decision(long cellId) {
        return decisions.get(cellId);
    }

    /** The full-size crop if decoded; else null, and it is decoded in the background ({@link #onCropDecoded}). */
    Image crop(long cellId) {
        return images.crop(cellId);
    }

    /** Called on the JavaFX thread when a full-size crop asked for by {@link #crop} is ready. */
    void onCropDecoded(java.util.function.LongConsumer handler) {
        images.onCropReady(handler);
    }

    void close() {
        images.close();
    }

    /** Moves the selection by {@code delta} cells in gallery order (arrow keys: +-1, +-a row). */
    void move(int delta) {
        List<Cell> items = grid.getItems();
        if (items.isEmpty()) {
            return;
        }
        int i = indexOf(selected.get());
        int next = i < 0 ? 0 : Math.max(0, Math.min(items.size() - 1, i + delta));
        selected.set(items.get(next));
    }

    /** Cells per row as laid out now (for up/down). */
    int columns() {
        if (grid.getSkin() instanceof impl.org.controlsfx.skin.GridViewSkin<?> skin) {
            return Math.max(1, skin.computeMaxCellsInRow());
        }
        return 1;
    }

    /** After a decision: the next cell in order that is still on show (the filter may have hidden this one). */
    void advanceFrom(Cell decided, int formerIndex) {
        List<Cell> items = grid.getItems();
        if (items.isEmpty()) {
            selected.set(null);
            return;
        }
        int i = indexOf(decided);
        int next = i >= 0 ? Math.min(items.size() - 1, i + 1) : Math.min(items.size() - 1, Math.max(0, formerIndex));
        selected.set(items.get(next));
    }

    int indexOf(Cell c) {
        if (c == null) {
            return -1;
        }
        List<Cell> items = grid.getItems();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).id() == c.id()) {
                return i;
            }
        }
        return -1;
    }

    private void refreshItems() {
        Comparator<Cell> byNumber = Comparator.comparingInt(Cell::number);
        Comparator<Cell> byConfidence = Comparator.comparingDouble(c -> predictions.containsKey(c.id()) ? predictions.get(c.id()).confidence() : -1);
        Comparator<Cell> cmp = switch (order.getValue()) {
            case BY_CLASS -> Comparator.<Cell>comparingInt(c -> classRank(c)).thenComparing(byConfidence).thenComparing(byNumber);
            // a call on a crop unlike the training data is less trustworthy than any confidence says: those first
            case LEAST_CONFIDENT -> Comparator.<Cell, Boolean>comparing(c -> !isUnfamiliar(c)).thenComparing(byConfidence).thenComparing(byNumber);
            case BY_NUMBER -> byNumber;
        };
        List<Cell> shown = all.stream().filter(this::passes).sorted(cmp).toList();
        grid.getItems().setAll(shown);
        updateSummary();
        Cell s = selected.get();
        if (s != null && indexOf(s) < 0 && !saving.contains(s.id())) {
            selected.set(null);
        }
    }

    private int classRank(Cell c) {
        StoredPrediction p = predictions.get(c.id());
        if (p == null) {
            return Integer.MAX_VALUE;
        }
        int i = classOrder.indexOf(p.label());
        return i < 0 ? classOrder.size() : i;
    }

    private boolean passes(Cell c) {
        Decision d = decisions.get(c.id());
        StoredPrediction p = predictions.get(c.id());
        return switch (filter.getValue()) {
            case ALL -> true;
            case UNREVIEWED -> d == null;
            case CONFIRMED -> d != null && p != null && d.label().equals(p.label());
            case CHANGED -> d != null && (p == null || !d.label().equals(p.label()));
        };
    }

    private void updateSummary() {
        long decided = all.stream().filter(c -> decisions.containsKey(c.id())).count();
        summary.setText(grid.getItems().size() + " shown \u00B7 " + decided + " of " + all.size() + " decided");
    }

    private void scrollTo(Cell c) {
        int i = indexOf(c);
        if (i < 0) {
            return;
        }
        int row = i / columns();
        if (grid.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            var first = flow.getFirstVisibleCell();
            var last = flow.getLastVisibleCell();
            if (first == null || last == null || row <= first.getIndex() || row >= last.getIndex()) {
                flow.scrollTo(row);
            }
        }
    }

    /** Short text of a tile's state, also used by the accessible text and tests. */
    /** Whether the cell's call was made on a crop unlike the model's training data. */
    boolean isUnfamiliar(Cell c) {
        StoredPrediction p = c == null ? null : predictions.get(c.id());
        return p != null && p.unlikeTraining();
    }

    String stateText(Cell c) {
        if (saving.contains(c.id())) {
            return "saving\u2026";
        }
        Decision d = decisions.get(c.id());
        StoredPrediction p = predictions.get(c.id());
        if (d == null) {
            return "";
        }
        if (p != null && d.label().equals(p.label())) {
            return "\u2713 ok";
        }
        return switch (d.label()) {
            case ReviewLabels.NOT_A_CELL -> "\u2717 no cell";
            case ReviewLabels.UNSURE -> "? unsure";
            case ReviewLabels.SKIPPED -> "skipped";
            default -> "\u2192 " + d.label();
        };
    }

    // what a tile shows

    Image thumbnail(long cellId) {
        return images.thumbnail(cellId);
    }

    StoredPrediction prediction(long cellId) {
        return predictions.get(cellId);
    }

    boolean isSelected(Cell c) {
        return c != null && selected.get() != null && selected.get().id() == c.id();
    }

    /** A click on a tile: select its cell and take the keyboard focus for the review keys. */
    void pick(Cell c) {
        selected.set(c);
        grid.requestFocus();
    }
}
