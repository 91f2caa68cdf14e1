package org.hemareview.cli;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --scale auto|<µm per px>}, shared by the commands that segment smears (as a picocli
 * {@link Mixin}): empty means "estimate from the red cells".
 */
final class ScaleOption {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scale", defaultValue = "auto",
            description = "Micrometres per pixel, or 'auto' to estimate it from the red cells (default: ${DEFAULT-VALUE}).")
    String text;

    Optional<Double> value() {
        return parse(text, spec);
    }

    static Optional<Double> parse(String value, CommandLine.Model.CommandSpec spec) {
        if (value.equalsIgnoreCase("auto")) {
            return Optional.empty();
        }
        try {
            double v = Double.parseDouble(value);
            org.hemareview.segment.Scale.given(v); // validates the range
            return Optional.of(v);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--scale takes 'auto' or micrometres per pixel (e.g. 0.05), not '" + value + "'");
        }
    }
}
