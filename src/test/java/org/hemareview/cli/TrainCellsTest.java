package org.hemareview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hemareview.TestFiles;
import org.hemareview.train.CellTable;
import org.junit.jupiter.api.Test;

/**
 * {@code train --cells} on a cell table built from the sample crops (no ../shared needed): it trains on the train
 * parts of the chosen labs, picks the epoch on their val parts, never reads a test part, and writes into the
 * manifest and the card which labs it learnt from and what their terms allow. The sample crops are PBC's; the
 * second lab is labelled "deepapl" to stand in for a research-only source, whose terms must reach the card.
 */
class TrainCellsTest extends CliTestBase {
    private Path table() throws Exception {
        StringBuilder csv = new StringBuilder(CellTable.HEADER).append('\n');
        Path ref = TestFiles.samples().resolve("pbc-reference");
        List<Path> rehearsal = crops(ref.resolve("rehearsal"));
        for (int i = 0; i < rehearsal.size(); i++) {
            row(csv, rehearsal.get(i), "pbc", i % 2 == 0 ? "train" : "val");
        }
        List<Path> check = crops(ref.resolve("check"));
        for (int i = 0; i < check.size(); i++) {
            row(csv, check.get(i), "deepapl", List.of("test", "val", "train", "train").get(i % 4));
        }
        Path table = dir.resolve("cells.csv");
        Files.writeString(table, csv);
        return table;
    }

    private static List<Path> crops(Path folder) throws Exception {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    private static void row(StringBuilder csv, Path crop, String lab, String part) {
        // one group per crop: the sample crops carry no patient or smear id
        csv.append(crop.toAbsolutePath()).append(',').append(crop.getParent().getFileName()).append(',').append(lab).append(',')
                .append(crop.getFileName()).append(',').append(part).append('\n');
    }

    private int train(Path table, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--cells", table.toString(), "--out", out.toString(), "--epochs", "1",
                "--epoch-size", "64", "--batch", "16", "--size", "64", "--seed", "1"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aCellTableTrainsOnItsTrainPartsAndTheCardCarriesTheLabsAndTheirTerms() throws Exception {
        Path table = table();
        Path model = dir.resolve("both");
        assertEquals(0, train(table, model), err.toString());
        String printed = out.toString(StandardCharsets.UTF_8);
        // 80 + 40 train crops, 80 + 20 val crops: the 20 test crops of the second lab are never read
        assertTrue(printed.contains("120 training, 100 validation crops"), printed);
        JsonNode training = new ObjectMapper().readTree(model.resolve("manifest.json").toFile()).get("training");
        assertEquals("[\"deepapl\",\"pbc\"]", training.get("labs").toString());
        assertTrue(training.get("held_out").asText().startsWith("part test of every lab"), training.toString());
        assertTrue(training.get("intended_use").asText().startsWith("For research use, not for diagnosis"), training.toString());
        String card = Files.readString(model.resolve("MODEL_CARD.md"));
        assertTrue(card.contains("For research use, not for diagnosis"), card);
        assertTrue(card.contains("research and evaluation use only"), "the research-only source's own terms: " + card);

        Path pbcOnly = dir.resolve("pbc");
        out.reset();
        assertEquals(0, train(table, pbcOnly, "--labs", "pbc"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("80 training, 80 validation crops"), out.toString(StandardCharsets.UTF_8));
        JsonNode pbc = new ObjectMapper().readTree(pbcOnly.resolve("manifest.json").toFile()).get("training");
        assertEquals("[\"pbc\"]", pbc.get("labs").toString());
        assertFalse(pbc.get("intended_use").asText().startsWith("For research use"), "PBC's licence allows more: " + pbc);
    }
}
