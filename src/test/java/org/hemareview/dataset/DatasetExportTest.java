package org.hemareview.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hemareview.cli.HemaReviewCommand;
import org.hemareview.image.SmearImageReader;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.review.NewSmear;
import org.hemareview.review.ReviewLabels;
import org.hemareview.review.Workspace;
import org.hemareview.segment.SmearSegmenter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hemareview.io.SafeNames;
import org.hemareview.analysis.SmearAnalyser;
import org.hemareview.analysis.SmearImporter;
import org.hemareview.analysis.SmearPipeline;
import org.hemareview.analysis.SmearScale;

/** Exports of a real analysed sample smear, read back by real consumers. */
class DatasetExportTest {
    private static final Path SMEAR = Path.of("sample-data/composed/composed-001.jpg");
    @TempDir
    Path dir;
    private Path db;
    private List<Cell> cells;

    @BeforeEach
    void analyseASampleSmear() throws Exception {
        db = dir.resolve("ws.db");
        try (Workspace ws = Workspace.open(db)) {
            SmearImporter importer = new SmearImporter(ws, new SmearImageReader(), "t");
            try (SmearImporter.Opened o = importer.open(SMEAR)) {
                cells = new SmearAnalyser(ws, new SmearPipeline(new SmearSegmenter(), Optional.empty()), "t")
                        .analyse(o.registration().smear(), o.image(), SmearScale.Choice.user(0.05)).cells();
            }
            // reviewed: 4 neutrophils, 4 lymphocytes, 1 not-a-cell; the rest undecided
            for (int i = 0; i < 9; i++) {
                String label = i == 8 ? ReviewLabels.NOT_A_CELL : i % 2 == 0 ? "neutrophil" : "lymphocyte";
                ws.decisions().decide(cells.get(i).id(), "Dr. O'Brien, MD", label, Decision.Kind.ASSIGN, null);
            }
        }
    }

    private DatasetExport.Summary export(DatasetExport.Format f, Path out, boolean reviewedOnly, boolean deidentify) throws Exception {
        try (Workspace ws = Workspace.open(db)) {
            return new DatasetExport(ws).export(new DatasetExport.Options(f, reviewedOnly, deidentify), out, (d, t) -> { }, () -> false);
        }
    }

    @Test
    void imageFolderExportIsReadByTheTrainCommand() throws Exception {
        Path out = dir.resolve("folder");
        DatasetExport.Summary s = export(DatasetExport.Format.IMAGEFOLDER, out, true, false);
        assertEquals(8, s.cells());
        assertEquals(4, s.perClass().get("neutrophil"));
        assertTrue(Files.isRegularFile(out.resolve("neutrophil/composed-001-" + cells.get(0).smearId() + "_" + cells.get(0).number() + ".png")),
                listNames(out.resolve("neutrophil")).toString()); // the smear's file-name stem and its workspace id
        assertFalse(Files.exists(out.resolve(ReviewLabels.NOT_A_CELL)), "not-a-cell is never exported as a class");

        ImageFolder folder = ImageFolder.scan(out);
        assertEquals(List.of("lymphocyte", "neutrophil"), folder.classes());
        Path model = dir.resolve("model");
        int code = HemaReviewCommand.execute(new String[] {"train", "--data", out.toString(), "--val", out.toString(), "--epochs", "1",
            "--batch", "4", "--size", "32", "--out", model.toString()}, (w, i) -> { throw new AssertionError(); });
        assertEquals(0, code);
        JsonNode manifest = new ObjectMapper().readTree(model.resolve("manifest.json").toFile());
        assertEquals("[\"lymphocyte\",\"neutrophil\"]", manifest.get("classes").toString());
    }

