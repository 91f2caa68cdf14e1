package org.hemareview.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.hemareview.analysis.SmearScale;
import org.hemareview.segment.Scale;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --scale auto|estimate|<µm per px>}, shared by the commands that segment smears (as a picocli
 * {@link Mixin}). {@code auto} is the window's default: the scale beside the image or in its TIFF
 * tags, else estimated from the red cells; {@code estimate} always estimates (to measure the estimate).
 */
final class ScaleOption {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "auto|estimate|UM_PER_PX",
            description = "Micrometres per pixel; 'auto' = the smear's own scale (beside the image, TIFF tags), else estimated "
                    + "from the red cells, as the window does; 'estimate' = always estimated (default: ${DEFAULT-VALUE}).")
    String text;

    SmearScale.Choice choice() {
        return parse(text, spec);
    }

    /** The scale the policy knows for one file (empty: the segmenter estimates it). */
    Optional<Scale> known(Path file) {
        return SmearScale.known(file, choice());
    }

    static SmearScale.Choice parse(String value, CommandLine.Model.CommandSpec spec) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return SmearScale.Choice.auto();
        }
        if (v.equals("estimate")) {
            return SmearScale.Choice.estimate();
        }
        try {
            return SmearScale.Choice.user(Double.parseDouble(v));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--scale takes 'auto', 'estimate' or micrometres per pixel (e.g. 0.05), not '" + value + "'");
        }
    }
}
