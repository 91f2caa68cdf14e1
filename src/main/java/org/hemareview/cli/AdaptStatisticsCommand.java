package org.hemareview.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Workspace;
import org.hemareview.review.Workspaces;
import org.hemareview.train.StatisticsAdaptation;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code adapt-statistics}: registers a version of the active model with the batch-norm statistics
 * of this workspace's cells (all analysed smears, no review needed); promote it with {@code models}.
 */
@Command(name = "adapt-statistics", mixinStandardHelpOptions = true,
        description = "Register a version of the active model with this workspace's own batch-norm statistics (no reviews needed; not promoted).")
final class AdaptStatisticsCommand implements Callable<Integer> {
    @ParentCommand
    HemaReviewCommand parent;

    @Override
    public Integer call() throws Exception {
        try (Workspace ws = Workspace.open(parent.workspace)) {
            ModelRegistry registry = ModelsCommand.registry(ws);
            ModelRegistry.Entry active = registry.active().orElseThrow(() -> new IllegalStateException("the workspace has no active model"));
            List<byte[]> crops = StatisticsAdaptation.workspaceCrops(ws, active.manifest().inputSize());
            ModelRegistry.Entry e = StatisticsAdaptation.register(registry, active.folder(), crops, "workspace " + ws.file().getFileName(),
                    Workspaces.systemActor());
            System.out.printf("registered %s (%s %s) from %d cells; not active: promote it with `hemareview models promote %s`%n", e.id(),
                    e.manifest().name(), e.manifest().version(), crops.size(), e.id());
        }
        return 0;
    }
}
