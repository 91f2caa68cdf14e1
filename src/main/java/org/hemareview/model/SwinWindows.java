package org.hemareview.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The index arithmetic of Swin Transformer windows, kept apart so it can be checked by hand:
 * partitioning a (B, H, W, C) map into windows and back, the cyclic shift, the relative
 * position index into the bias table, and the attention mask that the shift needs.
 */
public final class SwinWindows {
    /** Added to the attention logits of token pairs from different regions: softmax makes them ~0. */
    public static final float MASKED = -100f;

    private SwinWindows() {
    }

    /**
     * For a window of side {@code w}: entry [i][j] indexes the bias table row of the offset from
     * token j to token i, (dy + w - 1) * (2w - 1) + (dx + w - 1), tokens numbered row by row.
     */
    public static int[][] relativePositionIndex(int w) {
        int n = w * w;
        int[][] index = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int dy = i / w - j / w;
                int dx = i % w - j % w;
                index[i][j] = (dy + w - 1) * (2 * w - 1) + (dx + w - 1);
            }
        }
        return index;
    }

    /**
     * The mask of shifted-window attention for an {@code h} x {@code wd} map rolled by {@code shift}:
     * [window][i][j] is 0 when tokens i and j of that window came from the same region of the
     * unshifted map, {@link #MASKED} otherwise (after the roll, a window at the border joins pieces
     * from opposite edges of the map that must not attend to each other).
     */
    public static float[][][] shiftedWindowMask(int h, int wd, int window, int shift) {
        int[][] region = new int[h][wd];
        int[] hs = {0, h - window, h - shift, h};
        int[] ws = {0, wd - window, wd - shift, wd};
        int id = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                for (int y = hs[a]; y < hs[a + 1]; y++) {
                    for (int x = ws[b]; x < ws[b + 1]; x++) {
                        region[y][x] = id;
                    }
                }
                id++;
            }
        }
        int nh = h / window;
        int nw = wd / window;
        int n = window * window;
        float[][][] mask = new float[nh * nw][n][n];
        for (int wy = 0; wy < nh; wy++) {
            for (int wx = 0; wx < nw; wx++) {
                float[][] m = mask[wy * nw + wx];
                for (int i = 0; i < n; i++) {
                    int ri = region[wy * window + i / window][wx * window + i % window];
                    for (int j = 0; j < n; j++) {
                        int rj = region[wy * window + j / window][wx * window + j % window];
                        m[i][j] = ri == rj ? 0f : MASKED;
                    }
                }
            }
        }
        return mask;
    }

    /** (B, H, W, C) -> (B * H/w * W/w, w * w, C), windows in row-major order per image. */
    public static NDArray partition(NDArray x, int w) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long wd = s.get(2);
        long c = s.get(3);
        return x.reshape(b, h / w, w, wd / w, w, c).transpose(0, 1, 3, 2, 4, 5).reshape(b * (h / w) * (wd / w), (long) w * w, c);
    }

    /** The inverse of {@link #partition}. */
    public static NDArray reverse(NDArray windows, int w, long b, long h, long wd) {
        long c = windows.getShape().get(2);
        return windows.reshape(b, h / w, wd / w, w, w, c).transpose(0, 1, 3, 2, 4, 5).reshape(b, h, wd, c);
    }

    /** Cyclic shift of a (B, H, W, C) map by {@code -shift} on both spatial axes (torch.roll(x, (-s, -s), (1, 2))). */
    public static NDArray roll(NDArray x, int shift) {
        if (shift == 0) {
            return x;
        }
        long h = x.getShape().get(1);
        long w = x.getShape().get(2);
        long sh = Math.floorMod(shift, h);
        long sw = Math.floorMod(shift, w);
        NDArray rows = NDArrays.concat(new NDList(x.get(":, " + sh + ":, :, :"), x.get(":, :" + sh + ", :, :")), 1);
        return NDArrays.concat(new NDList(rows.get(":, :, " + sw + ":, :"), rows.get(":, :, :" + sw + ", :")), 2);
    }

    /** {@link #shiftedWindowMask} flattened to (nW * N * N), the layout of an (nW, N, N) array. */
    static float[] flatMask(int h, int wd, int window, int shift) {
        float[][][] m = shiftedWindowMask(h, wd, window, shift);
        int n = window * window;
        float[] flat = new float[m.length * n * n];
        for (int k = 0; k < m.length; k++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(m[k][i], 0, flat, (k * n + i) * n, n);
            }
        }
        return flat;
    }

    /** {@link #relativePositionIndex} flattened row by row. */
    static long[] flatIndex(int w) {
        int[][] idx = relativePositionIndex(w);
        long[] out = new long[idx.length * idx.length];
        for (int i = 0; i < idx.length; i++) {
            for (int j = 0; j < idx.length; j++) {
                out[i * idx.length + j] = idx[i][j];
            }
        }
        return out;
    }
}
