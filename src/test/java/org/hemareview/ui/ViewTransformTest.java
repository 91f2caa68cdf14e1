package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ViewTransformTest {
    @Test
    void zoomKeepsThePointUnderTheCursorInPlace() {
        ViewTransform t = new ViewTransform();
        t.fit(1000, 800, 2560, 1920);
        double ix = t.toImageX(300);
        double iy = t.toImageY(200);
        t.zoomAbout(t.zoom() * 3, 300, 200);
        assertEquals(ix, t.toImageX(300), 1e-9);
        assertEquals(iy, t.toImageY(200), 1e-9);
    }

    @Test
    void zoomIsClampedBetweenFiveAndEightHundredPercent() {
        ViewTransform t = new ViewTransform();
        t.zoomAbout(100, 0, 0);
        assertEquals(8.0, t.zoom());
        t.zoomAbout(0.0001, 0, 0);
        assertEquals(0.05, t.zoom());
    }

    @Test
    void fitShowsTheWholeImageCentred() {
        ViewTransform t = new ViewTransform();
        t.fit(1000, 1000, 2560, 1920);
        assertEquals(1000 / 2560.0, t.zoom(), 1e-12);
        assertEquals(0, t.toScreenX(0), 1e-9);
        assertEquals(1000, t.toScreenX(2560), 1e-9);
        assertEquals(500, t.toScreenY(960), 1e-9);
    }

    @Test
    void panMovesByScreenPixels() {
        ViewTransform t = new ViewTransform();
        t.zoomAbout(2, 0, 0);
        double before = t.toImageX(0);
        t.panBy(100, 0);
        assertEquals(before + 50, t.toImageX(0), 1e-9);
    }

    @Test
    void revealLeavesAVisibleBoxAloneAndPansAHiddenOneJustIntoView() {
        ViewTransform t = new ViewTransform();
        t.fit(1000, 800, 2560, 1920);
        double ox = t.originX();
        double oy = t.originY();
        assertEquals(false, t.reveal(1200, 900, 120, 120, 1000, 800, 40), "a box inside the fitted view");
        assertEquals(false, t.reveal(2500, 1860, 60, 60, 1000, 800, 40), "a box in the corner, within the margin but visible");
        assertEquals(ox, t.originX(), 1e-12);
        assertEquals(oy, t.originY(), 1e-12);

        t.zoomAbout(1.0, 0, 0);
        t.centreOn(500, 400, 1000, 800); // 100 %, looking at the top-left corner
        double zoom = t.zoom();
        assertEquals(true, t.reveal(2000, 100, 100, 100, 1000, 800, 40));
        assertEquals(zoom, t.zoom(), 1e-12, "reveal never zooms");
        assertEquals(1000 - 40, t.toScreenX(2100), 1e-9, "panned just far enough: the box's right side at the margin");
        assertEquals(100, t.toScreenY(100), 1e-9, "no vertical pan when the box is in view vertically");
    }

    @Test
    void aBoxLargerThanTheViewIsCentred() {
        ViewTransform t = new ViewTransform();
        t.zoomAbout(4.0, 0, 0);
        t.reveal(1000, 1000, 400, 300, 800, 600, 40);
        assertEquals(400, t.toScreenX(1200), 1e-9);
        assertEquals(300, t.toScreenY(1150), 1e-9);
    }
}
