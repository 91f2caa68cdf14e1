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
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;
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
    /** Stored crops (PNG): decoded only when a tile or the panel needs them, off the JavaFX thread. */
    private final Map<Long, byte[]> pngs = new HashMap<>();
    private final Map<Long, Image> thumbs = lru(1000);
    private final Map<Long, Image> full = lru(48);
    private final Set<Long> decoding = new HashSet<>();
    private final java.util.concurrent.ExecutorService decoder = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "crop-decoder");
        t.setDaemon(true);
        return t;
    });
    private java.util.function.LongConsumer onCropDecoded = id -> { };
    private final Map<Long, StoredPrediction> predictions = new HashMap<>();
    private final Map<Long, Decision> decisions = new HashMap<>();
    private final Set<Long> saving = new HashSet<>();
    private List<String> classOrder = List.of();

    CellGallery() {
        grid.setId("cellGallery");
        grid.setCellWidth(TILE);
        grid.setCellHeight(TILE + 34);
        grid.setHorizontalCellSpacing(3);
        grid.setVerticalCellSpacing(3);
        grid.setFocusTraversable(true);
        grid.setCellFactory(g -> new Tile());
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
                Cell item = ((Tile) n).getItem();
                if (item != null && ((a != null && item.id() == a.id()) || (b != null && item.id() == b.id()))) {
                    ((Tile) n).paintSelection();
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
        pngs.clear();
        pngs.putAll(cropPngs);
        thumbs.clear();
        full.clear();
        decisions.clear();
        saving.clear();
        predictions.clear();
        selected.set(null);
        refreshItems();
    }

    void add(Cell cell, byte[] cropPng) {
        all.add(cell);
        pngs.put(cell.id(), cropPng);
        refreshItems();
    }

    void remove(Cell cell) {
        all.removeIf(c -> c.id() == cell.id());
        pngs.remove(cell.id());
        thumbs.remove(cell.id());
        full.remove(cell.id());
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
    }

    /** A decision was handed to the writer: the tile shows it as saving until {@link #saved}. */
    void saving(long cellId) {
        saving.add(cellId);
        repaintTile(cellId);
    }

    private void repaintTile(long cellId) {
        grid.lookupAll(".grid-cell").forEach(n -> {
            Cell item = ((Tile) n).getItem();
            if (item != null && item.id() == cellId) {
                ((Tile) n).repaint();
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

    Decision decision(long cellId) {
        return decisions.get(cellId);
    }

    /** The full-size crop if decoded; else null, and it is decoded in the background ({@link #onCropDecoded}). */
    Image crop(long cellId) {
        Image img = full.get(cellId);
        if (img == null) {
            decode(cellId, false);
        }
        return img;
    }

    /** Called on the JavaFX thread when a full-size crop asked for by {@link #crop} is ready. */
    void onCropDecoded(java.util.function.LongConsumer handler) {
        onCropDecoded = handler;
    }

    /** Thumbnails of the tiles on screen are decoded at tile size; full crops only for the panel. */
    private void decode(long cellId, boolean thumbnail) {
        byte[] png = pngs.get(cellId);
        long key = thumbnail ? cellId : -cellId - 1;
        if (png == null || !decoding.add(key)) {
            return;
        }
        decoder.submit(() -> {
            Image img = thumbnail ? new Image(new java.io.ByteArrayInputStream(png), TILE - 6, TILE - 6, true, true) : decode(png);
            javafx.application.Platform.runLater(() -> {
                decoding.remove(key);
                if (!pngs.containsKey(cellId) || img.isError()) {
                    return;
                }
                if (thumbnail) {
                    thumbs.put(cellId, img);
                    repaintTile(cellId);
                } else {
                    full.put(cellId, img);
                    onCropDecoded.accept(cellId);
                }
            });
        });
    }

    private static <V> Map<Long, V> lru(int capacity) {
        return new java.util.LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > capacity;
            }
        };
    }

    void close() {
        decoder.shutdownNow();
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
            case LEAST_CONFIDENT -> byConfidence.thenComparing(byNumber);
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

    /** Decodes a stored crop (PNG); called off the JavaFX thread. */
    static Image decode(byte[] png) {
        return new Image(new java.io.ByteArrayInputStream(png));
    }

    /** Short text of a tile's state, also used by the accessible text and tests. */
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

    private final class Tile extends GridCell<Cell> {
        private final ImageView icon = new ImageView();
        private final Label call = new Label();
        private final Label state = new Label();
        private final VBox box = new VBox(1, icon, call, state);

        Tile() {
            icon.setFitWidth(TILE - 6);
            icon.setFitHeight(TILE - 6);
            icon.setPreserveRatio(true);
            call.setStyle("-fx-font-size: 0.8em;");
            state.setStyle("-fx-font-size: 0.8em; -fx-font-weight: bold;");
            box.setAlignment(Pos.TOP_CENTER);
            box.setPadding(new Insets(2));
            setOnMousePressed(e -> {
                if (getItem() != null) {
                    selected.set(getItem());
                    grid.requestFocus();
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
            Image thumb = thumbs.get(c.id());
            if (thumb == null) {
                decode(c.id(), true);
            }
            icon.setImage(thumb);
            StoredPrediction p = predictions.get(c.id());
            call.setText(p == null ? "not classified" : String.format("%s %.0f%%", p.label(), 100 * p.confidence()));
            call.setTextFill(p == null ? javafx.scene.paint.Color.BLACK : ClassColours.of(p.label()).darker());
            String st = stateText(c);
            state.setText("#" + c.number() + (st.isEmpty() ? "" : " " + st));
            state.setTextFill(st.isEmpty() ? javafx.scene.paint.Color.GRAY : st.startsWith("\u2713") ? javafx.scene.paint.Color.web("#2e7d32")
                    : st.startsWith("saving") ? javafx.scene.paint.Color.GRAY : javafx.scene.paint.Color.web("#e65100"));
            setAccessibleText("cell " + c.number() + " " + call.getText() + " " + st);
            setGraphic(box);
            paintSelection();
        }

        void paintSelection() {
            Cell c = getItem();
            boolean sel = c != null && selected.get() != null && selected.get().id() == c.id();
            String band = c == null || !predictions.containsKey(c.id()) ? "#bdbdbd" : toHex(ClassColours.of(predictions.get(c.id()).label()));
            String style = sel ? "-fx-background-color: #ffe082; -fx-border-color: #ff6f00; -fx-border-width: 3;"
                    : "-fx-border-color: transparent transparent " + band + " transparent; -fx-border-width: 0 0 4 0;";
            if (!style.equals(getStyle())) {
                setStyle(style);
            }
        }
    }

    private static String toHex(javafx.scene.paint.Color c) {
        return String.format("#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255));
    }
}
