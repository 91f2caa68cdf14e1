package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.hemareview.classify.TinyModels;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.train.CropDataset;
import org.hemareview.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A model with PBC's eight classes plus blast and smudge, promoted in the real window: its manifest's
 * ten classes are the count panel's rows with keys 1-9 and 0, "0" assigns the tenth class, and a
 * reviewed blast raises the smear's blast flag.
 */
class TenClassReviewTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    void configure(AppPreferences p) {
        p.setAnalyseOnOpen(true);
        p.setTargetCount(100);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    /** PBC's sample crops in their eight folders, and two more classes drawn from them (their pictures do not matter here). */
    private static Path tenClassCrops() throws Exception {
        Path root = dir.resolve("ten-classes-" + System.nanoTime());
        Path pbc = TestFiles.samples().resolve("pbc-cells");
        try (var classes = Files.list(pbc)) {
            for (Path c : classes.filter(Files::isDirectory).toList()) {
                copyAll(c, root.resolve(c.getFileName().toString()));
            }
        }
        copyAll(pbc.resolve("lymphocyte"), root.resolve("blast"));
        copyAll(pbc.resolve("neutrophil"), root.resolve("smudge"));
        return root;
    }

    private static void copyAll(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private void waitSaved() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.review().idle());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void tenClassesDriveKeysCountsAndTheBlastFlag(FxRobot robot) throws Exception {
        CropDataset crops = CropDataset.load(tenClassCrops(), null, TinyModels.spec().inputSize());
        assertEquals(10, crops.classes().size());
        Path model = dir.resolve("ten-" + System.nanoTime());
        TinyModels.write(model, crops, TinyModels.train(crops, 1, false, new TrainingListener() { }));

        robot.interact(() -> window.models().loadModel());
        waitIdle();
        ModelRegistry registry = window.session().models.get().registry().orElseThrow();
        ModelRegistry.Entry added = registry.register(model, ModelRegistry.Source.IMPORTED, "dr-test");
        registry.promote(added.id(), "dr-test");
        window.models().offerReclassify = false;
        robot.interact(() -> window.models().activeModelChanged(added));
        waitIdle();
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(1))));
        waitIdle();
        waitSaved();
        List<String> classes = window.classifierProperty().get().manifest().classes();
        assertEquals(List.of("basophil", "blast", "eosinophil", "erythroblast", "ig", "lymphocyte", "monocyte", "neutrophil", "platelet", "smudge"),
                classes, "the window classifies with the ten-class version");
        assertEquals(window.cells().size(), window.predictions().size(), "every cell has a suggestion of the ten-class model");
        for (String c : classes) {
            assertTrue(window.counts().table.lookup("#count-" + c) != null, "a count row for " + c);
        }
        long smear = window.currentSmearProperty().get().id();

        Cell first = window.galleryItems().get(0);
        robot.clickOn(robot.lookup("#cellGallery .grid-cell").match(n -> n instanceof org.controlsfx.control.GridCell<?> g && g.getItem() == first)
                .queryAs(javafx.scene.Node.class));
        robot.type(KeyCode.DIGIT0);
        waitSaved();
        Map<Long, Decision> stored = workspace.decisions().current(smear, "dr-test");
        assertEquals("smudge", stored.get(first.id()).label(), "0 assigns the tenth class");

        Cell second = window.gallery().selectedProperty().get();
        org.junit.jupiter.api.Assertions.assertNotEquals(first.id(), second.id(), "the selection moved on");
        robot.type(KeyCode.DIGIT2);
        waitSaved();
        stored = workspace.decisions().current(smear, "dr-test");
        assertEquals("blast", stored.get(second.id()).label(), "2 assigns the second class");
        assertEquals("1", ((Label) window.counts().table.lookup("#count-blast")).getText());
        assertEquals("1", ((Label) window.counts().table.lookup("#count-smudge")).getText());
        String flags = robot.lookup("#countFlags").queryAs(Label.class).getText();
        assertTrue(flags.startsWith("blasts: 1 ("), "the blast flag comes first: " + flags);
    }
}
