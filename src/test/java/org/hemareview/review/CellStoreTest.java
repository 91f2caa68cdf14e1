package org.hemareview.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellStoreTest {
    @TempDir
    Path dir;

    private static NewCell cell(int x) {
        return new NewCell(List.of(new int[] {x, 0}, new int[] {x + 10, 0}, new int[] {x + 10, 10}), new org.hemareview.geometry.Box(x, 0, 10, 10), 50,
                new double[] {x + 5, 5}, x == 0, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    private static long smear(Workspace ws) {
        return ws.smears().register(new NewSmear(Path.of("/s.jpg"), "h", 100, 100, null), "t").smear().id();
    }

    @Test
    void reanalysingReplacesTheCellsAndRecordsTheScale() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            long s = smear(ws);
            ws.cells().replace(s, List.of(cell(0), cell(20), cell(40)), 0.05, "given", "t");
            List<Cell> second = ws.cells().replace(s, List.of(cell(60)), 0.06, "estimated", "t");
            assertEquals(1, second.size());
            assertEquals(60, ws.cells().cells(s).get(0).box().x());
            assertEquals(1, ws.cells().cells(s).get(0).number());
            assertEquals(0.06, ws.smears().umPerPx(s).orElseThrow());
            assertEquals("smear.analysed", ws.audit().latest(1).get(0).action());
            assertTrue(ws.audit().latest(1).get(0).details().contains("\"replaced\":3"));
        }
    }

    @Test
    void aFailedReanalysisKeepsTheOldCells() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            long s = smear(ws);
            ws.cells().replace(s, List.of(cell(0), cell(20)), 0.05, "given", "t");
            NewCell broken = new NewCell(List.of(), new org.hemareview.geometry.Box(0, 0, 0, 0), 0, new double[] {0, 0}, false, new byte[0]); // w = 0 violates a CHECK
            assertThrows(WorkspaceException.class, () -> ws.cells().replace(s, List.of(cell(80), broken), 0.05, "given", "t"));
            assertEquals(2, ws.cells().cells(s).size(), "no half state");
            assertEquals(0, ws.cells().cells(s).get(0).box().x());
        }
    }

    @Test
    void cellsAndTheirCallsAreOneTransaction() {
        try (Workspace ws = Workspace.open(dir.resolve("w2.db"))) {
            long s = smear(ws);
            List<Cell> first = ws.cells().replace(s, List.of(cell(0), cell(20)), 0.05, "given", "t",
                    stored -> stored.stream().map(c -> new StoredPrediction(c.id(), "m 1", "sha", "neutrophil", 0.9,
                            java.util.Map.of("neutrophil", 0.9))).toList());
            assertEquals(2, ws.predictions().latest(s).size(), "stored with their cells");
            // the calls cannot be written (a call for a cell that does not exist): the new cells are not kept either
            assertThrows(WorkspaceException.class, () -> ws.cells().replace(s, List.of(cell(40), cell(60), cell(80)), 0.05, "given", "t",
                    stored -> List.of(new StoredPrediction(999_999, "m 1", "sha", "neutrophil", 0.9, java.util.Map.of()))));
            assertEquals(first.stream().map(Cell::id).toList(), ws.cells().cells(s).stream().map(Cell::id).toList(), "no cells without calls");
            assertEquals(2, ws.predictions().latest(s).size());
        }
    }

    @Test
    void reAnalysisIsRefusedOnceAReviewerDrewOrDeletedACell() {
        try (Workspace ws = Workspace.open(dir.resolve("w3.db"))) {
            long s = smear(ws);
            List<Cell> cells = ws.cells().replace(s, List.of(cell(0), cell(20)), 0.05, "given", "t");
            ws.cells().addDrawn(s, cell(60), "dr-a");
            WorkspaceException drawn = assertThrows(WorkspaceException.class, () -> ws.cells().replace(s, List.of(cell(80)), 0.05, "given", "t"));
            assertTrue(drawn.getMessage().contains("drew or deleted"), drawn.getMessage());
            assertEquals(3, ws.cells().cells(s).size(), "the drawn cell is kept");
            long other = ws.smears().register(new NewSmear(Path.of("/other.jpg"), "other-sha", 100, 100, null), "t").smear().id();
            List<Cell> two = ws.cells().replace(other, List.of(cell(0), cell(20)), 0.05, "given", "t");
            ws.cells().delete(two.get(0).id(), "dr-a");
            assertThrows(WorkspaceException.class, () -> ws.cells().replace(other, List.of(cell(0), cell(20)), 0.05, "given", "t"),
                    "a deleted cell would come back");
            assertEquals(2, cells.size());
        }
    }

    @Test
    void twoWritersOnOneWorkspaceBothSucceed() throws Exception {
        Path file = dir.resolve("shared.db");
        List<Cell> cells;
        try (Workspace ws = Workspace.open(file)) {
            cells = DecisionStoreTest.smearWithCells(ws, "shared", 40);
        }
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> writers = new java.util.ArrayList<>();
        for (String reviewer : List.of("dr-a", "dr-b")) {
            writers.add(new Thread(() -> {
                try (Workspace ws = Workspace.open(file)) { // a connection of its own, as a second window or an analyze run has
                    for (int round = 0; round < 3; round++) {
                        for (Cell c : cells) {
                            try {
                                ws.decisions().decide(c.id(), reviewer, round % 2 == 0 ? "neutrophil" : "lymphocyte", Decision.Kind.ASSIGN, null);
                            } catch (RuntimeException e) {
                                failures.incrementAndGet();
                            }
                        }
                    }
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread w : writers) {
            w.join();
        }
        assertEquals(0, failures.get(), "no write lost to SQLITE_BUSY");
        try (Workspace ws = Workspace.open(file)) {
            assertEquals(List.of(), ws.verifyHistory());
            assertEquals(40, ws.decisions().current(cells.get(0).smearId(), "dr-b").size());
        }
    }

    @Test
    void deletingAndDrawingCellsAreAuditedAndKeepNumbers() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            long s = smear(ws);
            List<Cell> cells = ws.cells().replace(s, List.of(cell(0), cell(20)), 0.05, "given", "t");
            ws.cells().delete(cells.get(0).id(), "dr-a");
            assertEquals("cell.deleted", ws.audit().latest(1).get(0).action());
            assertEquals("dr-a", ws.audit().latest(1).get(0).actor());
            assertThrows(WorkspaceException.class, () -> ws.cells().delete(cells.get(0).id(), "dr-a"), "deleting twice is an error");
            Cell drawn = ws.cells().addDrawn(s, cell(70), "dr-b");
            assertEquals(3, drawn.number(), "numbers are never reused");
            assertEquals("reviewer", drawn.source());
            assertEquals("cell.drawn", ws.audit().latest(1).get(0).action());
            assertEquals(List.of(2, 3), ws.cells().cells(s).stream().map(Cell::number).toList());
            assertEquals(4, ws.cells().crop(drawn.id()).orElseThrow().length);
        }
    }
}
