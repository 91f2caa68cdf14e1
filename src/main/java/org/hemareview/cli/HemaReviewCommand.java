package org.hemareview.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemareview.Version;
import org.hemareview.review.Workspaces;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hemareview [--workspace DB] [COMMAND]}: the window when no command is given. */
@Command(name = "hemareview", mixinStandardHelpOptions = true, versionProvider = HemaReviewCommand.VersionProvider.class,
        description = "Review blood smears: find white cells, classify them, explain, decide, export.%n"
                + "Without a command, opens the HemaReview window.",
        subcommands = {ImportCommand.class, AnalyzeCommand.class, ExportCommand.class, ModelsCommand.class, RetrainCommand.class, SmearsCommand.class, VerifyCommand.class, SegmentCommand.class, EvaluateSegmentationCommand.class, TrainCentresCommand.class, BenchCommand.class, TrainCommand.class, EvaluateCommand.class, ClassifyCommand.class, ComposeCommand.class, CommandLine.HelpCommand.class})
public final class HemaReviewCommand implements Callable<Integer> {
    @Option(names = "--workspace", paramLabel = "DB", scope = CommandLine.ScopeType.INHERIT, description = "Workspace file (default: ${DEFAULT-VALUE}).")
    Path workspace = Workspaces.defaultFile();

    @Option(names = "--reviewer", paramLabel = "NAME", description = "Reviewer name for this session's decisions (else asked once, then remembered).")
    String reviewer;

    @picocli.CommandLine.Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Smear images to open in the window.")
    java.util.List<Path> images = java.util.List.of();

    private final GuiLauncher gui;

    /** Opens the window on a workspace, with smear images to open at once. */
    @FunctionalInterface
    public interface GuiLauncher {
        void launch(Path workspace, java.util.List<Path> images);
    }

    public HemaReviewCommand(GuiLauncher gui) {
        this.gui = gui;
    }

    @Override
    public Integer call() {
        if (reviewer != null && !reviewer.isBlank()) {
            System.setProperty("hemareview.reviewer", reviewer.strip());
        }
        gui.launch(workspace, images);
        return 0;
    }

    /** Runs the command line; returns the exit code (0 ok, 1 some inputs failed, 2 usage or fatal error). */
    public static int execute(String[] args, GuiLauncher gui) {
        CommandLine cl = new CommandLine(new HemaReviewCommand(gui));
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            PrintWriter err = line.getErr();
            err.println("error: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            org.slf4j.LoggerFactory.getLogger(HemaReviewCommand.class).debug("command failed", ex);
            return 2;
        });
        return cl.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"HemaReview " + Version.get()};
        }
    }
}
