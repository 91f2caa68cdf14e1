package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.stage.Stage;
import org.hemareview.TestFiles;
import org.hemareview.cli.HemaReviewCommand;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Cell;
import org.hemareview.review.StoredPrediction;
import org.hemareview.review.StoredScale;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The window and {@code hemareview analyze} take a smear the same way: the same cells, the same
 * scale with the same source, the same calls, on a composed sample (its scale written beside it)
 * and a BCCD sample (scale estimated); and again after a new model version is promoted in each.
 */
class PipelineParityTest extends WindowTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> SMEARS = List.of(TestFiles.composedSmear(1), TestFiles.samples().resolve("bccd/BloodImage_00001.jpg"));

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    void configure(AppPreferences p) {
        p.setAnalyseOnOpen(true); // the lab's scale stays "auto", the window's default
    }

    @Override
    boolean startWindow() {
        return false;
    }

    @Test
    void theWindowAndAnalyzeAgreeBeforeAndAfterAPromotion(FxRobot robot) throws Exception {
        robot.interact(() -> window.models().loadModel());
        waitIdle();
        Path cliWorkspace = dir.resolve("cli-" + System.nanoTime() + ".db");
        compareAll(robot, cliWorkspace, false, null);

        // a new version, promoted in both workspaces: in the window's through its registry, on the command line with `models`
        Path version = TestFiles.secondModelVersion(dir, "99", 2.5);
        ModelRegistry registry = window.session().models.get().registry().orElseThrow();
        ModelRegistry.Entry added = registry.register(version, ModelRegistry.Source.IMPORTED, "dr-test");
        registry.promote(added.id(), "dr-test");
        window.models().offerReclassify = false;
        robot.interact(() -> window.models().activeModelChanged(added));
        waitIdle();
        assertEquals(0, cli(cliWorkspace, "models", "import", version.toString()));
        String cliId = ModelRegistry.forWorkspace(cliWorkspace, java.util.Optional.empty(), "t", (a, b, c, d) -> { }).list().stream()
                .filter(e -> e.manifest().version().equals("99")).findFirst().orElseThrow().id();
        assertEquals(0, cli(cliWorkspace, "models", "promote", cliId));
        compareAll(robot, cliWorkspace, true, "99");
    }

    private void compareAll(FxRobot robot, Path cliWorkspace, boolean reanalyse, String version) throws Exception {
        Path out = dir.resolve("analyze-" + System.nanoTime() + ".json");
        String[] args = new String[SMEARS.size() + 3];
        args[0] = "analyze";
        args[1] = "--json";
        args[2] = out.toString();
        for (int i = 0; i < SMEARS.size(); i++) {
            args[i + 3] = SMEARS.get(i).toString();
        }
        assertEquals(0, cli(cliWorkspace, args));
        JsonNode cli = JSON.readTree(out.toFile());
        for (int i = 0; i < SMEARS.size(); i++) {
            Path smear = SMEARS.get(i);
            robot.interact(() -> window.smears().openFiles(List.of(smear)));
            waitIdle();
            if (reanalyse) {
                robot.interact(() -> window.smears().analyse());
                waitIdle();
            }
            compare(smear, cli.get(i), version);
        }
    }

    private void compare(Path smear, JsonNode fromCli, String version) {
        String name = smear.getFileName().toString();
        long id = window.currentSmearProperty().get().id();
        List<Cell> cells = window.cells().stream().sorted(java.util.Comparator.comparingInt(Cell::number)).toList();
        StoredScale scale = workspace.smears().scale(id).orElseThrow();
        assertEquals(fromCli.get("scale_source").asText(), scale.source(), name + ": scale source");
        assertEquals(fromCli.get("scale_um_per_px").asDouble(), scale.umPerPx(), 1e-12, name + ": scale");
        assertEquals(name.startsWith("composed") ? "beside-image" : "estimated", scale.source(), name);
        JsonNode cliCells = fromCli.get("cells");
        assertTrue(!cells.isEmpty(), name + ": cells found");
        assertEquals(cliCells.size(), cells.size(), name + ": number of cells");
        for (int k = 0; k < cells.size(); k++) {
            Cell c = cells.get(k);
            JsonNode other = cliCells.get(k);
            int[] box = new int[4];
            for (int j = 0; j < 4; j++) {
                box[j] = other.get("box").get(j).asInt();
            }
            assertEquals(Arrays.toString(box), Arrays.toString(c.box().toArray()), name + " cell " + c.number() + ": box");
            StoredPrediction p = window.predictions().get(c.id());
            assertEquals(other.get("predicted").asText(), p.label(), name + " cell " + c.number() + ": call");
            assertEquals(other.get("confidence").asDouble(), p.confidence(), 1e-5, name + " cell " + c.number() + ": confidence");
            assertEquals(fromCli.get("model").asText(), p.model(), name + ": model version");
            if (version != null) {
                assertTrue(p.model().endsWith(" " + version), "the promoted version made the calls: " + p.model());
            } else {
                assertFalse(p.model().endsWith(" 99"));
            }
        }
    }

    private static int cli(Path workspace, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = workspace.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return HemaReviewCommand.execute(all, (ws, images) -> {
            throw new AssertionError("no window from the command line");
        });
    }
}
