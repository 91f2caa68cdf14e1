package org.hemareview.ui;

import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.hemareview.analysis.ActiveModel;
import org.hemareview.analysis.SegmenterModels;
import org.hemareview.analysis.SmearPipeline;
import org.hemareview.classify.CellClassifier;
import org.hemareview.image.SmearImage;
import org.hemareview.review.Cell;
import org.hemareview.review.Smear;
import org.hemareview.review.StoredPrediction;
import org.hemareview.review.Workspace;
import org.hemareview.review.Workspaces;

/**
 * The observable state of the open smear: which smear, its pixels, its cells and their crops, the
 * model's calls, the selected cell, whether it is signed, whether an analysis of it is running,
 * and the model in use. Views bind to it; commands change it (on the JavaFX thread only) and read
 * it to decide whether they can run. It owns the smear's pixels and the window's models.
 */
final class SmearSession implements AutoCloseable {
    final Workspace workspace;
    private final ReadOnlyObjectWrapper<Smear> smear = new ReadOnlyObjectWrapper<>(this, "smear");
    private SmearImage image;
    /** The open smear's pixels at display resolutions (the viewer shows it). */
    final ObjectProperty<ImagePyramid> pyramid = new SimpleObjectProperty<>(this, "pyramid");
    /** Every cell of the open smear, in cell order (the gallery sorts and filters its own view). */
    final ObservableList<Cell> cells = FXCollections.observableArrayList();
    /** Stored crops (PNG) by cell id; set together with {@link #cells}. */
    final Map<Long, byte[]> crops = new java.util.HashMap<>();
    final ObservableMap<Long, StoredPrediction> predictions = FXCollections.observableHashMap();
    final ObjectProperty<Cell> selected = new SimpleObjectProperty<>(this, "selected");
    final BooleanProperty locked = new SimpleBooleanProperty(this, "locked");
    /** Analyses or classifications of the open smear in flight. */
    final IntegerProperty analysing = new SimpleIntegerProperty(this, "analysing");
    final ObjectProperty<CellClassifier> classifier = new SimpleObjectProperty<>(this, "classifier");
    final ObjectProperty<ActiveModel> models = new SimpleObjectProperty<>(this, "models");
    final StringProperty reviewer = new SimpleStringProperty(this, "reviewer", "");
    final SegmenterModels segmenters;

    final BooleanBinding noSmear = smear.isNull();
    final BooleanBinding busy = analysing.greaterThan(0);
    /** A command that changes the smear's cells or decisions cannot run now. */
    final BooleanBinding readOnly = noSmear.or(locked).or(busy);
    final BooleanBinding noCell = selected.isNull();

    SmearSession(Workspace workspace, SegmenterModels segmenters) {
        this.workspace = workspace;
        this.segmenters = segmenters;
    }

    ReadOnlyObjectProperty<Smear> smearProperty() {
        return smear.getReadOnlyProperty();
    }

    Smear smear() {
        return smear.get();
    }

    SmearImage image() {
        return image;
    }

    /** Shows another smear: the session now owns {@code pixels} (released when the next smear comes or the window closes). */
    void open(Smear s, SmearImage pixels, ImagePyramid view) {
        releaseImage();
        image = pixels;
        pyramid.set(view);
        locked.set(s.status() == org.hemareview.review.SmearStatus.SIGNED);
        smear.set(s);
        setCells(List.of(), Map.of());
    }

    boolean isCurrent(Smear s) {
        return smear.get() != null && s != null && smear.get().id() == s.id();
    }

    void setCells(List<Cell> list, Map<Long, byte[]> cropsById) {
        selected.set(null);
        predictions.clear();
        crops.clear();
        crops.putAll(cropsById);
        cells.setAll(list);
    }

    void addCell(Cell c, byte[] crop) {
        if (crop != null) {
            crops.put(c.id(), crop);
        }
        cells.add(c);
    }

    void removeCell(Cell c) {
        if (selected.get() != null && selected.get().id() == c.id()) {
            selected.set(null);
        }
        predictions.remove(c.id());
        crops.remove(c.id());
        cells.removeIf(x -> x.id() == c.id());
    }

    void setPredictions(Map<Long, StoredPrediction> byCell) {
        predictions.clear();
        predictions.putAll(byCell);
    }

    /** The pipeline the open window analyses with: the segmenter and the model in use now (if loaded). */
    SmearPipeline pipeline() {
        return new SmearPipeline(segmenters.segmenter(), java.util.Optional.ofNullable(classifier.get()));
    }

    /** The reviewer's name for the audit log, or the OS user where none is known. */
    String actor() {
        String who = reviewer.get();
        return who == null || who.isBlank() ? Workspaces.systemActor() : who;
    }

    BooleanBinding noModel() {
        return Bindings.createBooleanBinding(() -> models.get() == null || models.get().registry().isEmpty(), models);
    }

    private void releaseImage() {
        if (image != null) {
            image.close();
            image = null;
        }
    }

    @Override
    public void close() {
        releaseImage();
        if (models.get() != null) {
            models.get().close();
        }
        segmenters.close();
    }
}