    @Test
    void cocoExportMatchesTheSchemaAndLoadsInPycocotools() throws Exception {
        Path out = dir.resolve("coco");
        DatasetExport.Summary s = export(DatasetExport.Format.COCO, out, false, false);
        JsonNode coco = new ObjectMapper().readTree(out.resolve("annotations.json").toFile());
        try (InputStream schema = getClass().getResourceAsStream("/coco-detection.schema.json")) {
            JsonSchema js = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
            Set<ValidationMessage> errors = js.validate(coco);
            assertEquals(Set.of(), errors);
        }
        assertEquals(1, coco.get("images").size());
        assertTrue(Files.isRegularFile(out.resolve(coco.get("images").get(0).get("file_name").asText())), "the smear image sits next to the JSON");
        // every cell but the not-a-cell one: decided class or the model's call (none stored here: undecided cells have no label)
        assertEquals(8, coco.get("annotations").size());
        assertEquals(s.cells(), coco.get("annotations").size());

        Assumptions.assumeTrue(pycocotoolsAvailable(), "python3 with pycocotools not installed: the pycocotools read-back is skipped "
                + "(pip install pycocotools, or Debian's python3-pycocotools)");
        Process p = new ProcessBuilder("python3", "src/test/python/check_coco.py", out.resolve("annotations.json").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        JsonNode report = new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
        assertEquals(8, report.get("annotations").asInt());
        assertEquals(8, report.get("masks").asInt());
        assertEquals("[\"lymphocyte\",\"neutrophil\"]", report.get("categories").toString());
    }

    @Test
    void csvHasOneRowPerCellAndDeidentifyDropsNamesAndPaths() throws Exception {
        try (Workspace ws = Workspace.open(db)) {
            // two calls with shift scores: one unlike the training data (2.5 over 1.0), one familiar
            ws.predictions().record(cells.get(0).smearId(), List.of(
                    new org.hemareview.review.StoredPrediction(cells.get(0).id(), "m 1", "sha", "neutrophil", 0.9, java.util.Map.of("neutrophil", 0.9), 2.5, 1.0),
                    new org.hemareview.review.StoredPrediction(cells.get(1).id(), "m 1", "sha", "lymphocyte", 0.8, java.util.Map.of("lymphocyte", 0.8), 0.3, 1.0)),
                    "t");
        }
        Path out = dir.resolve("csv");
        export(DatasetExport.Format.CSV, out, false, false);
        List<String> rows = Files.readAllLines(out.resolve("cells.csv"));
        assertEquals(cells.size() + 1, rows.size());
        assertTrue(rows.get(0).endsWith(",shift,unlike_training_data"), rows.get(0));
        assertTrue(rows.get(1).endsWith(",2.5000,true"), "the shift score travels with the call: " + rows.get(1));
        assertTrue(rows.get(2).endsWith(",0.3000,false"), rows.get(2));
        assertTrue(rows.get(3).endsWith(",,"), "a cell without a call has no score: " + rows.get(3));
        assertTrue(rows.get(1).contains("\"Dr. O'Brien, MD\""), rows.get(1));
        assertTrue(rows.get(1).contains("composed-001"), rows.get(1));

        Path anon = dir.resolve("anon");
        export(DatasetExport.Format.CSV, anon, true, true);
        String text = Files.readString(anon.resolve("cells.csv"));
        assertEquals(9 + 1, text.lines().count(), "reviewed only: the 9 decided cells");
        assertFalse(text.contains("Brien") || text.contains("composed") || text.contains("sample-data"), text);
        assertTrue(text.contains("smear-00001"));
    }

    @Test
    void hostileSmearAndClassNamesStayInsideTheExportFolder() throws Exception {
        long evil;
        try (Workspace ws = Workspace.open(db)) {
            evil = ws.smears().register(new NewSmear(Path.of("/data/.."), "evil-sha", 2560, 1920, null), "t").smear().id();
            ws.cells().replace(evil, List.of(new org.hemareview.review.NewCell(List.of(new int[] {0, 0}, new int[] {9, 0}, new int[] {9, 9}),
                    new org.hemareview.geometry.Box(0, 0, 10, 10), 40, new double[] {5, 5}, true, ws.cells().crop(cells.get(0).id()).orElseThrow())), 0.05, "given", "t");
            long id = ws.cells().cells(evil).get(0).id();
            ws.decisions().decide(id, "t", "../../evil", Decision.Kind.ASSIGN, null);
            ws.decisions().decide(cells.get(9).id(), "t", "a/b", Decision.Kind.ASSIGN, null);
            ws.decisions().decide(cells.get(10).id(), "t", "..", Decision.Kind.ASSIGN, null);
        }
        Path exports = dir.resolve("exports");
        for (DatasetExport.Format f : DatasetExport.Format.values()) {
            export(f, exports.resolve(f.name().toLowerCase()), false, false);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> outside = all.filter(Files::isRegularFile).filter(p -> !p.startsWith(exports) && !p.startsWith(dir.resolve("ws.db"))
                    && !p.getFileName().toString().startsWith("ws.db")).toList();
            assertEquals(List.of(), outside, "files written outside the export folders");
        }
        Path folder = exports.resolve("imagefolder");
        assertTrue(Files.isRegularFile(folder.resolve("_.._evil").resolve("_-" + evil + "_1.png")), listNames(folder.resolve("_.._evil")).toString()); // smear ".." -> "_"
        assertTrue(listNames(folder).contains("a_b"), listNames(folder).toString());
        assertTrue(listNames(folder).stream().noneMatch(n -> n.equals("..") || n.equals(".") || n.contains("/")));
    }

    /** Imports and segments another smear file into the test workspace; its first three cells decided by the same reviewer. */
    private long importAndDecide(Path file) throws Exception {
        try (Workspace ws = Workspace.open(db); SmearImporter.Opened o = new SmearImporter(ws, new SmearImageReader(), "t").open(file)) {
            List<Cell> found = new SmearAnalyser(ws, new SmearPipeline(new SmearSegmenter(), Optional.empty()), "t")
                    .analyse(o.registration().smear(), o.image(), SmearScale.Choice.user(0.05)).cells();
            for (int i = 0; i < 3; i++) {
                ws.decisions().decide(found.get(i).id(), "Dr. O'Brien, MD", "lymphocyte", Decision.Kind.ASSIGN, null);
            }
            return o.registration().smear().id();
        }
    }

    /** A JPEG of composed-002 under {@code name}, with a comment segment right after the start marker (as a camera writes tags). */
    private Path taggedCopy(Path folder, String name, String comment) throws Exception {
        byte[] jpeg = Files.readAllBytes(org.hemareview.TestFiles.composedSmear(2));
        byte[] text = comment.getBytes(StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(jpeg, 0, 2);
        b.write(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) ((text.length + 2) >> 8), (byte) (text.length + 2)});
        b.write(text);
        b.write(jpeg, 2, jpeg.length - 2);
        Files.createDirectories(folder);
        return Files.write(folder.resolve(name), b.toByteArray());
    }

