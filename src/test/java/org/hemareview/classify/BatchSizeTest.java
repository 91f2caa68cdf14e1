package org.hemareview.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A smear's cells are split into batches that keep every worker equally busy, never larger than {@link CellClassifier#BATCH}. */
class BatchSizeTest {
    @Test
    void aSmearsCellsAreSharedEvenlyBetweenTheWorkers() {
        assertEquals(9, CellClassifier.batchSize(18, 2), "18 cells on two workers: 9 + 9, not 16 + 2");
        assertEquals(8, CellClassifier.batchSize(16, 2));
        assertEquals(2, CellClassifier.batchSize(3, 2));
        assertEquals(1, CellClassifier.batchSize(1, 2));
        assertEquals(9, CellClassifier.batchSize(33, 2), "four batches of at most 9: two rounds of 9, not 16 + 16 + 1");
        assertEquals(16, CellClassifier.batchSize(512, 2), "a long run keeps full batches");
        assertEquals(14, CellClassifier.batchSize(40, 1));
    }

    @Test
    void everyCropIsInABatchAndNoBatchIsLargerThanTheMaximum() {
        for (int workers = 1; workers <= 4; workers++) {
            for (int n = 1; n <= 300; n++) {
                int size = CellClassifier.batchSize(n, workers);
                int batches = (n + size - 1) / size;
                assertTrue(size >= 1 && size <= CellClassifier.BATCH, n + " crops, " + workers + " workers: " + size);
                assertTrue(batches * size >= n && (batches - 1) * size < n, n + " crops in " + batches + " batches of " + size);
                // no batch is larger than a worker's fair share: the smear is done when its largest batch is
                assertTrue(size <= (n + workers - 1) / workers, n + " crops on " + workers + " workers in batches of " + size);
            }
        }
    }
}
