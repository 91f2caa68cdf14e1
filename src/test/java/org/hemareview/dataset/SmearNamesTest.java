package org.hemareview.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hemareview.geometry.Box;
import org.hemareview.review.ReviewedCell;
import org.junit.jupiter.api.Test;

/** An export's file names never let two smears share a file, whatever the smears' own file names. */
class SmearNamesTest {
    private static ReviewedCell cell(long smear, String path) {
        return new ReviewedCell(smear, Path.of(path), 640, 480, smear * 100, 1, new Box(0, 0, 10, 10), 100, List.of(),
                "neutrophil", 0.9, "m", null, null, null);
    }

    @Test
    void everyNameCarriesItsWorkspaceId() {
        assertEquals(Map.of(1L, "a-1", 2L, "b-2"), DatasetExport.smearNames(List.of(cell(1, "x/a.jpg"), cell(2, "y/b.jpg")), false));
    }

    @Test
    void smearsNamedAlikeStayApart() {
        assertEquals(Map.of(5L, "a-5", 7L, "a-7"), DatasetExport.smearNames(List.of(cell(5, "x/a.jpg"), cell(7, "y/a.jpg")), false));
    }

    @Test
    void anIdNameThatMeetsAnotherSmearsOwnNameStillCollidesWithNothing() {
        // an earlier rule made "a.jpg" (smear 5) "a-5", the same as the smear whose file is called "a-5.jpg": one file for two
        Map<Long, String> names = DatasetExport.smearNames(List.of(cell(5, "x/a.jpg"), cell(7, "y/a.jpg"), cell(9, "z/a-5.jpg")), false);
        assertEquals(3, names.values().stream().distinct().count(), names.toString());
        assertEquals(Map.of(5L, "a-5", 7L, "a-7", 9L, "a-5-9"), names);
    }

    @Test
    void deidentifiedNamesAreOpaqueIds() {
        assertEquals(Map.of(3L, "smear-00003"), DatasetExport.smearNames(List.of(cell(3, "x/Doe_John.jpg")), true));
    }
}
