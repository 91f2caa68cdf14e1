package org.hemareview.ui;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * Shows one smear: mouse-wheel zoom about the cursor (5 %–800 %), drag to pan, keyboard panning.
 * Only the visible part of the pyramid level that matches the zoom is drawn (an ImageView
 * viewport), so zooming and panning never resample the full image. Overlays (cell outlines) go
 * into {@link #overlay()}, in image coordinates.
 */
public final class SmearViewer extends Region {
    private static final double WHEEL_STEP = 1.15;
    private final ImageView view = new ImageView();
    private final Group overlay = new Group();
    private final Scale overlayScale = new Scale(1, 1);
    private final Translate overlayShift = new Translate();
    private final Label placeholder = new Label("Open a smear: File \u25B8 Open (Ctrl+O), drag a file here, or pick one on the left.");
    private final ViewTransform transform = new ViewTransform();
    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(this, "zoom", 1);
    private final DoubleProperty cursorX = new SimpleDoubleProperty(this, "cursorX", Double.NaN);
    private final DoubleProperty cursorY = new SimpleDoubleProperty(this, "cursorY", Double.NaN);
    private final ReadOnlyObjectWrapper<ImagePyramid> pyramid = new ReadOnlyObjectWrapper<>(this, "pyramid");
    private final javafx.beans.property.BooleanProperty drawMode = new javafx.beans.property.SimpleBooleanProperty(this, "drawMode");
    private java.util.function.Consumer<Rectangle2D> onBoxDrawing = r -> { };
    private java.util.function.Consumer<Rectangle2D> onBoxDrawn = r -> { };
    private double dragX;
    private double dragY;
    private double boxX;
    private double boxY;
    private boolean fitPending;

    public SmearViewer() {
        getStyleClass().add("smear-viewer");
        setFocusTraversable(true);
        view.setPreserveRatio(false);
        view.setSmooth(true);
        overlay.getTransforms().addAll(overlayScale, overlayShift);
        overlay.setManaged(false);
        view.setManaged(false);
        placeholder.setWrapText(true);
        placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        getChildren().addAll(view, overlay, placeholder);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        setMinSize(200, 150);
        setOnScroll(this::onScroll);
        setOnMousePressed(this::onPressed);
        setOnMouseDragged(this::onDragged);
        setOnMouseMoved(this::onMoved);
        setOnMouseExited(e -> {
            cursorX.set(Double.NaN);
            cursorY.set(Double.NaN);
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
        widthProperty().addListener((o, a, b) -> relayout());
        heightProperty().addListener((o, a, b) -> relayout());
    }

    /** Shows a new smear, fitted to the window. */
    void show(ImagePyramid p) {
        pyramid.set(p);
        placeholder.setVisible(p == null);
        fitPending = true;
        requestLayout();
        relayout();
    }

    public ReadOnlyObjectProperty<ImagePyramid> pyramidProperty() {
        return pyramid.getReadOnlyProperty();
    }

    public boolean hasImage() {
        return pyramid.get() != null;
    }

    public int imageWidth() {
        return hasImage() ? pyramid.get().width() : 0;
    }

    public int imageHeight() {
        return hasImage() ? pyramid.get().height() : 0;
    }

    /** Zoom as a factor (1 = 100 %). */
    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    /** Image x under the mouse, NaN when the mouse is outside the view. */
    public DoubleProperty cursorXProperty() {
        return cursorX;
    }

    public DoubleProperty cursorYProperty() {
        return cursorY;
    }

    public Group overlay() {
        return overlay;
    }

    public void fit() {
        if (hasImage() && getWidth() > 0) {
            transform.fit(getWidth(), getHeight(), imageWidth(), imageHeight());
            fitPending = false;
            relayout();
        }
    }

    /** 100 %: one image pixel per screen pixel, keeping the view's centre. */
    public void actualSize() {
        setZoomAboutCentre(1.0);
    }

    public void zoomIn() {
        setZoomAboutCentre(transform.zoom() * 1.25);
    }

    public void zoomOut() {
        setZoomAboutCentre(transform.zoom() / 1.25);
    }

    /** Zooms about a point of the view (screen coordinates), as the mouse wheel does. */
    public void zoomAbout(double factor, double sx, double sy) {
        transform.zoomAbout(transform.zoom() * factor, sx, sy);
        relayout();
    }

    public void setZoomAboutCentre(double z) {
        transform.zoomAbout(z, getWidth() / 2, getHeight() / 2);
        relayout();
    }

    /** Centres the view on an image point. */
    public void centreOn(double ix, double iy) {
        transform.centreOn(ix, iy, getWidth(), getHeight());
        relayout();
    }

    /** Pans just enough to show image box b with a margin, only when it is not in view already; the zoom stays. */
    public void reveal(org.hemareview.geometry.Box b) {
        if (hasImage() && getWidth() > 0 && transform.reveal(b.x(), b.y(), b.width(), b.height(), getWidth(), getHeight(), 40)) {
            relayout();
        }
    }

    public void panBy(double dx, double dy) {
        transform.panBy(dx, dy);
        relayout();
    }

    /** Screen (viewer-local) coordinates of image point (ix, iy). */
    public double[] toScreen(double ix, double iy) {
        return new double[] {transform.toScreenX(ix), transform.toScreenY(iy)};
    }

    /** Image coordinates of the view's centre. */
    public double[] centre() {
        return new double[] {transform.toImageX(getWidth() / 2), transform.toImageY(getHeight() / 2)};
    }

    @Override
    protected void layoutChildren() {
        // the hint wraps within the view rather than running past its clipped edges
        double w = Math.max(40, Math.min(placeholder.prefWidth(-1), getWidth() - 40));
        placeholder.resize(w, placeholder.prefHeight(w));
        placeholder.relocate((getWidth() - placeholder.getWidth()) / 2, (getHeight() - placeholder.getHeight()) / 2);
        if (fitPending) {
            fit();
        }
    }

    private void relayout() {
        ImagePyramid p = pyramid.get();
        zoom.set(transform.zoom());
        if (p == null || getWidth() <= 0 || getHeight() <= 0) {
            view.setImage(null);
            return;
        }
        double z = transform.zoom();
        double x0 = Math.max(0, transform.toImageX(0));
        double y0 = Math.max(0, transform.toImageY(0));
        double x1 = Math.min(p.width(), transform.toImageX(getWidth()));
        double y1 = Math.min(p.height(), transform.toImageY(getHeight()));
        if (x1 <= x0 || y1 <= y0) {
            view.setVisible(false);
        } else {
            int level = p.levelFor(z);
            double s = p.scaleOf(level);
            view.setImage(p.level(level));
            view.setViewport(new Rectangle2D(x0 / s, y0 / s, (x1 - x0) / s, (y1 - y0) / s));
            view.setFitWidth((x1 - x0) * z);
            view.setFitHeight((y1 - y0) * z);
            view.setLayoutX(transform.toScreenX(x0));
            view.setLayoutY(transform.toScreenY(y0));
            view.setSmooth(z < 4); // past 400 % show the pixels themselves
            view.setVisible(true);
        }
        overlayScale.setX(z);
        overlayScale.setY(z);
        overlayShift.setX(-transform.originX());
        overlayShift.setY(-transform.originY());
    }

    private void onScroll(ScrollEvent e) {
        if (!hasImage() || e.getDeltaY() == 0) {
            return;
        }
        zoomAbout(e.getDeltaY() > 0 ? WHEEL_STEP : 1 / WHEEL_STEP, e.getX(), e.getY());
        e.consume();
    }

    /** While on, a primary-button drag draws a box (image coordinates) instead of panning. */
    public javafx.beans.property.BooleanProperty drawModeProperty() {
        return drawMode;
    }

    void setOnBoxDrawing(java.util.function.Consumer<Rectangle2D> progress, java.util.function.Consumer<Rectangle2D> done) {
        this.onBoxDrawing = progress;
        this.onBoxDrawn = done;
    }

    private Rectangle2D box(MouseEvent e) {
        double x = clampTo(transform.toImageX(e.getX()), imageWidth());
        double y = clampTo(transform.toImageY(e.getY()), imageHeight());
        return new Rectangle2D(Math.min(x, boxX), Math.min(y, boxY), Math.abs(x - boxX), Math.abs(y - boxY));
    }

    private static double clampTo(double v, double max) {
        return Math.max(0, Math.min(max, v));
    }

    private void onPressed(MouseEvent e) {
        requestFocus();
        dragX = e.getX();
        dragY = e.getY();
        boxX = clampTo(transform.toImageX(e.getX()), imageWidth());
        boxY = clampTo(transform.toImageY(e.getY()), imageHeight());
        if (drawMode.get() && hasImage() && e.getButton() == MouseButton.PRIMARY) {
            setOnMouseReleased(r -> {
                setOnMouseReleased(null);
                Rectangle2D b = box(r);
                if (b.getWidth() >= 4 && b.getHeight() >= 4) {
                    onBoxDrawn.accept(b);
                } else {
                    onBoxDrawing.accept(null);
                }
            });
        }
    }

    private void onDragged(MouseEvent e) {
        if (drawMode.get() && e.getButton() == MouseButton.PRIMARY) {
            if (hasImage()) {
                onBoxDrawing.accept(box(e));
            }
        } else if (e.getButton() == MouseButton.PRIMARY || e.getButton() == MouseButton.MIDDLE) {
            panBy(dragX - e.getX(), dragY - e.getY());
            dragX = e.getX();
            dragY = e.getY();
        }
        onMoved(e);
    }

    private void onMoved(MouseEvent e) {
        if (!hasImage()) {
            return;
        }
        double ix = transform.toImageX(e.getX());
        double iy = transform.toImageY(e.getY());
        boolean inside = ix >= 0 && iy >= 0 && ix < imageWidth() && iy < imageHeight();
        cursorX.set(inside ? ix : Double.NaN);
        cursorY.set(inside ? iy : Double.NaN);
    }

    private void onKey(KeyEvent e) {
        if (!hasImage()) {
            return;
        }
        double step = Math.min(getWidth(), getHeight()) * (e.isShiftDown() ? 0.5 : 0.1);
        switch (e.getCode()) {
            case LEFT -> panBy(-step, 0);
            case RIGHT -> panBy(step, 0);
            case UP -> panBy(0, -step);
            case DOWN -> panBy(0, step);
            default -> {
                return;
            }
        }
        e.consume();
    }
}
