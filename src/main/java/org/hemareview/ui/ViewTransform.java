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

    /**
     * Brings the image box (x, y, w, h) into a vw x vh view with {@code margin} screen pixels
     * around it, panning as little as possible and never zooming; a box wholly in view (however
     * close to the edge) leaves the view where it is. A box larger than the view is centred. Returns whether the view moved.
     */
    boolean reveal(double x, double y, double w, double h, double vw, double vh, double margin) {
        double x0 = toScreenX(x);
        double x1 = toScreenX(x + w);
        double y0 = toScreenY(y);
        double y1 = toScreenY(y + h);
        if (x0 >= 0 && y0 >= 0 && x1 <= vw && y1 <= vh) {
            return false; // wholly visible, even if close to the edge
        }
        double dx = shift(x0, x1, vw, margin);
        double dy = shift(y0, y1, vh, margin);
        if (dx == 0 && dy == 0) {
            return false;
        }
        panBy(dx, dy);
        return true;
    }

    /** Screen pixels to pan along one axis so that [lo, hi] lies within [margin, size - margin]. */
    private static double shift(double lo, double hi, double size, double margin) {
        double m = Math.min(margin, Math.max(0, (size - (hi - lo)) / 2));
        if (hi - lo > size - 2 * m) {
            return (lo + hi) / 2 - size / 2; // larger than the view: centre it
        }
        if (lo < m) {
            return lo - m;
        }
        if (hi > size - m) {
            return hi - (size - m);
        }
        return 0;
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
