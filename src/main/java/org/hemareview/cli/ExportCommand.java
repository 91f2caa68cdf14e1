package org.hemareview.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemareview.dataset.DatasetExport;
import org.hemareview.review.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Exports the workspace's cells as an ImageFolder tree, a CSV or COCO JSON. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export cells as a dataset (imagefolder, csv or coco).")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    HemaReviewCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", required = true, description = "imagefolder | csv | coco")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--reviewed-only", description = "Only cells a reviewer decided (else the model's call stands in for undecided cells).")
    boolean reviewedOnly;

    @Option(names = "--overwrite", description = "Empty a non-empty --out folder first (else an export needs an empty or new folder).")
    boolean overwrite;

    @Option(names = "--deidentify", description = "Opaque ids instead of smear names and paths; no reviewer names or dates; images re-encoded without metadata.")
    boolean deidentify;

    @Override
    public Integer call() throws Exception {
        DatasetExport.Format f;
        try {
            f = DatasetExport.Format.parse(format);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DatasetExport.Options options = new DatasetExport.Options(f, reviewedOnly, deidentify, overwrite);
        long start = System.nanoTime();
        try (Workspace ws = Workspace.open(parent.workspace)) {
            int[] lastPercent = {-1};
            DatasetExport.Summary s = new DatasetExport(ws).export(options, out, (done, total) -> {
                int pct = total == 0 ? 100 : 100 * done / total;
                if (pct / 10 != lastPercent[0] / 10) {
                    lastPercent[0] = pct;
                    System.out.printf("  %d %% (%d/%d cells)%n", pct, done, total);
                }
            }, () -> false);
            s.warnings().forEach(w -> System.err.println("warning: " + w));
            System.out.printf("exported %d cells from %d smear(s) as %s to %s (%d files) in %.1f s%n", s.cells(), s.smears(),
                    format.toLowerCase(java.util.Locale.ROOT), out, s.files(), (System.nanoTime() - start) / 1e9);
            s.perClass().forEach((k, v) -> System.out.printf("  %-14s %d%n", k, v));
            System.out.println("  " + org.hemareview.review.BlastCount.of(s.perClass()).text());
        }
        return 0;
    }
}
