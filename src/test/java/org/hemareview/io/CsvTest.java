package org.hemareview.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void aQuotedFieldKeepsItsCommas() {
        // DeepAPL's labels.csv: the CellaVision class name of a blast holds a comma
        assertArrayEquals(new String[] {"blast/P_01_x.jpg", "blast", "Blast, no lineage spec", "Patient_01", "AML"},
                Csv.fields("blast/P_01_x.jpg,blast,\"Blast, no lineage spec\",Patient_01,AML"));
        assertArrayEquals(new String[] {"a", "say \"hi\"", ""}, Csv.fields("a,\"say \"\"hi\"\"\","));
    }

    @Test
    void aWrittenFieldReadsBackAndIsNeverAFormula() {
        for (String s : new String[] {"plain", "Blast, no lineage spec", "say \"hi\"", "two\nlines"}) {
            assertArrayEquals(new String[] {s}, Csv.fields(Csv.field(s)));
        }
        assertEquals("'=HYPERLINK(\"x\")", Csv.fields(Csv.field("=HYPERLINK(\"x\")"))[0]);
        assertEquals("-12.5", Csv.field("-12.5"), "a negative number stays a number");
    }
}
