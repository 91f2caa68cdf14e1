package org.hemareview.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.hemareview.review.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code verify}: checks the workspace's history (audit chain, decisions, sign-offs) and names every break. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check that the workspace's history was not changed outside HemaReview (exit 0 intact, 1 with the breaks listed).")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    HemaReviewCommand parent;

    @Override
    public Integer call() {
        try (Workspace ws = Workspace.open(parent.workspace)) {
            List<String> problems = ws.verifyHistory();
            if (problems.isEmpty()) {
                System.out.printf("%s: history intact (%d audit events chained, decisions and sign-offs match them)%n", ws.file(), ws.audit().count());
                return 0;
            }
            System.out.printf("%s: %d break(s) in the history%n", ws.file(), problems.size());
            problems.forEach(p -> System.out.println("  " + p));
            return 1;
        }
    }
}
