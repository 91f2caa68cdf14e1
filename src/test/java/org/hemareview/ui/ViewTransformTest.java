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
}
