package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Models window's "trained on" column names a cell table's labs, not its path, so ten-class rows stay narrow. */
class ModelsTrainedOnTest {
    @Test
    void aCellTableShowsItsLabsAndAFolderShowsItself() {
        assertEquals("bccd, deepapl, pbc", ModelsWindow.trainedOn(Map.of("data", "/tmp/cells3/cells.csv labs [bccd, deepapl, pbc], part train",
                "labs", java.util.List.of("bccd", "deepapl", "pbc"))));
        assertEquals("../shared/data/pbc/train", ModelsWindow.trainedOn(Map.of("data", "../shared/data/pbc/train")));
        assertEquals("", ModelsWindow.trainedOn(Map.of()));
        assertEquals("", ModelsWindow.trainedOn(null));
    }

    @Test
    void theBundledModelsRowNamesItsLabsNotAPath() throws Exception {
        var bundled = org.hemareview.model.ModelPackage.readManifest(org.hemareview.model.DefaultModel.folder().orElseThrow());
        String row = ModelsWindow.trainedOn(bundled.training());
        org.junit.jupiter.api.Assertions.assertFalse(row.contains("/"), row);
        org.junit.jupiter.api.Assertions.assertTrue(row.contains("pbc"), row);
    }
}
