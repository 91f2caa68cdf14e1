package org.hemareview.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class CellTableCsvTest {
    @Test
    void aQuotedFieldKeepsItsCommas() {
        // DeepAPL's labels.csv: the CellaVision class name of a blast holds a comma
        assertArrayEquals(new String[] {"blast/P_01_x.jpg", "blast", "Blast, no lineage spec", "Patient_01", "AML"},
                PrepareCellsCommand.csvFields("blast/P_01_x.jpg,blast,\"Blast, no lineage spec\",Patient_01,AML"));
        assertArrayEquals(new String[] {"a", "say \"hi\"", ""}, PrepareCellsCommand.csvFields("a,\"say \"\"hi\"\"\","));
    }
}
