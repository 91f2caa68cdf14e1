package org.hemareview.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemareview.TestFiles;
import org.hemareview.image.ImageReadException;
import org.hemareview.image.SmearImageReader;
import org.hemareview.review.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hemareview.analysis.SmearImporter;

class SmearImporterTest {
    @TempDir
    Path dir;

    @Test
    void importsASmearWithHashSizeAndThumbnailOnce() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            SmearImporter importer = new SmearImporter(ws, new SmearImageReader(), "tester");
            var first = importer.importFile(TestFiles.composedSmear(2));
            Path copy = Files.copy(TestFiles.composedSmear(2), dir.resolve("same smear, other name.jpg"));
            var again = importer.importFile(copy);
            assertFalse(first.alreadyPresent());
            assertTrue(again.alreadyPresent());
            assertEquals(1, ws.smears().count());
            assertEquals(2560, first.smear().width());
            byte[] thumb = ws.smears().thumbnail(first.smear().id()).orElseThrow();
            assertTrue(thumb.length > 1000 && (thumb[0] & 0xFF) == 0xFF, "a JPEG preview is stored");
        }
    }

    @Test
    void badFilesLeaveTheWorkspaceUnchanged() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            SmearImporter importer = new SmearImporter(ws, new SmearImageReader(), "tester");
            importer.importFile(TestFiles.composedSmear(1));
            long audit = ws.audit().count();
            Path text = Files.writeString(dir.resolve("renamed.png"), "hello");
            Path empty = Files.createFile(dir.resolve("empty.jpg"));
            assertThrows(ImageReadException.class, () -> importer.importFile(text));
            assertThrows(ImageReadException.class, () -> importer.importFile(empty));
            assertThrows(ImageReadException.class, () -> importer.importFile(dir.resolve("missing.jpg")));
            assertEquals(1, ws.smears().count());
            assertEquals(audit, ws.audit().count());
        }
    }
}
