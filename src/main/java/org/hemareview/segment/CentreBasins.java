package org.hemareview.segment;

import java.util.List;
import org.opencv.core.Rect;

/**
 * Each cell's basin of the centre map: flooding the map down from every cell centre, a basin
 * ends where the map falls to the cell's border or meets the next cell's basin in the valley
 * between them. A basin is <em>sharp</em> when the map has there the shape it learned to draw for a
 * cell — high inside, falling steeply to the border, so little of the basin lies in its low skirt;
 * then the basin is the cell (its extent, and the nucleus stain inside it is its nucleus). On
 * smears unlike its training ones the map smears out over the neighbouring red cells (BCCD's soft
 * fields: skirts of 1.3-2.8 times the core where the basin was wrong, 0.4-0.8 on composed smears),
 * and such a basin only bounds the cell towards its neighbours.
 */
final class CentreBasins {
    private final int[] labels;
    private final int width;
    private final int height;
    private final Rect[] boxes;
    private final boolean[] sharp;

    private CentreBasins(int[] labels, int width, int height, Rect[] boxes, boolean[] sharp) {
        this.labels = labels;
        this.width = width;
        this.height = height;
        this.boxes = boxes;
        this.sharp = sharp;
    }

    /**
     * @param map       the centre map, {@code stride} wide, valid over {@code w x h}
     * @param centres   the cell centres (distinct peaks), seeds of the basins in this order
     * @param floor     a basin ends where the map falls below this
     * @param coreLevel the basin's core is where the map reaches this; below it lies the skirt
     * @param maxSkirt  sharp: the skirt is at most this many times the core's area
     */
    static CentreBasins flood(float[] map, int stride, int w, int h, List<CentreSplit.Peak> centres, double floor, double coreLevel,
                              double maxSkirt) {
        int[] labels = new int[w * h];
        for (int k = 0; k < centres.size(); k++) {
            CentreSplit.Peak p = centres.get(k);
            labels[clamp((int) Math.round(p.mapY()), h) * w + clamp((int) Math.round(p.mapX()), w)] = k + 1;
        }
        grow(map, stride, w, h, labels, floor);
        int n = centres.size();
        int[] core = new int[n];
        int[] skirt = new int[n];
        int[][] b = new int[n][];
        for (int i = 0; i < labels.length; i++) {
            int k = labels[i] - 1;
            if (k < 0) {
                continue;
            }
            int x = i % w;
            int y = i / w;
            if (map[y * stride + x] >= coreLevel) {
                core[k]++;
            } else {
                skirt[k]++;
            }
            if (b[k] == null) {
                b[k] = new int[] {x, y, x, y};
            }
            b[k][0] = Math.min(b[k][0], x);
            b[k][1] = Math.min(b[k][1], y);
            b[k][2] = Math.max(b[k][2], x);
            b[k][3] = Math.max(b[k][3], y);
        }
        Rect[] boxes = new Rect[n];
        boolean[] sharp = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (b[k] != null) {
                boxes[k] = new Rect(b[k][0], b[k][1], b[k][2] - b[k][0] + 1, b[k][3] - b[k][1] + 1);
                sharp[k] = core[k] > 0 && skirt[k] <= maxSkirt * core[k];
            }
        }
        return new CentreBasins(labels, w, h, boxes, sharp);
    }

    /**
     * Each cell's basin of the map: flooding down from the seeds (labels > 0 in {@code labels},
     * {@code w x h}), the highest unclaimed pixel next to a basin joins it, until the map falls below
     * {@code floor}. Two touching cells meet in the valley between them. A flood by value, not
     * OpenCV's watershed, which floods the colour gradient and lets the background take a cell's rim.
     *
     * @param map    the centre map, {@code stride} wide
     * @param labels seeds in, basins out (0: background)
     */
    private static void grow(float[] map, int stride, int w, int h, int[] labels, double floor) {
        // a bucket queue over 1024 levels: exact enough for a map in [0, 1], linear in the pixels
        final int levels = 1024;
        int[][] buckets = new int[levels][];
        int[] sizes = new int[levels];
        int top = -1;
        for (int i = 0; i < w * h; i++) {
            if (labels[i] > 0) {
                int b = level(map[(i / w) * stride + i % w], levels);
                push(buckets, sizes, b, i);
                top = Math.max(top, b);
            }
        }
        while (top >= 0) {
            if (sizes[top] == 0) {
                top--;
                continue;
            }
            int i = buckets[top][--sizes[top]];
            int x = i % w;
            int y = i / w;
            for (int k = 0; k < 4; k++) {
                int nx = x + (k == 0 ? 1 : k == 1 ? -1 : 0);
                int ny = y + (k == 2 ? 1 : k == 3 ? -1 : 0);
                if (nx < 0 || ny < 0 || nx >= w || ny >= h || labels[ny * w + nx] != 0) {
                    continue;
                }
                float v = map[ny * stride + nx];
                if (v < floor) {
                    continue;
                }
                labels[ny * w + nx] = labels[i];
                // a pixel higher than the current level (a second rise inside the basin) is taken at this level
                push(buckets, sizes, Math.min(top, level(v, levels)), ny * w + nx);
            }
        }
    }

    private static int level(float v, int levels) {
        return Math.max(0, Math.min(levels - 1, (int) (v * (levels - 1))));
    }

    private static void push(int[][] buckets, int[] sizes, int b, int i) {
        if (buckets[b] == null) {
            buckets[b] = new int[64];
        } else if (sizes[b] == buckets[b].length) {
            buckets[b] = java.util.Arrays.copyOf(buckets[b], sizes[b] * 2);
        }
        buckets[b][sizes[b]++] = i;
    }

    /** The centre whose basin holds map pixel (x, y), or -1 for none (background). */
    int at(int x, int y) {
        return labels[clamp(y, height) * width + clamp(x, width)] - 1;
    }

    boolean sharp(int centre) {
        return sharp[centre];
    }

    /** The basin's bounding box in map pixels (null when the centre lay below the floor). */
    Rect box(int centre) {
        return boxes[centre];
    }

    /** One sharp basin as a cell, in full-resolution pixels ({@code perMapX} full pixels per map pixel). */
    record Cell(CentreBasins basins, int centre, Rect box, double perMapX, double perMapY) {
        boolean holds(double x, double y) {
            return basins.at((int) Math.floor(x / perMapX), (int) Math.floor(y / perMapY)) == centre;
        }
    }

    Cell cell(int centre, double perMapX, double perMapY) {
        return new Cell(this, centre, scaled(boxes[centre], perMapX, perMapY), perMapX, perMapY);
    }

    /** A box of map pixels in image pixels, covering every image pixel of its map pixels. */
    static Rect scaled(Rect r, double perMapX, double perMapY) {
        int x0 = (int) Math.floor(r.x * perMapX);
        int y0 = (int) Math.floor(r.y * perMapY);
        return new Rect(x0, y0, (int) Math.ceil((r.x + r.width) * perMapX) - x0, (int) Math.ceil((r.y + r.height) * perMapY) - y0);
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}
