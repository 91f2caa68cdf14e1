package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** A smear's crops cut side by side are the crops cut one by one, in the cells' order; a cell that cannot be cut fails the lot. */
class CropAllTest {
    @Test
    void cropsCutTogetherAreTheCropsCutOneByOneInOrder() {
        OpenCv.load();
        Mat smear = Imgcodecs.imread(Path.of("sample-data", "composed", "composed-002.jpg").toString());
        CropCutter cutter = new CropCutter(SegmentationSettings.defaults());
        List<SegmentedCell> cells = new SmearSegmenter().segment(smear, Optional.of(Scale.given(0.05))).cells();
        assertTrue(cells.size() >= 10, "cells: " + cells.size());
        List<Crop> together = cutter.cropAll(smear, cells, 0.05);
        List<Crop> one = new ArrayList<>();
        try {
            for (SegmentedCell c : cells) {
                one.add(cutter.crop(smear, c, 0.05, cells));
            }
            assertEquals(cells.size(), together.size());
            for (int i = 0; i < cells.size(); i++) {
                Mat d = new Mat();
                Core.absdiff(one.get(i).pixels(), together.get(i).pixels(), d);
                assertEquals(0, Core.countNonZero(d.reshape(1)), "crop " + i);
                d.release();
            }
        } finally {
            together.forEach(Crop::close);
            one.forEach(Crop::close);
            smear.release();
        }
    }

    @Test
    void aCellOutsideTheSmearFailsTheLotWithItsOwnMessage() {
        OpenCv.load();
        Mat smear = Imgcodecs.imread(Path.of("sample-data", "composed", "composed-002.jpg").toString());
        try {
            List<SegmentedCell> cells = new ArrayList<>(new SmearSegmenter().segment(smear, Optional.of(Scale.given(0.05))).cells());
            SegmentedCell first = cells.get(0);
            cells.add(new SegmentedCell(999, first.polygon(), new org.hemareview.geometry.Box(90000, 90000, 10, 10), first.area(),
                    new double[] {90005, 90005}, false, first.nucleus()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CropCutter(SegmentationSettings.defaults()).cropAll(smear, cells, 0.05));
            assertTrue(e.getMessage().contains("outside"), e.getMessage());
        } finally {
            smear.release();
        }
    }
}
