package org.hemareview.review;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir
    Path dir;

    private static NewSmear smear(String name, String sha) {
        return new NewSmear(Path.of("/data/" + name), sha, 2560, 1920, new byte[] {1, 2, 3});
    }

    @Test
    void firstOpenCreatesFileFolderAndLatestSchema() throws Exception {
        Path file = dir.resolve("new folder/ws.db");
        try (Workspace ws = Workspace.open(file)) {
            assertTrue(ws.createdNow());
            assertTrue(Files.isRegularFile(file));
            assertEquals(Migrations.LATEST, ws.schemaVersion());
            assertEquals("wal", pragma(ws, "journal_mode"));
            assertEquals("1", pragma(ws, "foreign_keys"));
            assertEquals(0, ws.smears().count());
        }
    }

    @Test
    void reopeningKeepsDataAndDoesNotMigrateAgain() {
        Path file = dir.resolve("ws.db");
        try (Workspace ws = Workspace.open(file)) {
            ws.smears().register(smear("a.jpg", "aa"), "tester");
        }
        try (Workspace ws = Workspace.open(file)) {
            assertFalse(ws.createdNow());
            assertEquals(1, ws.smears().count());
            assertEquals("a.jpg", ws.smears().list().get(0).name());
            assertEquals(SmearStatus.UNREVIEWED, ws.smears().list().get(0).status());
            assertEquals(Migrations.LATEST, ws.schemaVersion());
            assertArrayEquals(new byte[] {1, 2, 3}, ws.smears().thumbnail(ws.smears().list().get(0).id()).orElseThrow());
        }
    }

    @Test
    void sameFileTwiceIsOneSmear() {
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            SmearStore.Registration first = ws.smears().register(smear("a.jpg", "hash-1"), "tester");
            SmearStore.Registration again = ws.smears().register(smear("copy of a.jpg", "hash-1"), "tester");
            assertFalse(first.alreadyPresent());
            assertTrue(again.alreadyPresent());
            assertEquals(first.smear().id(), again.smear().id());
            assertEquals(1, ws.smears().count());
            assertEquals(1, ws.audit().count(), "only the first registration is an event");
            ws.smears().register(smear("b.jpg", "hash-2"), "tester");
            assertEquals(2, ws.smears().count());
        }
    }

    @Test
    void addingASmearIsAudited() {
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            long id = ws.smears().register(smear("a.jpg", "h"), "dr-lee").smear().id();
            AuditEvent e = ws.audit().latest(1).get(0);
            assertEquals("dr-lee", e.actor());
            assertEquals("smear.added", e.action());
            assertEquals("smear:" + id, e.subject());
            assertTrue(e.details().contains("\"sha256\":\"h\""), e.details());
        }
    }

    @Test
    void auditLogIsAppendOnly() {
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            ws.audit().record("tester", "workspace.opened", "workspace", "{}");
            WorkspaceException e = assertThrows(WorkspaceException.class, () -> ws.write(c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("UPDATE audit_log SET actor = 'someone else'");
                }
            }));
            assertTrue(e.getMessage().contains("append-only"), e.getMessage());
            assertThrows(WorkspaceException.class, () -> ws.write(c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("DELETE FROM audit_log");
                }
            }));
            assertEquals("tester", ws.audit().latest(1).get(0).actor());
        }
    }

    @Test
    void failedWriteLeavesNothingBehind() {
        try (Workspace ws = Workspace.open(dir.resolve("ws.db"))) {
            assertThrows(WorkspaceException.class, () -> ws.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO smears(path, sha256, width, height, added_at) VALUES ('/x', 'x', 10, 10, 'now')");
                    st.executeUpdate("INSERT INTO smears(path, sha256, width, height, added_at) VALUES ('/y', 'y', -1, 10, 'now')");
                }
                return null;
            }));
            assertEquals(0, ws.smears().count(), "the first insert was rolled back with the failing second");
        }
    }

    @Test
    void newerSchemaIsRefusedAndTheFileIsLeftAlone() throws Exception {
        Path file = dir.resolve("future.db");
        try (Workspace ws = Workspace.open(file)) {
            ws.smears().register(smear("a.jpg", "aa"), "tester");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version(version, applied_at) VALUES (" + (Migrations.LATEST + 5) + ", 'later')");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] before = Files.readAllBytes(file);
        NewerSchemaException e = assertThrows(NewerSchemaException.class, () -> Workspace.open(file));
        assertTrue(e.getMessage().contains("newer HemaReview"), e.getMessage());
        assertTrue(e.getMessage().contains("schema " + (Migrations.LATEST + 5)), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file was not changed");
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedClearly() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.db"), "this is not sqlite, just text ".repeat(50));
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> Workspace.open(file));
        assertTrue(e.getMessage().contains("not a HemaReview workspace") || e.getMessage().contains("Cannot open"), e.getMessage());
    }

    @Test
    void migrationScriptSplitterKeepsTriggersWhole() {
        var parts = Migrations.splitStatements("CREATE TABLE a(x);\nCREATE TRIGGER t BEFORE UPDATE ON a\nBEGIN SELECT 1; END;\n-- c\nCREATE TABLE b(y);");
        assertEquals(3, parts.size());
        assertTrue(parts.get(1).startsWith("CREATE TRIGGER") && parts.get(1).endsWith("END;"));
    }

    private static String pragma(Workspace ws, String name) {
        return ws.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                return rs.getString(1);
            }
        });
    }

    @Test
    void aWorkspaceCarriesHemaReviewsApplicationIdAndAnotherSqliteFileIsRefusedUntouched() throws Exception {
        Path ws = dir.resolve("mine.db");
        Workspace.open(ws).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA application_id")) {
            assertEquals(WorkspaceIdentity.APPLICATION_ID, rs.getInt(1));
        }
        Path other = dir.resolve("lab-records.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE patients (mrn TEXT)");
            st.execute("INSERT INTO patients VALUES ('12345')");
        }
        byte[] before = Files.readAllBytes(other);
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> Workspace.open(other));
        assertTrue(e.getMessage().contains("not a HemaReview workspace"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(other), "the other application's file is left as it was");
    }

    @Test
    void aQuestionMarkInTheFolderNameIsPartOfThePathNotSettings() throws Exception {
        Path file = dir.resolve("run?mode=memory&cache=shared").resolve("ws.db");
        try (Workspace ws = Workspace.open(file)) {
            ws.smears().register(smear("a.jpg", "q1"), "t");
        }
        assertTrue(Files.isRegularFile(file), "the workspace is where it was asked to be");
        assertFalse(Files.exists(dir.resolve("run")), "nothing was created at the path cut at '?'");
        try (Workspace ws = Workspace.open(file)) {
            assertFalse(ws.createdNow());
            assertEquals(1, ws.smears().count(), "and it holds its data");
            assertEquals("wal", pragma(ws, "journal_mode"));
            assertEquals("1", pragma(ws, "foreign_keys"));
        }
    }

    @Test
    void aWorkspaceOfAnEarlierHemaReviewWithoutTheIdIsClaimedNotRefused() throws Exception {
        Path ws = dir.resolve("earlier.db");
        try (Workspace w = Workspace.open(ws)) {
            w.smears().register(smear("a.jpg", "e1"), "t");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws); Statement st = c.createStatement()) {
            st.execute("PRAGMA application_id = 0"); // as every workspace before December 2026
        }
        try (Workspace w = Workspace.open(ws)) {
            assertEquals(1, w.smears().count());
            assertEquals(java.util.List.of(), w.historyProblems());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA application_id")) {
            assertEquals(WorkspaceIdentity.APPLICATION_ID, rs.getInt(1));
        }
    }
}
