package org.hemareview.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hemareview.analysis.SmearImporter;
import org.hemareview.image.ImageReadException;
import org.hemareview.image.SmearImageReader;
import org.hemareview.review.SmearStore.Registration;
import org.hemareview.review.Workspace;
import org.hemareview.review.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Adds smear files to a workspace; bad files are reported and skipped, the rest still imported. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Add smear images to the workspace.")
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    HemaReviewCommand parent;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG, JPEG, TIFF or BMP smear images.")
    List<Path> images;

    @Override
    public Integer call() {
        int failed = 0;
        try (Workspace ws = Workspace.open(parent.workspace)) {
            SmearImporter importer = new SmearImporter(ws, new SmearImageReader(), Workspaces.systemActor());
            for (Path p : images) {
                try {
                    Registration r = importer.importFile(p);
                    System.out.printf("%s smear %d  %dx%d  %s%n", r.alreadyPresent() ? "already" : "added  ", r.smear().id(),
                            r.smear().width(), r.smear().height(), p);
                } catch (ImageReadException e) {
                    System.err.println("error: " + e.getMessage());
                    failed++;
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
