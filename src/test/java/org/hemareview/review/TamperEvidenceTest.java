package org.hemareview.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed results cannot be changed without a trace: each edit that plain sqlite3 allows on a
 * signed smear is named by the history check (which runs when the workspace opens, before an
 * export and in {@code hemareview verify}); unsigning needs a reason.
 */
class TamperEvidenceTest {
    @TempDir
    Path dir;

    /** A workspace with one smear of three cells, decided and signed by dr-a. */
    private Path signed(String name) {
        Path db = dir.resolve(name + ".db");
        try (Workspace ws = Workspace.open(db)) {
            List<Cell> cells = DecisionStoreTest.smearWithCells(ws, name, 3);
            for (Cell c : cells) {
                ws.decisions().decide(c.id(), "dr-a", "neutrophil", Decision.Kind.ASSIGN, null);
            }
            ws.decisions().sign(cells.get(0).smearId(), "dr-a");
            assertEquals(List.of(), ws.verifyHistory(), "an untouched history is intact");
        }
        return db;
    }

    private static void sqlite(Path db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** What plain sqlite3 allows: the append-only trigger dropped, the row edited, the trigger put back as it was. */
    private static void editBehindTrigger(Path db, String table, String trigger, String update) throws SQLException {
        sqlite(db, "DROP TRIGGER " + trigger, update, "CREATE TRIGGER " + trigger + " BEFORE UPDATE ON " + table
                + " BEGIN SELECT RAISE(ABORT, '" + table + (table.equals("decisions") ? " are" : " is") + " append-only'); END");
    }

    private static List<String> problemsOf(Path db) {
        try (Workspace ws = Workspace.open(db)) {
            assertEquals(ws.historyProblems(), ws.verifyHistory(), "the check ran when the workspace opened");
            return ws.verifyHistory();
        }
    }

    @Test
    void deletingADecisionIsRefusedAndWhenForcedIsNamed() throws Exception {
        Path db = signed("delete");
        assertThrows(SQLException.class, () -> sqlite(db, "DELETE FROM decisions WHERE id = 2"), "decisions are append-only");
        sqlite(db, "DROP TRIGGER decisions_no_delete", "DELETE FROM decisions WHERE id = 2");
        List<String> p = problemsOf(db);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("cell 2:") && s.contains("do not match")), p.toString());
    }

    @Test
    void deletedOrInsertedModelCallsAreNamed() throws Exception {
        Path db = dir.resolve("calls.db");
        try (Workspace ws = Workspace.open(db)) {
            List<Cell> cells = DecisionStoreTest.smearWithCells(ws, "calls", 3);
            ws.predictions().record(cells.get(0).smearId(), cells.stream().map(c -> new StoredPrediction(c.id(), "m 1", "sha",
                    "neutrophil", 0.9, java.util.Map.of("neutrophil", 0.9, "lymphocyte", 0.1))).toList(), "app");
            // a reclassification adds calls, recorded as such: still intact
            ws.predictions().record(cells.get(0).smearId(), List.of(new StoredPrediction(cells.get(1).id(), "m 2", "sha2",
                    "lymphocyte", 0.8, java.util.Map.of("neutrophil", 0.2, "lymphocyte", 0.8))), "app");
            assertEquals(List.of(), ws.verifyHistory());
        }
        sqlite(db, "DELETE FROM predictions WHERE id = (SELECT min(id) FROM predictions)");
        List<String> p = problemsOf(db);
        assertTrue(p.stream().anyMatch(s -> s.contains("3 model call(s) where the audit log recorded 4")), p.toString());
        sqlite(db, "INSERT INTO predictions(cell_id, model, model_sha256, label, confidence, probabilities, created_at) "
                + "SELECT cell_id, model, model_sha256, 'blast', confidence, probabilities, created_at FROM predictions LIMIT 2");
        p = problemsOf(db);
        assertTrue(p.stream().anyMatch(s -> s.contains("5 model call(s) where the audit log recorded 4")), p.toString());
    }

    @Test
    void aDecisionChangedBehindADroppedTriggerBreaksTheDecisionChain() throws Exception {
        Path db = signed("decision-chain");
        // the time of a decision is in no audit event's check but in the decision's own chain value
        editBehindTrigger(db, "decisions", "decisions_no_update", "UPDATE decisions SET decided_at = '2020-01-01T00:00:00Z' WHERE id = 2");
        List<String> p = problemsOf(db);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("decision 2 ") && s.contains("does not follow")), p.toString());
        assertEquals(1, p.stream().filter(s -> s.startsWith("decision ")).count(), "one break, named once: " + p);
    }

    @Test
    void decisionsOfAnEarlierSchemaAreSealedIntoTheChainOnUpgrade() throws Exception {
        Path db = signed("upgrade");
        // as schema 5 left it: decisions without a chain value
        sqlite(db, "ALTER TABLE decisions DROP COLUMN chain", "DROP TABLE practice_answers", "ALTER TABLE predictions DROP COLUMN shift",
                "ALTER TABLE predictions DROP COLUMN shift_threshold", "DELETE FROM schema_version WHERE version >= 6");
        assertEquals(List.of(), problemsOf(db), "the upgraded history is intact");
        try (Workspace ws = Workspace.open(db)) {
            assertEquals(Migrations.LATEST, ws.schemaVersion());
        }
        sqlite(db, "DROP TRIGGER decisions_no_update", "UPDATE decisions SET label = 'blast' WHERE id = 1");
        assertTrue(problemsOf(db).stream().anyMatch(s -> s.startsWith("decision 1 ")), "sealed decisions are checked like new ones");
    }

    @Test
    void anInsertedDecisionIsNamed() throws Exception {
        Path db = signed("insert");
        sqlite(db, "INSERT INTO decisions(cell_id, reviewer, label, kind, decided_at) VALUES (3, 'dr-a', 'blast', 'assign', '2026-01-01')");
        List<String> p = problemsOf(db);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("cell 3:")), p.toString());
    }

    @Test
    void anEditedSignerIsNamed() throws Exception {
        Path db = signed("signer");
        sqlite(db, "UPDATE smears SET signed_by = 'dr-b'");
        List<String> p = problemsOf(db);
        assertTrue(p.stream().anyMatch(s -> s.contains("signed by dr-b") && s.contains("smear.signed by dr-a")), p.toString());
    }

    @Test
    void anAuditEventChangedBehindADroppedTriggerBreaksTheChain() throws Exception {
        Path db = signed("audit");
        editBehindTrigger(db, "audit_log", "audit_log_no_update", "UPDATE audit_log SET actor = 'someone else' WHERE action = 'smear.signed'");
        List<String> p = problemsOf(db);
        assertTrue(p.stream().anyMatch(s -> s.contains("smear.signed") && s.contains("does not follow")), p.toString());
        try (Workspace ws = Workspace.open(db)) {
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> new org.hemareview.dataset.DatasetExport(ws)
                    .export(new org.hemareview.dataset.DatasetExport.Options(org.hemareview.dataset.DatasetExport.Format.CSV, true, false),
                            dir.resolve("out"), (a, b) -> { }, () -> false));
            assertTrue(e.getMessage().contains("changed outside HemaReview"), e.getMessage());
        }
    }

    @Test
    void unsigningNeedsAReason() {
        Path db = signed("unsign");
        try (Workspace ws = Workspace.open(db)) {
            long smear = ws.smears().list().get(0).id();
            assertThrows(WorkspaceException.class, () -> ws.decisions().unsign(smear, "dr-b", " "));
            assertEquals(SmearStatus.SIGNED, ws.smears().byId(smear).orElseThrow().status());
            ws.decisions().unsign(smear, "dr-b", "second look at cell 2");
            assertEquals(List.of(), ws.verifyHistory(), "an audited unsign keeps the history intact");
        }
    }

    @Test
    void aSignedSmearExportsWhatItsSignerSignedUnderTheSignersName() throws Exception {
        Path db = signed("resign");
        try (Workspace ws = Workspace.open(db)) {
            long smear = ws.smears().list().get(0).id();
            long cell = ws.cells().cells(smear).get(0).id();
            ws.decisions().unsign(smear, "dr-a", "second opinion");
            ws.decisions().decide(cell, "dr-b", "lymphocyte", Decision.Kind.ASSIGN, null);
            ws.decisions().sign(smear, "dr-a");
            ReviewedCell exported = ws.decisions().reviewedCells().stream().filter(c -> c.cellId() == cell).findFirst().orElseThrow();
            assertEquals("neutrophil", exported.decided(), "the label dr-a signed, not dr-b's later one");
            assertEquals("dr-a", exported.reviewer());
            assertEquals(List.of(), ws.verifyHistory());
        }
    }
}
