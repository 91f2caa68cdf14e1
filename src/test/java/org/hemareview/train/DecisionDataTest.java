package org.hemareview.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hemareview.TestFiles;
import org.hemareview.review.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionDataTest {
    @TempDir
    Path dir;

    private void copyInto(Path folder, String fromClass) throws Exception {
        Files.createDirectories(folder);
        try (Stream<Path> s = Files.list(TestFiles.samples().resolve("pbc-cells").resolve(fromClass))) {
            for (Path p : s.toList()) {
                Files.copy(p, folder.resolve(p.getFileName()));
            }
        }
    }

    @Test
    void extraFoldersAreMatchedByNameIgnoringCaseOrMappedByHand() throws Exception {
        Path extra = dir.resolve("other-lab");
        copyInto(extra.resolve("NEU"), "neutrophil");        // no class by name: mapped by hand
        copyInto(extra.resolve("Lymphocyte"), "lymphocyte"); // matches ignoring case
        copyInto(extra.resolve("smudge"), "monocyte");       // no class, not mapped: left out
        List<String> classes = List.of("lymphocyte", "monocyte", "neutrophil");
        assertEquals(List.of("NEU", "smudge"), DecisionData.unmatchedFolders(extra, classes).stream().sorted().toList());
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            DecisionData plain = DecisionData.fromWorkspace(ws, List.of(extra), classes, 1, 1);
            assertEquals(Map.of("lymphocyte", 2, "monocyte", 0, "neutrophil", 0), plain.perClass());
            DecisionData mapped = DecisionData.fromWorkspace(ws, List.of(extra), Map.of("NEU", "neutrophil"), classes, 1, 1);
            assertEquals(Map.of("lymphocyte", 2, "monocyte", 0, "neutrophil", 2), mapped.perClass());
            assertEquals(List.of("monocyte"), mapped.tooFew());
            assertEquals(4, mapped.size());
            assertEquals(4, mapped.split().partOfCell().size(), "every image is its own group in the split");
        }
    }
}
