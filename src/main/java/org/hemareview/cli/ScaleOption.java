package org.hemareview.cli;

import java.util.Optional;
import picocli.CommandLine;

/** {@code --scale auto|<µm per px>}: empty means estimate from the red cells. */
final class ScaleOption {
    private ScaleOption() {
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
