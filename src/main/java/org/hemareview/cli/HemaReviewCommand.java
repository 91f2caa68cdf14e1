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
        subcommands = {ImportCommand.class, PrepareCellsCommand.class, EvaluateLabsCommand.class, EvaluateColourShiftCommand.class, FitShiftCommand.class, AdaptCurveCommand.class, AdaptStatisticsCommand.class, EmbedCommand.class, PointingGameCommand.class, AnalyzeCommand.class, ExportCommand.class, ModelsCommand.class, RetrainCommand.class, SmearsCommand.class, VerifyCommand.class, SegmentCommand.class, EvaluateSegmentationCommand.class, TrainCentresCommand.class, BenchCommand.class, TrainCommand.class, EvaluateCommand.class, ClassifyCommand.class, ComposeCommand.class, CommandLine.HelpCommand.class})
public final class HemaReviewCommand implements Callable<Integer> {
    @Option(names = "--workspace", paramLabel = "DB", scope = CommandLine.ScopeType.INHERIT, description = "Workspace file (default: ${DEFAULT-VALUE}).")
    Path workspace = Workspaces.defaultFile();

    @Option(names = "--create", scope = CommandLine.ScopeType.INHERIT,
            description = "Create the workspace's folder when it does not exist (otherwise a missing folder is an error: a typo, not a new workspace).")
    boolean create;

    @Option(names = "--reviewer", paramLabel = "NAME", description = "Reviewer name for this session's decisions (else asked once, then remembered).")
    String reviewer;

    @picocli.CommandLine.Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Smear images to open in the window.")
    java.util.List<Path> images = java.util.List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
        for (Path p : images) {
            if (!java.nio.file.Files.exists(p)) {
                // a word that is no file is a mistyped command: say so, never open the window on it
                String s = p.toString();
                String hint = s.contains("/") || s.contains(".") ? "no such file: " + s
                        : "unknown command '" + s + "'" + CommandNames.nearest(s, spec.subcommands().keySet()).map(n -> " (did you mean '" + n + "'?)").orElse("")
                        + "; 'hemareview --help' lists the commands";
                throw new CommandLine.ParameterException(spec.commandLine(), hint);
            }
        }
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
        cl.setExecutionStrategy(parsed -> {
            checkWorkspaceFolder(parsed);
            firstStartNotice(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        return cl.execute(args);
    }

    /** Commands that never start the deep-learning engine. */
    private static final java.util.Set<String> WITHOUT_ENGINE = java.util.Set.of("smears", "verify", "export", "models", "compose", "help",
            "prepare-cells", "import");

    /** On the engine's first start a command says in one line why it is slow, before it starts (the window shows a splash). */
    static void firstStartNotice(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult sub = parsed.subcommand();
        if (sub == null || sub.isUsageHelpRequested() || sub.isVersionHelpRequested() || WITHOUT_ENGINE.contains(sub.commandSpec().name())) {
            return;
        }
        org.hemareview.model.EngineSetup.notice().ifPresent(System.err::println);
    }

    /**
     * A workspace named on the command line whose folder does not exist is an error unless
     * {@code --create} is given: a mistyped path must not become a new, empty workspace (and
     * an export of "0 cells"). The default workspace's folder is made without asking.
     */
    static void checkWorkspaceFolder(CommandLine.ParseResult parsed) {
        Path given = null;
        boolean create = false;
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--workspace")) {
                given = r.matchedOptionValue("--workspace", null);
            }
            create |= r.hasMatchedOption("--create");
        }
        if (given == null) {
            return;
        }
        Path folder = given.toAbsolutePath().getParent();
        if (folder == null || java.nio.file.Files.isDirectory(folder)) {
            return;
        }
        if (!create) {
            throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(), "the workspace's folder does not exist: " + folder
                    + " (check the path, or add --create to make it)");
        }
        try {
            java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(), "cannot create the workspace's folder " + folder + ": " + e.getMessage());
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"HemaReview " + Version.get()};
        }
    }
}
