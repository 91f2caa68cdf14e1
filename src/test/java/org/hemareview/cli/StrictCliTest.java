package org.hemareview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.hemareview.review.Workspace;
import org.junit.jupiter.api.Test;

/** The command line is strict with typos: nothing is guessed, nothing opens, nothing is created by mistake. */
class StrictCliTest extends CliTestBase {
    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMistypedCommandIsAnErrorNamingTheNearestCommandAndOpensNoWindow() {
        assertEquals(2, run("segmnet", "x.jpg"));
        assertTrue(errors().contains("unknown command 'segmnet' (did you mean 'segment'?)"), errors());
        err.reset();
        assertEquals(2, run("exprt"));
        assertTrue(errors().contains("did you mean 'export'?"), errors());
        err.reset();
        assertEquals(2, run("zzzzzzzz"));
        assertTrue(errors().contains("unknown command 'zzzzzzzz'; 'hemareview --help' lists the commands"), errors());
    }

    @Test
    void anImageThatDoesNotExistIsAnErrorBeforeTheWindowOpens() {
        assertEquals(2, run(dir.resolve("gone.jpg").toString()));
        assertTrue(errors().contains("no such file: " + dir.resolve("gone.jpg")), errors());
    }

    @Test
    void aWorkspaceInAFolderThatDoesNotExistIsAnErrorUnlessCreateIsGiven() {
        Path ws = dir.resolve("no/such/folder/ws.db");
        assertEquals(2, run("--workspace", ws.toString(), "smears"));
        assertTrue(errors().contains("the workspace's folder does not exist: " + ws.getParent()), errors());
        assertFalse(Files.exists(dir.resolve("no")), "nothing is created on a typo");
        assertEquals(2, run("smears", "--workspace", ws.toString()), "after the command too");
        assertEquals(0, run("--workspace", ws.toString(), "--create", "smears"));
        assertTrue(Files.exists(ws));
    }

    @Test
    void exportRefusesANonEmptyFolderAndOverwriteNeverReachesThroughASymlink() throws Exception {
        Path db = dir.resolve("ws.db");
        try (Workspace ws = Workspace.open(db)) {
            org.hemareview.train.RetrainingTest.decideRealCrops(ws, 1, 1);
        }
        Path outside = Files.createDirectories(dir.resolve("colleague"));
        Files.writeString(outside.resolve("keep.txt"), "not ours");
        Path export = Files.createDirectories(dir.resolve("export"));
        Files.writeString(export.resolve("old.txt"), "stale");
        Files.createSymbolicLink(export.resolve("link"), outside);
        assertEquals(2, run("export", "--workspace", db.toString(), "--format", "imagefolder", "--out", export.toString()));
        assertTrue(errors().contains("is not empty"), errors());
        assertTrue(Files.exists(export.resolve("old.txt")), "a refused export touches nothing");
        assertEquals(0, run("export", "--workspace", db.toString(), "--format", "imagefolder", "--out", export.toString(), "--overwrite"));
        assertFalse(Files.exists(export.resolve("old.txt")));
        assertTrue(Files.exists(outside.resolve("keep.txt")), "emptying the folder removed the link, not what it points to");
        assertTrue(Files.exists(export.resolve("smears.csv")), "each smear's differential count, blasts included");
        assertTrue(Files.readAllLines(export.resolve("smears.csv")).get(0).startsWith("smear,cells,blasts,blast_percent"));
    }

    @Test
    void exportedFilesAreReadableAsTheUmaskAllowsNotOwnerOnly() throws Exception {
        int umask = umask();
        Path db = dir.resolve("ws.db");
        try (Workspace ws = Workspace.open(db)) {
            org.hemareview.train.RetrainingTest.decideRealCrops(ws, 1, 1);
        }
        Path export = dir.resolve("shared-export");
        assertEquals(0, run("export", "--workspace", db.toString(), "--format", "csv", "--out", export.toString()));
        try (Stream<Path> files = Files.walk(export)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                int mode = 0;
                for (PosixFilePermission p : perms) {
                    mode |= 1 << (8 - p.ordinal());
                }
                assertEquals(0666 & ~umask, mode, f + " is " + perms + " under umask " + Integer.toOctalString(umask));
            }
        }
    }

    /** This process's umask, from /proc (Linux). */
    private static int umask() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Umask:")) {
                return Integer.parseInt(line.substring(6).strip(), 8);
            }
        }
        throw new org.opentest4j.TestAbortedException("no Umask line in /proc/self/status");
    }
}
