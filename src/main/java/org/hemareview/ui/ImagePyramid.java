package org.hemareview.ui;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.hemareview.image.BgraPixels;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A smear at full resolution plus area-averaged halvings down to ~640 px. Built off the JavaFX
 * thread; the viewer draws from the level nearest above the zoom, so a fitted 2560x1920 smear
 * is shown without aliasing and no full-size resampling happens while drawing.
 */
final class ImagePyramid {
    private final List<WritableImage> levels;
    private final int width;
    private final int height;

    private ImagePyramid(List<WritableImage> levels, int width, int height) {
        this.levels = levels;
        this.width = width;
        this.height = height;
    }

    /** Builds the pyramid; call from a background thread (takes ~30 ms for 2560x1920). */
    static ImagePyramid of(Mat bgr) {
        List<WritableImage> levels = new ArrayList<>();
        levels.add(toImage(bgr));
        Mat current = bgr;
        while (Math.max(current.cols(), current.rows()) > 800) {
            Mat half = new Mat();
            Imgproc.resize(current, half, new Size(Math.max(1, current.cols() / 2), Math.max(1, current.rows() / 2)), 0, 0, Imgproc.INTER_AREA);
            if (current != bgr) {
                current.release();
            }
            levels.add(toImage(half));
            current = half;
        }
        if (current != bgr) {
            current.release();
        }
        return new ImagePyramid(List.copyOf(levels), bgr.cols(), bgr.rows());
    }

    static WritableImage toImage(Mat bgr) {
        BgraPixels px = BgraPixels.of(bgr);
        WritableImage img = new WritableImage(px.width(), px.height());
        img.getPixelWriter().setPixels(0, 0, px.width(), px.height(), PixelFormat.getByteBgraPreInstance(),
                ByteBuffer.wrap(px.data()), px.width() * 4);
        return img;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int levelCount() {
        return levels.size();
    }

    /** The coarsest level whose resolution still meets the zoom (downsample factor <= 1/zoom). */
    int levelFor(double zoom) {
        int level = 0;
        while (level + 1 < levels.size() && Math.pow(2, level + 1) <= 1.0 / zoom + 1e-9) {
            level++;
        }
        return level;
    }

    WritableImage level(int i) {
        return levels.get(i);
    }

    /** Image pixels per pixel of level i (exact, since halvings round down). */
    double scaleOf(int i) {
        return width / levels.get(i).getWidth();
    }
}
