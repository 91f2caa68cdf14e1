package org.hemareview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.hemareview.TestFiles;
import org.hemareview.review.Workspace;
import org.junit.jupiter.api.Test;

class CliTest extends CliTestBase {
    @Test
    void helpListsTheCommandsAndVersionPrintsIt() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("import") && help.contains("compose") && help.contains("smears"), help);
        out.reset();
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("HemaReview "));
    }

    @Test
    void evaluateSegmentationScoresTheSampleSmearsAndListsWhatItMissed() throws Exception {
        Path json = dir.resolve("scores.json");
        assertEquals(0, run("evaluate-segmentation", "--scale", "0.05", "--misses", "--json", json.toString(),
                TestFiles.samples().resolve("composed").toString()));
        var scores = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        int found = scores.get("true_positives").asInt();
        int missed = scores.get("false_negatives").asInt();
        assertEquals(5 * 18, found + missed, "five sample smears of 18 white cells");
        assertEquals(found / (double) (found + missed), scores.get("recall").asDouble(), 1e-9);
        assertEquals(missed, scores.get("misses").size(), "one entry per missed cell");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(missed, printed.lines().filter(l -> l.startsWith("missed composed-")).count(), printed);
        for (var m : scores.get("misses")) {
            assertTrue(m.get("best_iou").asDouble() < 0.5, m.toString());
            assertEquals(4, m.get("box").size());
        }
    }

    @Test
    void noCommandOpensTheWindowOnTheGivenWorkspace() throws Exception {
        AtomicReference<Path> opened = new AtomicReference<>();
        AtomicReference<java.util.List<Path>> images = new AtomicReference<>();
        Path image = Files.writeString(dir.resolve("a.jpg"), "opened by the window, not read here");
        int code = HemaReviewCommand.execute(new String[] {"--workspace", dir.resolve("w.db").toString(), image.toString()}, (ws, files) -> {
            opened.set(ws);
            images.set(files);
        });
        assertEquals(0, code);
        assertEquals(dir.resolve("w.db"), opened.get());
        assertEquals(java.util.List.of(image), images.get());
    }

    @Test
    void importReportsBadFilesOnOneLineEachAndStillImportsTheRest() throws Exception {
        Path db = dir.resolve("ws.db");
        Path bad = Files.writeString(dir.resolve("bad.png"), "not an image");
        int code = run("--workspace", db.toString(), "import", bad.toString(), TestFiles.composedSmear(3).toString());
        assertEquals(1, code, "non-zero exit when a file failed");
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(1, lines.length, err.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].startsWith("error: bad.png:"), lines[0]);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("added"));
        try (Workspace ws = Workspace.open(db)) {
            assertEquals(1, ws.smears().count());
        }
    }

    @Test
    void aWorkspaceThatCannotBeOpenedIsOneErrorLine() throws Exception {
        Path notDb = Files.writeString(dir.resolve("x.db"), "plain text ".repeat(100));
        assertEquals(2, run("--workspace", notDb.toString(), "smears"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("error: "), e);
        assertFalse(e.contains("\tat "), "no stack trace for the user");
    }

    @Test
    void segmentWritesTheDocumentedJsonAndCrops() throws Exception {
        Path json = dir.resolve("cells.json");
        Path crops = dir.resolve("crops");
        Path bad = Files.writeString(dir.resolve("bad.jpg"), "x");
        int code = run("segment", "--scale", "0.05", "--crops", crops.toString(), "--json", json.toString(),
                TestFiles.composedSmear(1).toString(), bad.toString());
        assertEquals(1, code, "one file failed");
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertEquals(2, root.size(), "one entry per image, the failed one with its error (issue 17)");
        assertTrue(root.get(1).get("error").asText().contains("bad.jpg") || root.get(1).has("error"), root.get(1).toString());
        var smear = root.get(0);
        assertEquals(2560, smear.get("width").asInt());
        assertEquals(0.05, smear.get("scale_um_per_px").asDouble());
        assertEquals("given", smear.get("scale_source").asText());
        var cells = smear.get("cells");
        assertTrue(cells.size() >= 12, "cells: " + cells.size());
        var c = cells.get(0);
        assertEquals(4, c.get("box").size());
        assertTrue(c.get("polygon").size() > 10 && c.get("polygon").get(0).size() == 2);
        assertTrue(c.has("area") && c.has("edge") && c.has("id"));
        try (var files = Files.list(crops)) {
            assertEquals(cells.size(), files.count(), "one crop per cell");
        }
    }

    @Test
    void aBatchReportsEachFailedImageInItsJsonAndGoesOn() throws Exception {
        Path json = dir.resolve("batch.json");
        Path missing = dir.resolve("gone.jpg");
        int code = run("analyze", "--workspace", dir.resolve("batch.db").toString(), "--json", json.toString(), missing.toString(),
                TestFiles.composedSmear(4).toString());
        assertEquals(1, code, "one image failed");
        JsonNode out = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, out.size(), "one entry per image, the failed one included");
        assertTrue(out.get(0).get("error").asText().contains("no longer exists"), out.get(0).toString());
        assertTrue(out.get(1).get("cells").size() > 5, "the batch went on");
        assertTrue(out.get(1).get("cells").get(0).has("predicted"), "and classified with the workspace's active model");
        assertEquals("beside-image", out.get(1).get("scale_source").asText(), "--scale auto reads the scale beside the image");
    }

    @Test
    void verifySaysAnIntactHistoryIsIntactAndNamesABreak() throws Exception {
        Path db = dir.resolve("verify.db");
        assertEquals(0, run("--workspace", db.toString(), "import", TestFiles.composedSmear(3).toString()));
        assertEquals(0, run("--workspace", db.toString(), "verify"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("history intact"));
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("DROP TRIGGER audit_log_no_update");
            st.execute("UPDATE audit_log SET actor = 'nobody'");
        }
        assertEquals(1, run("--workspace", db.toString(), "verify"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("does not follow from the one before"));
    }

    @Test
    void aBadScaleIsAUsageError() {
        assertEquals(2, run("segment", "--scale", "huge", "--json", dir.resolve("x.json").toString(), "a.jpg"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--scale takes 'auto'"));
    }

    @Test
    void trainEvaluateAndClassifyFromTheCommandLine() throws Exception {
        Path cells = TestFiles.samples().resolve("pbc-cells");
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--data", cells.toString(), "--val", cells.toString(), "--arch", "resnext-cc-slim", "--size", "48",
                "--epochs", "2", "--batch", "8", "--name", "cli test", "--out", model.toString()));
        assertTrue(Files.exists(model.resolve("manifest.json")) && Files.exists(model.resolve("weights.params"))
                && Files.readString(model.resolve("MODEL_CARD.md")).contains("## Scores on the validation data"));
        String card = Files.readString(model.resolve("MODEL_CARD.md"));
        assertTrue(card.contains(" --center-loss 0.05 ") && card.contains(" --name 'cli test' "),
                "the card's command carries every option that shapes the model, the name included: " + card);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("epoch 2/2"));

        out.reset();
        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", cells.toString()));
        var eval = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(16, eval.get("images").asInt());
        assertEquals(8, eval.get("confusion_matrix").size());
        assertTrue(eval.get("per_class").has("neutrophil") && eval.get("per_class").get("neutrophil").has("specificity"));
        assertTrue(eval.has("macro_f1") && eval.has("macro_auroc"));

        Path json = dir.resolve("calls.json");
        Path maps = dir.resolve("maps");
        Path crop = Files.list(cells.resolve("lymphocyte")).findFirst().orElseThrow();
        assertEquals(0, run("classify", "--model", model.toString(), "--gradcam", maps.toString(), "--json", json.toString(), crop.toString()));
        var calls = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        var c = calls.get(0);
        assertEquals(8, c.get("probabilities").size());
        assertTrue(c.get("confidence").asDouble() > 0 && c.get("confidence").asDouble() <= 1);
        assertTrue(Files.exists(Path.of(c.get("gradcam").asText())));
        assertEquals(2, c.get("gradcam_peak").size());
        assertEquals("LayerCAM, fourth stage (Conv4), 2x the last map's resolution", c.get("gradcam_method").asText(),
                "the JSON names the map the window shows: LayerCAM one stage before the last");
    }

    @Test
    void aBrokenModelFolderIsOneClearError() throws Exception {
        Path notModel = Files.createDirectories(dir.resolve("not-a-model"));
        assertEquals(2, run("evaluate", "--model", notModel.toString(), "--data", TestFiles.samples().resolve("pbc-cells").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a model package"));
    }

    @Test
    void analyzeStoresSmearsSkipsABadFileAndSaysSoInTheExitCodeThenExportWritesTheCells() throws Exception {
        Path db = dir.resolve("batch.db");
        Path bad = Files.writeString(dir.resolve("not an image.png"), "hello");
        int code = run("analyze", "--workspace", db.toString(), "--scale", "0.05", "sample-data/composed/composed-001.jpg", bad.toString());
        assertEquals(1, code, "a failed file makes the exit code non-zero");
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[1/2]") && text.contains("summary: 1 smear(s) analysed, 1 failed"), text);
        assertTrue(java.util.regex.Pattern.compile("(?m)^  blasts: \\d+ \\(\\d+\\.\\d %\\) \\(model calls, not yet reviewed\\)$").matcher(text).find(),
                "the blast count in the same words as the window: " + text);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not an image.png: FAILED"), err.toString(StandardCharsets.UTF_8));
        int cells;
        try (org.hemareview.review.Workspace ws = org.hemareview.review.Workspace.open(db)) {
            long smear = ws.smears().list().get(0).id();
            cells = ws.cells().cells(smear).size();
            assertTrue(cells >= 15, "cells stored: " + cells);
            assertEquals(cells, ws.predictions().latest(smear).size(), "every cell classified");
        }
        Path csv = dir.resolve("csv");
        assertEquals(0, run("export", "--workspace", db.toString(), "--format", "csv", "--out", csv.toString()));
        assertEquals(cells + 1, Files.readAllLines(csv.resolve("cells.csv")).size());
        assertTrue(run("export", "--workspace", db.toString(), "--format", "tiff", "--out", csv.toString()) != 0);
    }

    @Test
    void retrainRegistersAVersionThatModelsPromotesAndRollsBack() throws Exception {
        Path db = dir.resolve("retrain.db");
        try (Workspace ws = Workspace.open(db)) {
            org.hemareview.train.RetrainingTest.decideRealCrops(ws, 2, 2); // the 16 PBC crops of sample-data, 8 smears
        }
        assertEquals(0, run("retrain", "--workspace", db.toString(), "--from-scratch", "--size", "32", "--epochs", "1", "--batch", "4",
                "--version-tag", "cli-1"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("registered hemareview-resnext-cc-slim-cli-1 (not active)"), text);
        assertTrue(text.contains("split: train"), text);
        out.reset();
        assertEquals(0, run("models", "list", "--workspace", db.toString()));
        String list = out.toString(StandardCharsets.UTF_8);
        var bundled = org.hemareview.model.ModelPackage.readManifest(org.hemareview.model.DefaultModel.folder().orElseThrow());
        assertTrue(list.contains("*  " + bundled.name() + "-" + bundled.version()) && list.contains("hemareview-resnext-cc-slim-cli-1"), list);
        assertEquals(0, run("models", "promote", "hemareview-resnext-cc-slim-cli-1", "--workspace", db.toString()));
        out.reset();
        run("models", "list", "--workspace", db.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("*  hemareview-resnext-cc-slim-cli-1"), out.toString(StandardCharsets.UTF_8));
        assertEquals(0, run("models", "rollback", "--workspace", db.toString()));
        assertEquals(1, run("models", "rollback", "--workspace", db.toString()), "nothing before the bundled version");
    }

    @Test
    void adaptStatisticsRegistersALabVersionUnderWhichTheLabsCellsLookFamiliar() throws Exception {
        Path db = dir.resolve("lab.db");
        Path json = dir.resolve("before.json");
        // the composed samples are not PBC's own fields: the bundled model finds most of their cells unfamiliar
        assertEquals(0, run("analyze", "--workspace", db.toString(), "--scale", "0.05", "--json", json.toString(), "sample-data/composed/composed-001.jpg",
                "sample-data/composed/composed-003.jpg"));
        var before = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertTrue(before.get(0).get("shift").get("unlike_training_data").asBoolean(), before.get(0).get("shift").toString());
        out.reset();
        assertEquals(2, run("adapt-statistics", "--workspace", dir.resolve("empty.db").toString()), "no cells: a clear refusal");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("too few to measure this lab's stain"), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, run("adapt-statistics", "--workspace", db.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("registered ") && text.contains("-lab) from "), text);
        String id = text.substring(text.indexOf("registered ") + 11, text.indexOf(" (", text.indexOf("registered ")));
        assertEquals(0, run("models", "promote", id, "--workspace", db.toString()));
        Path after = dir.resolve("after.json");
        assertEquals(0, run("analyze", "--workspace", dir.resolve("lab2.db").toString(), "--model", dir.resolve("lab-models").resolve(id).toString(),
                "--scale", "0.05", "--json", after.toString(), "sample-data/composed/composed-001.jpg"));
        var adapted = new com.fasterxml.jackson.databind.ObjectMapper().readTree(after.toFile()).get(0).get("shift");
        assertFalse(adapted.get("unlike_training_data").asBoolean(), "the lab's own cells look like the data its statistics came from: " + adapted);
    }

    @Test
    void embedWritesEachCellsPooledFeaturesAndTheScoresThatClassifyTurnsIntoItsCall() throws Exception {
        // a cell table of the bundled PBC check crops, one row per crop, as prepare-cells writes it
        Path table = dir.resolve("cells.csv");
        java.util.List<Path> crops;
        try (var walk = Files.walk(Path.of("sample-data/pbc-reference/check"))) {
            crops = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(12).toList();
        }
        StringBuilder csv = new StringBuilder(org.hemareview.train.CellTable.HEADER + "\n");
        crops.forEach(c -> csv.append(c.toAbsolutePath()).append(',').append(c.getParent().getFileName()).append(",pbc,")
                .append(c.getFileName()).append(",test\n"));
        Files.writeString(table, csv);
        Path emb = dir.resolve("emb.csv");
        assertEquals(0, run("embed", "--cells", table.toString(), "--out", emb.toString()));
        java.util.List<String> lines = Files.readAllLines(emb);
        assertEquals(1 + 2 * crops.size(), lines.size(), "a pooled and a logits row per cell");
        var bundled = org.hemareview.model.ModelPackage.readManifest(org.hemareview.model.DefaultModel.folder().orElseThrow());
        String[] pooled = org.hemareview.io.Csv.fields(lines.get(1));
        String[] logits = org.hemareview.io.Csv.fields(lines.get(2));
        assertEquals("pooled", pooled[5]);
        assertEquals(bundled.architecture().featureDim(), pooled[6].split(" ").length);
        assertEquals(bundled.classes().size(), logits[6].split(" ").length);
        float[] scores = new float[bundled.classes().size()];
        String[] v = logits[6].split(" ");
        for (int i = 0; i < v.length; i++) {
            scores[i] = Float.parseFloat(v[i]);
        }
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            best = scores[i] > scores[best] ? i : best;
        }
        Path called = dir.resolve("called.json");
        assertEquals(0, run("classify", "--json", called.toString(), crops.get(0).toString()));
        String predicted = new com.fasterxml.jackson.databind.ObjectMapper().readTree(called.toFile()).get(0).get("predicted").asText();
        assertEquals(predicted, bundled.classes().get(best), "the highest score is classify's call for the same crop");
    }
}
