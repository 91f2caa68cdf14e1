package org.hemareview.dataset;

import org.opencv.core.Mat;

/**
 * A white cell cut out of a single-cell crop: its pixels and a soft alpha mask (CV_32F, 0..1),
 * ready to be placed on a composed smear.
 */
record CellSprite(Mat bgr, Mat alpha, String label, String source) implements AutoCloseable {
    int width() {
        return bgr.cols();
    }

    int height() {
        return bgr.rows();
    }

    @Override
    public void close() {
        bgr.release();
        alpha.release();
    }
}
