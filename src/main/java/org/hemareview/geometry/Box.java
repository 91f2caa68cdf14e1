package org.hemareview.geometry;

/**
 * An axis-aligned box in image pixels: a cell's bounds on its smear. Shared by every package (it
 * depends on nothing); files and formats that store a box as {@code [x, y, w, h]} convert with
 * {@link #toArray()} and {@link #of(int[])}.
 */
public record Box(int x, int y, int width, int height) {
    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("a box has no negative side: " + width + "x" + height);
        }
    }

    /** From {@code [x, y, w, h]}. */
    public static Box of(int[] xywh) {
        if (xywh.length != 4) {
            throw new IllegalArgumentException("a box is [x, y, w, h], not " + xywh.length + " numbers");
        }
        return new Box(xywh[0], xywh[1], xywh[2], xywh[3]);
    }

    public int[] toArray() {
        return new int[] {x, y, width, height};
    }

    public double centreX() {
        return x + width / 2.0;
    }

    public double centreY() {
        return y + height / 2.0;
    }

    /** The part inside a {@code w} x {@code h} image, at least one pixel wide and high. */
    public Box clippedTo(int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        return new Box(x0, y0, Math.max(1, Math.min(w, x + width) - x0), Math.max(1, Math.min(h, y + height) - y0));
    }

    /** Whether this box and the rectangle at (rx, ry), rw x rh, share a pixel. */
    public boolean intersects(int rx, int ry, int rw, int rh) {
        return x < rx + rw && rx < x + width && y < ry + rh && ry < y + height;
    }

    /** Whether it touches the border of a {@code w} x {@code h} image. */
    public boolean touchesBorder(int w, int h) {
        return x == 0 || y == 0 || x + width >= w || y + height >= h;
    }

    @Override
    public String toString() {
        return "[" + x + ", " + y + ", " + width + ", " + height + "]";
    }
}
