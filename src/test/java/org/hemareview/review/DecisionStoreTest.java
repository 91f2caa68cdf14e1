package org.hemareview.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionStoreTest {
    @TempDir
    Path dir;

    static List<Cell> smearWithCells(Workspace ws, String sha, int n) {
        long s = ws.smears().register(new NewSmear(Path.of("/" + sha + ".jpg"), sha, 100, 100, null), "t").smear().id();
        List<NewCell> cells = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            cells.add(new NewCell(List.of(new int[] {i, 0}, new int[] {i + 5, 0}, new int[] {i + 5, 5}), new org.hemareview.geometry.Box(i, 0, 5, 5), 12,
                    new double[] {i + 2, 2}, false, new byte[] {1}));
        }
        return ws.cells().replace(s, cells, 0.1, "given", "t");
    }

    @Test
    void aDecisionIsStoredWithItsPreviousLabelAuditedAndMovesTheSmearInProgress() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            List<Cell> cells = smearWithCells(ws, "a", 3);
            long smear = cells.get(0).smearId();
            assertEquals(SmearStatus.UNREVIEWED, ws.smears().byId(smear).orElseThrow().status());
            ws.decisions().decide(cells.get(0).id(), "dr-a", "neutrophil", Decision.Kind.CONFIRM, "m1");
            Decision second = ws.decisions().decide(cells.get(0).id(), "dr-a", "monocyte", Decision.Kind.ASSIGN, "m1");
            assertEquals("neutrophil", second.previousLabel());
            assertEquals("monocyte", ws.decisions().current(smear, "dr-a").get(cells.get(0).id()).label());
            assertEquals(SmearStatus.IN_PROGRESS, ws.smears().byId(smear).orElseThrow().status());
            AuditEvent e = ws.audit().latest(1).get(0);
            assertEquals("cell.decided", e.action());
            assertEquals("dr-a", e.actor());
            assertTrue(e.details().contains("\"previous\":\"neutrophil\""), e.details());
            assertEquals(2, ws.decisions().history(cells.get(0).id()).size());
        }
    }

    @Test
    void undoAppendsAReversingRowAndWalksBackInTime() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            List<Cell> cells = smearWithCells(ws, "a", 3);
            long smear = cells.get(0).smearId();
            long c1 = cells.get(0).id();
            long c2 = cells.get(1).id();
            ws.decisions().decide(c1, "dr-a", "lymphocyte", Decision.Kind.ASSIGN, null);
            ws.decisions().decide(c2, "dr-a", ReviewLabels.UNSURE, Decision.Kind.ASSIGN, null);
            ws.decisions().decide(c1, "dr-a", "monocyte", Decision.Kind.ASSIGN, null);

            Decision u1 = ws.decisions().undoLast(smear, "dr-a").orElseThrow();
            assertEquals(Decision.Kind.UNDO, u1.kind());
            assertEquals("lymphocyte", u1.label());
            assertEquals("lymphocyte", ws.decisions().current(smear, "dr-a").get(c1).label());
            ws.decisions().undoLast(smear, "dr-a"); // c2 back to undecided
            assertFalse(ws.decisions().current(smear, "dr-a").containsKey(c2));
            ws.decisions().undoLast(smear, "dr-a"); // c1 back to undecided
            assertTrue(ws.decisions().current(smear, "dr-a").isEmpty());
            assertTrue(ws.decisions().undoLast(smear, "dr-a").isEmpty(), "nothing left to undo");
            assertEquals(6, ws.decisions().count(), "undo never deletes: 3 decisions + 3 undos");
            assertEquals("decision.undone", ws.audit().latest(1).get(0).action());
        }
    }

    @Test
    void decisionsAreAppendOnly() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            List<Cell> cells = smearWithCells(ws, "a", 1);
            ws.decisions().decide(cells.get(0).id(), "dr-a", "basophil", Decision.Kind.ASSIGN, null);
            assertThrows(WorkspaceException.class, () -> ws.write(c -> c.createStatement().executeUpdate("UPDATE decisions SET label = 'x'")));
        }
    }

    @Test
    void twoReviewersKeepSeparateCallsAndKappaMatchesTheHandComputedValue() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            List<Cell> cells = smearWithCells(ws, "a", 10);
            long smear = cells.get(0).smearId();
            // 10 cells: A says N N N N N L L L L M, B says N N N N L L L L M M
            String[] a = {"N", "N", "N", "N", "N", "L", "L", "L", "L", "M"};
            String[] b = {"N", "N", "N", "N", "L", "L", "L", "L", "M", "M"};
            for (int i = 0; i < 10; i++) {
                ws.decisions().decide(cells.get(i).id(), "dr-a", a[i], Decision.Kind.ASSIGN, null);
                ws.decisions().decide(cells.get(i).id(), "dr-b", b[i], Decision.Kind.ASSIGN, null);
            }
            assertEquals("N", ws.decisions().current(smear, "dr-a").get(cells.get(4).id()).label());
            assertEquals("L", ws.decisions().current(smear, "dr-b").get(cells.get(4).id()).label());
            Map<String, Map<Long, String>> byReviewer = ws.decisions().labelsByReviewer(smear);
            Agreement ag = Agreement.between(byReviewer.get("dr-a"), byReviewer.get("dr-b"));
            // p_o = 8/10; p_e = 0.5*0.4 + 0.4*0.4 + 0.1*0.2 = 0.38; kappa = (0.8-0.38)/(1-0.38) = 0.6774...
            assertEquals(10, ag.compared());
            assertEquals(8, ag.agreed());
            assertEquals(0.42 / 0.62, ag.kappa(), 1e-12);
            assertEquals(List.of(cells.get(4).id(), cells.get(8).id()), ag.disagreements());
            assertEquals(2, ws.decisions().labelsByReviewer(null).size());
        }
    }

    @Test
    void kappaEdgeCases() {
        Map<Long, String> same = Map.of(1L, "N", 2L, "N");
        assertEquals(1.0, Agreement.between(same, same).kappa());
        assertTrue(Double.isNaN(Agreement.between(Map.of(1L, "N"), Map.of(2L, "N")).kappa()));
        Map<Long, String> x = Map.of(1L, "N", 2L, "L");
        Map<Long, String> y = Map.of(1L, "L", 2L, "N");
        assertEquals(-1.0, Agreement.between(x, y).kappa(), 1e-12); // p_o 0, p_e 0.5
    }

    @Test
    void signingNeedsEveryCellSettledAndLocksTheSmearUntilAnAuditedUnsign() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            List<Cell> cells = smearWithCells(ws, "a", 3);
            long smear = cells.get(0).smearId();
            ws.decisions().decide(cells.get(0).id(), "dr-a", "neutrophil", Decision.Kind.CONFIRM, null);
            ws.decisions().decide(cells.get(1).id(), "dr-a", ReviewLabels.UNSURE, Decision.Kind.ASSIGN, null);
            ws.decisions().decide(cells.get(2).id(), "dr-a", ReviewLabels.SKIPPED, Decision.Kind.ASSIGN, null);
            WorkspaceException open = assertThrows(WorkspaceException.class, () -> ws.decisions().sign(smear, "dr-a"));
            assertTrue(open.getMessage().contains("1 cell(s)"), open.getMessage());
            ws.decisions().decide(cells.get(1).id(), "dr-a", ReviewLabels.NOT_A_CELL, Decision.Kind.ASSIGN, null);
            ws.decisions().sign(smear, "dr-a");
            assertEquals(SmearStatus.SIGNED, ws.smears().byId(smear).orElseThrow().status());
            assertEquals("dr-a", ws.decisions().signedBy(smear).orElseThrow());

            int before = ws.decisions().count();
            assertThrows(SmearLockedException.class, () -> ws.decisions().decide(cells.get(0).id(), "dr-a", "monocyte", Decision.Kind.ASSIGN, null));
            assertThrows(SmearLockedException.class, () -> ws.decisions().undoLast(smear, "dr-a"));
            assertThrows(SmearLockedException.class, () -> ws.cells().delete(cells.get(0).id(), "dr-a"));
            assertThrows(SmearLockedException.class, () -> ws.cells().replace(smear, List.of(), 0.1, "given", "dr-a"));
            assertEquals(before, ws.decisions().count());

            ws.decisions().unsign(smear, "dr-a", "typo in cell 1");
            assertEquals("smear.unsigned", ws.audit().latest(1).get(0).action());
            assertEquals(SmearStatus.IN_PROGRESS, ws.smears().byId(smear).orElseThrow().status());
            ws.decisions().decide(cells.get(0).id(), "dr-a", "monocyte", Decision.Kind.ASSIGN, null);
        }
    }

    @Test
    void reanalysisIsRefusedOnceReviewersDecidedSoNoDecisionIsLost() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            List<Cell> cells = smearWithCells(ws, "a", 2);
            ws.decisions().decide(cells.get(0).id(), "dr-a", "neutrophil", Decision.Kind.ASSIGN, null);
            WorkspaceException e = assertThrows(WorkspaceException.class,
                    () -> ws.cells().replace(cells.get(0).smearId(), List.of(), 0.1, "given", "t"));
            assertTrue(e.getMessage().contains("1 reviewer decision"), e.getMessage());
            assertEquals(2, ws.cells().cells(cells.get(0).smearId()).size());
        }
    }

    @Test
    void differentialCountCountsClassesOnlyAndFlagsImmatureCells() {
        Map<Long, String> labels = new HashMap<>();
        labels.put(1L, "neutrophil");
        labels.put(2L, "neutrophil");
        labels.put(3L, "ig");
        labels.put(4L, ReviewLabels.NOT_A_CELL);
        labels.put(5L, ReviewLabels.UNSURE);
        labels.put(6L, "lymphocyte");
        DifferentialCount d = DifferentialCount.of(List.of("ig", "lymphocyte", "neutrophil"), List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), labels, 100);
        assertEquals(4, d.counted());
        assertEquals(50.0, d.percent("neutrophil"), 1e-9);
        assertEquals(1, d.notACell());
        assertEquals(1, d.unsure());
        assertEquals(1, d.undecided());
        assertEquals(0.04, d.progress(), 1e-9);
        assertTrue(d.flags().get(0).startsWith("Immature cells present: ig 1"), d.flags().toString());
        assertNull(DifferentialCount.of(List.of("neutrophil"), List.of(1L), Map.of(1L, "neutrophil"), 100).flags().stream()
                .filter(f -> f.startsWith("Immature") || f.startsWith("blasts")).findFirst().orElse(null));
    }

    @Test
    void blastsAreFlaggedFirstWithTheirShareOfTheCountedCells() {
        Map<Long, String> labels = new HashMap<>();
        for (long i = 1; i <= 8; i++) {
            labels.put(i, i <= 3 ? "blast" : i <= 7 ? "neutrophil" : ReviewLabels.NOT_A_CELL);
        }
        labels.put(9L, "ig");
        DifferentialCount d = DifferentialCount.of(List.of("blast", "ig", "neutrophil"), List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), labels, 100);
        assertEquals(List.of("blasts: 3 (37.5 %)", "Immature cells present: ig 1"), d.flags().subList(0, 2));
        assertEquals(3, d.blasts().blasts());
        assertEquals(8, d.blasts().counted());
        assertEquals("blasts: 0 (0.0 %)", BlastCount.of(Map.of("neutrophil", 4)).text());
        assertFalse(BlastCount.of(Map.of()).present());
    }
}
