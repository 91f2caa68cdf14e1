package org.hemareview.segment;

/** A binary mask placed in image coordinates: {@code data[y * width + x] != 0} inside. */
public record CellMask(int x, int y, int width, int height, byte[] data) {
    public boolean contains(int ix, int iy) {
        int lx = ix - x;
        int ly = iy - y;
        return lx >= 0 && ly >= 0 && lx < width && ly < height && data[ly * width + lx] != 0;
    }

    public int count() {
        int n = 0;
        for (byte b : data) {
            if (b != 0) {
                n++;
            }
        }
        return n;
    }
}
