package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hemareview.image.OpenCv;
import org.hemareview.model.CentreModel;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The segmenter computes the centre map on the model's own thread while it works on the nuclei:
 * the cells are the same as with the map computed first on the caller's thread, and a failure of
 * the model reaches the caller as itself.
 */
class CentreMapBesideNucleiTest {
    private static final Path SMEAR = Path.of("sample-data", "composed", "composed-001.jpg");

    @Test
    void theCellsAreTheSameWhereverTheMapIsComputedAndItRunsOnTheModelsExecutor() throws Exception {
        OpenCv.load();
        Mat smear = Imgcodecs.imread(SMEAR.toString());
        ExecutorService own = Executors.newSingleThreadExecutor(r -> new Thread(r, "centre-test"));
        try (CentreModel model = CentreModel.load(Path.of("models", CentreModel.DEFAULT_NAME))) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            CellCentreModel beside = new CellCentreModel() {
                @Override
                public float[] predict(float[] rgb, int height, int width) {
                    threads.add(Thread.currentThread().getName());
                    return model.predict(rgb, height, width);
                }

                @Override
                public java.util.concurrent.Executor executor() {
                    return own;
                }
            };
            CellCentreModel inline = new CellCentreModel() {
                @Override
                public float[] predict(float[] rgb, int height, int width) {
                    return model.predict(rgb, height, width);
                }

                @Override
                public java.util.concurrent.Executor executor() {
                    return Runnable::run; // the caller's thread, before the nuclei
                }
            };
            Optional<Scale> scale = Optional.of(Scale.given(0.05));
            List<SegmentedCell> a = new SmearSegmenter(SegmentationSettings.defaults(), beside).segment(smear, scale).cells();
            List<SegmentedCell> b = new SmearSegmenter(SegmentationSettings.defaults(), inline).segment(smear, scale).cells();
            assertEquals(Set.of("centre-test"), threads, "the map ran on the model's executor");
            assertTrue(a.size() >= 10, "cells found: " + a.size());
            assertEquals(b.size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(b.get(i).box(), a.get(i).box(), "cell " + i);
                assertEquals(b.get(i).polygon().size(), a.get(i).polygon().size(), "cell " + i);
            }
        } finally {
            own.shutdown();
            smear.release();
        }
    }

    @Test
    void aModelThatFailsFailsTheSegmentationWithItsOwnError() {
        OpenCv.load();
        Mat smear = Imgcodecs.imread(SMEAR.toString());
        IllegalStateException broken = new IllegalStateException("the centre network's weights are not loaded");
        try {
            SmearSegmenter segmenter = new SmearSegmenter(SegmentationSettings.defaults(), (rgb, h, w) -> {
                throw broken;
            });
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> segmenter.segment(smear, Optional.of(Scale.given(0.05))));
            assertSame(broken, thrown);
        } finally {
            smear.release();
        }
    }
}
