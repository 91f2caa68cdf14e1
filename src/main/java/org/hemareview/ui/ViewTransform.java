package org.hemareview.ui;

/**
 * The viewer's mapping from image pixels to screen pixels: {@code screen = (image - origin) * zoom}.
 * Pure arithmetic, no JavaFX, so zoom-about-cursor and fitting are unit-tested directly.
 */
final class ViewTransform {
    static final double MIN_ZOOM = 0.05;
    static final double MAX_ZOOM = 8.0;

    private double zoom = 1;
    private double originX;
    private double originY;

    double zoom() {
        return zoom;
    }

    double originX() {
        return originX;
    }

    double originY() {
        return originY;
    }

    double toImageX(double screenX) {
        return originX + screenX / zoom;
    }

    double toImageY(double screenY) {
        return originY + screenY / zoom;
    }

    double toScreenX(double imageX) {
        return (imageX - originX) * zoom;
    }

    double toScreenY(double imageY) {
        return (imageY - originY) * zoom;
    }

    /** Zooms to {@code newZoom} (clamped to 5 %–800 %) keeping the image point under (sx, sy) in place. */
    void zoomAbout(double newZoom, double sx, double sy) {
        double z = clamp(newZoom);
        double ix = toImageX(sx);
        double iy = toImageY(sy);
        zoom = z;
        originX = ix - sx / z;
        originY = iy - sy / z;
    }

    /** The whole image in a view of vw x vh, centred. */
    void fit(double vw, double vh, double iw, double ih) {
        if (vw <= 0 || vh <= 0 || iw <= 0 || ih <= 0) {
            return;
        }
        zoom = clamp(Math.min(vw / iw, vh / ih));
        centreOn(iw / 2, ih / 2, vw, vh);
    }

    /** Puts image point (ix, iy) at the centre of a vw x vh view. */
    void centreOn(double ix, double iy, double vw, double vh) {
        originX = ix - vw / (2 * zoom);
        originY = iy - vh / (2 * zoom);
    }

    /** Moves the view by (dx, dy) screen pixels. */
    void panBy(double dx, double dy) {
        originX += dx / zoom;
        originY += dy / zoom;
    }

    private static double clamp(double z) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
    }
}
