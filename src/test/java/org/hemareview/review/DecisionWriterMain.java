package org.hemareview.review;

import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link CrashSafetyTest}: writes decisions as fast as it can and prints
 * one line per decision after the store returned it (i.e. after the commit).
 */
public final class DecisionWriterMain {
    private DecisionWriterMain() {
    }

    public static void main(String[] args) {
        try (Workspace ws = Workspace.open(Path.of(args[0]))) {
            long smear = Long.parseLong(args[1]);
            List<Cell> cells = ws.cells().cells(smear);
            String[] labels = {"neutrophil", "lymphocyte", "monocyte", "eosinophil"};
            System.out.println("ready");
            System.out.flush();
            for (int i = 0; ; i++) {
                Cell c = cells.get(i % cells.size());
                Decision d = ws.decisions().decide(c.id(), "writer", labels[i % labels.length], Decision.Kind.ASSIGN, "m");
                System.out.println("committed " + d.id() + " " + d.cellId() + " " + d.label());
                System.out.flush();
            }
        }
    }
}
