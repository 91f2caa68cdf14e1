package org.hemareview.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hemareview.TestFiles;
import org.hemareview.model.DefaultModel;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** A model replaced by a promotion is freed when the last piece of work holding it ends, not on a timer. */
class ClassifierHoldTest {
    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    private static CellClassifier bundled() throws Exception {
        Path dir = DefaultModel.folder().orElseThrow(() -> new IllegalStateException("models/resnext-cc-slim is part of the repository"));
        return CellClassifier.load(dir, ComputeDevice.detect());
    }

    private static byte[] aCrop() throws Exception {
        try (var files = Files.walk(TestFiles.samples().resolve("pbc-cells"))) {
            return Files.readAllBytes(files.filter(p -> p.toString().endsWith(".jpg")).findFirst().orElseThrow());
        }
    }

    @Test
    void aRetiredModelServesTheWorkThatHoldsItAndIsFreedWhenThatEnds() throws Exception {
        CellClassifier c = bundled();
        CellClassifier.Hold first = c.hold();
        CellClassifier.Hold second = c.hold();
        c.retire();
        assertTrue(c.isOpen(), "held: not freed yet");
        Mat crop = Imgcodecs.imdecode(new MatOfByte(aCrop()), Imgcodecs.IMREAD_COLOR);
        try {
            assertEquals(c.manifest().classes().size(), c.classify(List.of(crop)).get(0).probabilities().length, "a held, retired model still classifies");
        } finally {
            crop.release();
        }
        assertThrows(IllegalStateException.class, c::hold, "no new work on a retired model");
        first.close();
        first.close(); // released once only
        assertTrue(c.isOpen(), "one hold left");
        second.close();
        assertFalse(c.isOpen(), "the last release frees it");
    }

    @Test
    void aRetiredModelThatNothingHoldsIsFreedAtOnce() throws Exception {
        CellClassifier c = bundled();
        c.hold().close();
        c.retire();
        assertFalse(c.isOpen());
    }
}
