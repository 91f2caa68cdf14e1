package org.hemareview.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hemareview.model.DefaultModel;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Workspace;
import org.hemareview.review.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import org.hemareview.analysis.ModelAudit;

/** The workspace's model versions: list, import, promote, roll back (each change audited). */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List, import, promote or roll back the workspace's model versions.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Import.class, ModelsCommand.Promote.class, ModelsCommand.Rollback.class})
final class ModelsCommand implements Callable<Integer> {
    @ParentCommand
    HemaReviewCommand parent;

    @Override
    public Integer call() {
        return new ListModels().list(parent.workspace);
    }

    static ModelRegistry registry(Workspace ws) throws java.io.IOException {
        return ModelRegistry.forWorkspace(ws.file(), DefaultModel.folder(), Workspaces.systemActor(), ModelAudit.into(ws));
    }

    static String metric(org.hemareview.model.Manifest m, String key) {
        var v = m.metric(key);
        return v.isPresent() ? String.format(Locale.ROOT, "%.3f", v.getAsDouble()) : "-";
    }

    @Command(name = "list", description = "Every version with its source, metrics and the active one marked.")
    static final class ListModels implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Override
        public Integer call() {
            return list(models.parent.workspace);
        }

        int list(Path workspaceFile) {
            try (Workspace ws = Workspace.open(workspaceFile)) {
                ModelRegistry r = registry(ws);
                String active = r.active().map(ModelRegistry.Entry::id).orElse("");
                System.out.printf("%-2s %-34s %-8s %-16s %5s %8s %8s %9s  %s%n", "", "id", "source", "architecture", "input", "val acc", "val F1",
                        "test acc", "registered");
                for (ModelRegistry.Entry e : r.list()) {
                    var m = e.manifest();
                    System.out.printf("%-2s %-34s %-8s %-16s %5d %8s %8s %9s  %s%n", e.id().equals(active) ? "*" : "", e.id(),
                            e.source().name().toLowerCase(Locale.ROOT), m.architecture().name(), m.inputSize(), metric(m, "accuracy"),
                            metric(m, "macro_f1"), metric(m, "test_accuracy"), e.registeredAt());
                }
                System.out.println("models folder: " + r.directory());
                return 0;
            } catch (java.io.IOException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "import", description = "Register a model package folder (checked: manifest, weights hash); not promoted.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "MODEL_DIR")
        Path dir;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = Workspace.open(models.parent.workspace)) {
                ModelRegistry.Entry e = registry(ws).register(dir, ModelRegistry.Source.IMPORTED, Workspaces.systemActor());
                System.out.println("registered " + e.id() + " (" + e.label() + "); promote it with: models promote " + e.id());
                return 0;
            }
        }
    }

    @Command(name = "promote", description = "Make a registered version the active one.")
    static final class Promote implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = Workspace.open(models.parent.workspace)) {
                ModelRegistry.Entry e = registry(ws).promote(id, Workspaces.systemActor());
                System.out.println("active: " + e.id() + " (" + e.label() + ")");
                return 0;
            }
        }
    }

    @Command(name = "rollback", description = "Return to the version that was active before the current one.")
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        ModelsCommand models;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = Workspace.open(models.parent.workspace)) {
                var back = registry(ws).rollback(Workspaces.systemActor());
                System.out.println(back.map(e -> "active: " + e.id() + " (" + e.label() + ")").orElse("nothing to roll back to"));
                return back.isPresent() ? 0 : 1;
            }
        }
    }
}
