package org.hemareview.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassKeysTest {
    private static final List<String> TEN = List.of("basophil", "blast", "eosinophil", "erythroblast", "ig", "lymphocyte", "monocyte",
            "neutrophil", "platelet", "smudge");

    @Test
    void digitsOneToNineThenZeroAssignTenClasses() {
        assertEquals(0, ClassKeys.indexOf(1, 10));
        assertEquals(8, ClassKeys.indexOf(9, 10));
        assertEquals(9, ClassKeys.indexOf(0, 10));
        assertEquals("0", ClassKeys.label(9));
        assertEquals("1", ClassKeys.label(0));
        assertEquals("1\u20139, 0", ClassKeys.range(TEN));
    }

    @Test
    void keysBeyondTheModelsClassesAssignNothing() {
        assertEquals(-1, ClassKeys.indexOf(0, 8), "0 with eight classes");
        assertEquals(-1, ClassKeys.indexOf(9, 8));
        assertEquals(7, ClassKeys.indexOf(8, 8));
        assertEquals("1\u20138", ClassKeys.range(TEN.subList(0, 8)));
        assertEquals("", ClassKeys.label(10));
    }
}
