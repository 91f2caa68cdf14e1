package org.hemareview.review;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trainee practice: the pool is signed smears only, answers are stored apart from decisions, the statistics and the deck. */
class PracticeTest {
    @TempDir
    Path dir;

    @Test
    void thePoolIsTheSignedSmearsCellsUnderTheSignersClass() {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            List<Cell> signed = DecisionStoreTest.smearWithCells(ws, "a", 3);
            List<Cell> open = DecisionStoreTest.smearWithCells(ws, "b", 2);
            ws.decisions().decide(signed.get(0).id(), "dr-a", "neutrophil", Decision.Kind.ASSIGN, null);
            ws.decisions().decide(signed.get(1).id(), "dr-a", "monocyte", Decision.Kind.ASSIGN, null);
            ws.decisions().decide(signed.get(2).id(), "dr-a", ReviewLabels.NOT_A_CELL, Decision.Kind.ASSIGN, null);
            ws.decisions().sign(signed.get(0).smearId(), "dr-a");
            ws.decisions().decide(open.get(0).id(), "dr-b", "lymphocyte", Decision.Kind.ASSIGN, null);
            List<PracticeDeck.Item> pool = PracticeDeck.fromSignedSmears(ws);
            assertEquals(List.of("cell:" + signed.get(0).id(), "cell:" + signed.get(1).id()), pool.stream().map(PracticeDeck.Item::key).toList(),
                    "class-labelled cells of signed smears only: no unsigned smear, no 'not a white cell'");
            assertEquals(List.of("neutrophil", "monocyte"), pool.stream().map(PracticeDeck.Item::truth).toList());
        }
    }

    @Test
    void answersAreStoredApartAndChangeNoDecisionCountOrSignOff() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("w.db"))) {
            assertTrue(ws.schemaVersion() >= 7, "practice answers came with schema 7");
            List<Cell> cells = DecisionStoreTest.smearWithCells(ws, "a", 2);
            long smear = cells.get(0).smearId();
            ws.decisions().decide(cells.get(0).id(), "dr-a", "neutrophil", Decision.Kind.ASSIGN, null);
            ws.decisions().decide(cells.get(1).id(), "dr-a", "monocyte", Decision.Kind.ASSIGN, null);
            ws.decisions().sign(smear, "dr-a");
            int decisions = ws.decisions().count();
            long audit = ws.audit().count();
            Map<Long, Decision> before = ws.decisions().current(smear, "dr-a");
            int round = ws.practice().nextRound("trainee-t");
            assertEquals(1, round);
            ws.practice().record(new PracticeAnswer("trainee-t", round, "cell:" + cells.get(0).id(), "neutrophil", "lymphocyte", "neutrophil", 0.9, Instant.now()));
            ws.practice().record(new PracticeAnswer("trainee-t", round, "cell:" + cells.get(1).id(), "monocyte", "monocyte", "monocyte", 0.7, Instant.now()));
            assertEquals(2, ws.practice().nextRound("trainee-t"));
            assertEquals(decisions, ws.decisions().count(), "a trainee's answer is no decision");
            assertEquals(audit, ws.audit().count());
            assertEquals(before, ws.decisions().current(smear, "dr-a"));
            assertEquals(SmearStatus.SIGNED, ws.smears().byId(smear).orElseThrow().status());
            assertEquals(List.of(), ws.decisions().current(smear, "trainee-t").values().stream().toList());

            List<PracticeAnswer> answers = ws.practice().answers("trainee-t");
            assertEquals(2, answers.size());
            assertEquals(List.of("trainee-t"), ws.practice().trainees());
            Path csv = dir.resolve("out/trainee.csv");
            Files.createDirectories(csv.getParent());
            ws.practice().exportCsv("trainee-t", csv);
            List<String> lines = Files.readAllLines(csv);
            assertEquals("trainee,round,item,truth,answer,right,model_label,model_confidence,answered_at", lines.get(0));
            assertTrue(lines.get(1).startsWith("trainee-t,1,cell:" + cells.get(0).id() + ",neutrophil,lymphocyte,false,neutrophil,0.9000,"), lines.get(1));
            assertEquals(3, lines.size());
        }
    }

    @Test
    void perClassAccuracyRoundProgressAndTheConfusionMatrix() {
        List<PracticeAnswer> a = List.of(answer(1, "x1", "neutrophil", "neutrophil"), answer(1, "x2", "monocyte", "lymphocyte"),
                answer(2, "x3", "monocyte", "monocyte"), answer(2, "x4", "neutrophil", "neutrophil"));
        assertArrayEquals(new int[] {1, 2}, PracticeStore.byClass(a).get("monocyte"));
        assertArrayEquals(new int[] {2, 2}, PracticeStore.byClass(a).get("neutrophil"));
        assertEquals(Map.of(1, 0.5, 2, 1.0), PracticeStore.byRound(a));
        PracticeStore.Confusion m = PracticeStore.confusion(a);
        assertEquals(List.of("lymphocyte", "monocyte", "neutrophil"), m.classes());
        assertArrayEquals(new int[] {0, 0, 0}, m.counts()[0]);
        assertArrayEquals(new int[] {1, 1, 0}, m.counts()[1], "one monocyte called lymphocyte, one right");
        assertArrayEquals(new int[] {0, 0, 2}, m.counts()[2]);
    }

    @Test
    void theNextRoundFavoursTheClassesAndCropsTheTraineeMisses() {
        List<PracticeDeck.Item> pool = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pool.add(new PracticeDeck.Item("n" + i, "neutrophil", i, null));
            pool.add(new PracticeDeck.Item("m" + i, "monocyte", 100 + i, null));
        }
        List<PracticeAnswer> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(answer(1, "n" + i, "neutrophil", "neutrophil")); // always right
            history.add(answer(1, "m" + i, "monocyte", "lymphocyte")); // always missed
        }
        int monocytes = 0;
        int missedAgain = 0;
        int draws = 0;
        for (long seed = 0; seed < 200; seed++) {
            for (PracticeDeck.Item item : PracticeDeck.draw(pool, history, 10, seed)) {
                draws++;
                monocytes += item.truth().equals("monocyte") ? 1 : 0;
                missedAgain += item.key().matches("m[0-9]") ? 1 : 0;
            }
        }
        assertEquals(2000, draws);
        assertTrue(monocytes > 0.7 * draws, "the missed class comes up most: " + monocytes + " of " + draws);
        assertTrue(missedAgain / 10.0 > (monocytes - missedAgain) / 20.0, "a crop answered wrong comes back more often than a new one of its class");
        List<PracticeDeck.Item> fresh = PracticeDeck.draw(pool, List.of(), 60, 1);
        assertEquals(60, fresh.size());
        assertEquals(60, fresh.stream().map(PracticeDeck.Item::key).distinct().count(), "no crop twice in a round");
    }

    @Test
    void theTeachingSetIsTheBundledPbcCropsByClass() throws Exception {
        List<PracticeDeck.Item> set = PracticeDeck.teachingSet(Path.of("sample-data/pbc-cells"));
        assertTrue(set.size() >= 16, "the bundled teaching crops: " + set.size());
        assertEquals(8, PracticeDeck.classes(set).size());
        set.forEach(i -> assertTrue(Files.isRegularFile(i.file()) && i.file().getParent().getFileName().toString().equals(i.truth())));
        assertEquals(List.of(), PracticeDeck.teachingSet(dir.resolve("absent")));
    }

    private static PracticeAnswer answer(int round, String item, String truth, String given) {
        return new PracticeAnswer("t", round, item, truth, given, null, null, Instant.parse("2026-12-02T10:00:00Z"));
    }
}
