package org.hemareview.cli;

import java.util.concurrent.Callable;
import org.hemareview.review.Smear;
import org.hemareview.review.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Lists the workspace's smears. */
@Command(name = "smears", mixinStandardHelpOptions = true, description = "List the smears in the workspace.")
final class SmearsCommand implements Callable<Integer> {
    @ParentCommand
    HemaReviewCommand parent;

    @Override
    public Integer call() {
        try (Workspace ws = Workspace.open(parent.workspace)) {
            for (Smear s : ws.smears().list()) {
                System.out.printf("%d\t%dx%d\t%s\t%s%n", s.id(), s.width(), s.height(), s.status().label(), s.path());
            }
        }
        return 0;
    }
}
