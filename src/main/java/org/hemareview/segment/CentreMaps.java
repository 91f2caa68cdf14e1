package org.hemareview.segment;

import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The cell-centre model's input and training target, both at {@value #UM_PER_PX} µm/px and padded
 * to multiples of 8 (three poolings). Training and the segmenter build the input the same way:
 * from the segmenter's preprocessed working image.
 */
public final class CentreMaps {
    /** Resolution of the centre map: a white cell is ~20-30 px across. */
    public static final double UM_PER_PX = 0.45;

    private CentreMaps() {
    }

    /** Size of the map for a working image of {@code workW x workH} at {@code workUmPerPx}. */
    public static Size mapSize(int workW, int workH, double workUmPerPx) {
        double k = workUmPerPx / UM_PER_PX;
        return new Size(Math.max(1, Math.round(workW * k)), Math.max(1, Math.round(workH * k)));
    }

    static int padded(double v) {
        return ((int) v + 7) / 8 * 8;
    }

    /**
     * The network input: the preprocessed working image reduced to the map resolution, RGB, centred
     * on 0, zero-padded right and bottom to multiples of 8. {@code dims} receives {height, width}.
     */
    public static float[] input(Mat workBgr, double workUmPerPx, int[] dims) {
        Size s = mapSize(workBgr.cols(), workBgr.rows(), workUmPerPx);
        Mat small = new Mat();
        try {
            Imgproc.resize(workBgr, small, s, 0, 0, Imgproc.INTER_AREA);
            int w = small.cols();
            int h = small.rows();
            int pw = padded(w);
            int ph = padded(h);
            byte[] px = new byte[w * h * 3];
            small.get(0, 0, px);
            float[] out = new float[3 * pw * ph];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        // BGR in, RGB out
                        out[c * pw * ph + y * pw + x] = (px[i + 2 - c] & 0xff) / 255f - 0.5f;
                    }
                }
            }
            dims[0] = ph;
            dims[1] = pw;
            return out;
        } finally {
            small.release();
        }
    }

    /**
     * Map tiles: cores of this many map pixels (and the margin around them) keep memory flat on huge smears
     * (a 592-px tile's activations: ~25 MB a layer). A 2560x1920 smear's map (288x216) is one piece.
     */
    static final int TILE = 512;
    /** Beyond the network's reach (~35 px each way); a multiple of 8 so tiles keep the pooling grid. */
    static final int TILE_MARGIN = 40;

    /**
     * Runs the model over a padded input ({@code h x w}, multiples of 8) in overlapping tiles when it
     * is large, so that a 10000x10000 smear never needs the whole map's activations at once; each
     * tile's margin covers the network's reach, so the map is the same as in one piece up to the
     * zero padding at tile borders, which lies in the discarded margins.
     */
    public static float[] predict(CellCentreModel model, float[] input, int h, int w) {
        return predict(model, input, h, w, TILE, TILE_MARGIN);
    }

    static float[] predict(CellCentreModel model, float[] input, int h, int w, int tile, int margin) {
        if (h <= tile + 2 * margin && w <= tile + 2 * margin) {
            return model.predict(input, h, w);
        }
        float[] out = new float[h * w];
        for (int ty = 0; ty < h; ty += tile) {
            for (int tx = 0; tx < w; tx += tile) {
                int y0 = Math.max(0, ty - margin);
                int x0 = Math.max(0, tx - margin);
                int y1 = Math.min(h, ty + tile + margin);
                int x1 = Math.min(w, tx + tile + margin);
                int th = y1 - y0;
                int tw = x1 - x0;
                float[] in = new float[3 * th * tw];
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < th; y++) {
                        System.arraycopy(input, c * h * w + (y0 + y) * w + x0, in, c * th * tw + y * tw, tw);
                    }
                }
                float[] m = model.predict(in, th, tw);
                int cy1 = Math.min(h, ty + tile);
                int cx1 = Math.min(w, tx + tile);
                for (int y = ty; y < cy1; y++) {
                    System.arraycopy(m, (y - y0) * tw + (tx - x0), out, y * w + tx, cx1 - tx);
                }
            }
        }
        return out;
    }

    /**
     * The training target for cells given as polygons in image pixels: inside each cell its
     * distance to the cell's own border, scaled to 1 at the deepest point; 0 elsewhere. Touching
     * cells keep a valley between them because each is measured against its own outline.
     */
    public static float[] target(List<List<int[]>> polygons, double imageUmPerPx, int height, int width) {
        float[] out = new float[height * width];
        double k = imageUmPerPx / UM_PER_PX;
        for (List<int[]> polygon : polygons) {
            Point[] pts = polygon.stream().map(p -> new Point(p[0] * k, p[1] * k)).toArray(Point[]::new);
            MatOfPoint poly = new MatOfPoint(pts);
            Rect b = Imgproc.boundingRect(poly);
            int x0 = Math.max(0, b.x - 1);
            int y0 = Math.max(0, b.y - 1);
            int x1 = Math.min(width, b.x + b.width + 1);
            int y1 = Math.min(height, b.y + b.height + 1);
            if (x1 <= x0 || y1 <= y0) {
                poly.release();
                continue;
            }
            Mat mask = Mat.zeros(y1 - y0, x1 - x0, CvType.CV_8UC1);
            Mat dt = new Mat();
            try {
                for (Point p : pts) {
                    p.x -= x0;
                    p.y -= y0;
                }
                MatOfPoint local = new MatOfPoint(pts);
                Imgproc.fillPoly(mask, List.of(local), new Scalar(255));
                local.release();
                Imgproc.distanceTransform(mask, dt, Imgproc.DIST_L2, 5);
                double max = Core.minMaxLoc(dt).maxVal;
                if (max <= 0) {
                    continue;
                }
                float[] d = new float[(int) dt.total()];
                dt.get(0, 0, d);
                int w = x1 - x0;
                for (int i = 0; i < d.length; i++) {
                    int o = (y0 + i / w) * width + x0 + i % w;
                    out[o] = Math.max(out[o], (float) (d[i] / max));
                }
            } finally {
                poly.release();
                mask.release();
                dt.release();
            }
        }
        return out;
    }
}
