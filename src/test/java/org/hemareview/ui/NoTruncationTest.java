package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.hemareview.train.RetrainingTest;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * At 1280 x 800, the smallest screen the product supports, no label in the main window, the
 * Models window or any page of the training wizard is cut short (every text is compared with the
 * text its skin draws).
 */
class NoTruncationTest extends WindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    boolean startWindow() {
        return false;
    }

    private void size(Stage s, double w, double h) {
        s.setX(0);
        s.setY(0);
        s.setWidth(w);
        s.setHeight(h);
    }

    @Test
    void theMainWindowWithASmearACellAndItsMapCutsNoText(FxRobot robot) throws Exception {
        robot.interact(() -> size(window.stage(), 1280, 800));
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        robot.interact(() -> window.start()); // the sample smears in the list, with their long names
        waitIdle();
        robot.interact(() -> window.smears().openFiles(List.of(TestFiles.composedSmear(2))));
        waitIdle();
        assertTrue(window.galleryItems().size() > 5);
        robot.interact(() -> window.selectCell(window.galleryItems().get(0), true));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.cellPanel().hasMap());
        WaitForAsyncUtils.waitForFxEvents();
        List<String> cut = new ArrayList<>();
        robot.interact(() -> cut.addAll(Truncation.find(window.stage().getScene().getRoot())));
        assertEquals(List.of(), cut, "truncated in the main window at 1280x800");
        // a list that scrolls sideways hides the end of its texts without an ellipsis
        boolean[] sideways = new boolean[1];
        robot.interact(() -> sideways[0] = window.smearListView().lookupAll(".scroll-bar").stream()
                .anyMatch(n -> n instanceof javafx.scene.control.ScrollBar b && b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && b.isVisible()));
        assertTrue(!sideways[0], "the smear list scrolls sideways: its names and statuses are cut");
    }

    @Test
    void theModelsWindowAndEveryWizardPageCutNoText(FxRobot robot) throws Exception {
        robot.interact(() -> size(window.stage(), 1280, 800));
        RetrainingTest.decideRealCrops(workspace, 2, 2);
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        window.models().offerReclassify = false;
        ModelsWindow[] models = new ModelsWindow[1];
        robot.interact(() -> models[0] = window.models().openModels());
        waitIdle();
        List<String> cut = new ArrayList<>();
        robot.interact(() -> cut.addAll(Truncation.find(models[0].stage.getScene().getRoot())));
        assertEquals(List.of(), cut, "truncated in the Models window");
        assertTrue(models[0].stage.getWidth() <= 1280, "the Models window fits a 1280-px screen: " + models[0].stage.getWidth());
        robot.interact(() -> models[0].stage.close());

        TrainingWizard[] wizard = new TrainingWizard[1];
        robot.interact(() -> wizard[0] = window.models().openTrainingWizard());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !wizard[0].next.isDisabled());
        for (int page = 0; page < 3; page++) {
            int p = page;
            robot.interact(() -> wizard[0].go(p));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> cut.addAll(Truncation.find(wizard[0].stage.getScene().getRoot()).stream().map(s -> "page " + p + ": " + s).toList()));
        }
        WizardModelPage model = (WizardModelPage) wizard[0].page();
        robot.interact(() -> {
            model.scratch.setSelected(true);
            model.size.getValueFactory().setValue(32);
            model.epochs.getValueFactory().setValue(2);
        });
        robot.interact(() -> wizard[0].next.fire());
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !wizard[0].next.isDisabled());
        robot.interact(() -> cut.addAll(Truncation.find(wizard[0].stage.getScene().getRoot()).stream().map(s -> "training: " + s).toList()));
        robot.interact(() -> wizard[0].next.fire());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> cut.addAll(Truncation.find(wizard[0].stage.getScene().getRoot()).stream().map(s -> "result: " + s).toList()));
        assertEquals(List.of(), cut, "truncated in the training wizard");
        robot.interact(() -> wizard[0].stage.close());
    }
}