    @Test
    void twoSmearsOfOneFileNameNeverShareAnExportedFile() throws Exception {
        importAndDecide(taggedCopy(dir.resolve("second lab"), SMEAR.getFileName().toString(), "another smear"));
        Path folder = dir.resolve("same-name");
        DatasetExport.Summary s = export(DatasetExport.Format.IMAGEFOLDER, folder, true, false);
        try (Stream<Path> all = Files.walk(folder)) {
            assertEquals(s.cells(), all.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("smears.csv")).count(),
                    "one file per exported cell");
        }
        // smears.csv: one row per smear, the two same-named smears apart
        List<String> rows = Files.readAllLines(folder.resolve("smears.csv"));
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(0).startsWith("smear,cells,blasts,blast_percent"));
        try (Stream<Path> all = Files.walk(folder)) {
            assertEquals(s.files(), all.filter(Files::isRegularFile).count(), "the summary counts smears.csv too");
        }
        Path coco = dir.resolve("same-name-coco");
        export(DatasetExport.Format.COCO, coco, true, false);
        JsonNode images = new ObjectMapper().readTree(coco.resolve("annotations.json").toFile()).get("images");
        assertEquals(2, images.size());
        assertFalse(images.get(0).get("file_name").asText().equals(images.get(1).get("file_name").asText()), images.toString());
    }

    @Test
    void anExportNeedsAnEmptyFolderOrOverwriteWhichEmptiesIt() throws Exception {
        Path folder = dir.resolve("reused");
        Files.createDirectories(folder.resolve("lymphocyte"));
        Path stale = Files.writeString(folder.resolve("lymphocyte/old-relabelled-cell.png"), "stale");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> export(DatasetExport.Format.IMAGEFOLDER, folder, true, false));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        try (Workspace ws = Workspace.open(db)) {
            new DatasetExport(ws).export(new DatasetExport.Options(DatasetExport.Format.IMAGEFOLDER, true, false, true), folder, (d, n) -> { }, () -> false);
        }
        assertFalse(Files.exists(stale), "a stale file of an earlier export is gone");
    }

    @Test
    void deidentifiedExportsCarryNoNameNoTagNoDateOfTheOriginal() throws Exception {
        Path smear = taggedCopy(dir.resolve("Doe^John"), "Doe_John_MRN12345.jpg", "Patient Doe^John MRN12345 born 1950-02-03");
        importAndDecide(smear);
        Path out = dir.resolve("anon-all");
        export(DatasetExport.Format.COCO, out.resolve("coco"), true, true);
        export(DatasetExport.Format.CSV, out.resolve("csv"), true, true);
        export(DatasetExport.Format.IMAGEFOLDER, out.resolve("folder"), true, true);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        try (Stream<Path> all = Files.walk(out)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1) + " " + out.relativize(f);
                for (String secret : List.of("Doe", "MRN12345", "1950-02-03", "Brien", "composed-001", today)) {
                    assertFalse(text.contains(secret), f + " contains '" + secret + "'");
                }
            }
        }
        try (Stream<Path> images = Files.list(out.resolve("coco/images"))) {
            assertEquals(2, images.count(), "both smears' images are there, re-encoded");
        }
    }

    @Test
    void cocoDoesNotExportAFileThatIsNoLongerTheReviewedImage() throws Exception {
        Path smear = taggedCopy(dir.resolve("moved"), "field.jpg", "original");
        importAndDecide(smear);
        Files.write(smear, Files.readAllBytes(org.hemareview.TestFiles.composedSmear(3))); // another image now at that path
        Path out = dir.resolve("hash-coco");
        DatasetExport.Summary s = export(DatasetExport.Format.COCO, out, true, false);
        assertTrue(s.warnings().stream().anyMatch(w -> w.contains("not the image that was reviewed")), s.warnings().toString());
        assertFalse(Files.exists(out.resolve("images/field.jpg")));
    }

    private static List<String> listNames(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static boolean pycocotoolsAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import pycocotools.coco").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void safeNamesNeverLeaveTheFolder() throws Exception {
        assertEquals("_", SafeNames.component(".."));
        assertEquals("_", SafeNames.component(""));
        assertEquals("a_b", SafeNames.component("a/b"));
        assertEquals("_.._evil", SafeNames.component("../../evil")); // one component: the dots are harmless without separators
        assertEquals("Blasten_ü", SafeNames.component("Blasten ü"));
        assertTrue(SafeNames.inside(dir, SafeNames.component("../x")).startsWith(dir));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> SafeNames.inside(dir, "../x"));
    }
}
