package org.hemareview.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hemareview.image.EmbeddedScale;
import org.hemareview.segment.Scale;
import org.hemareview.segment.Scale.Source;

/**
 * The one scale policy: which micrometres-per-pixel a smear is analysed at. In order: the user's
 * explicit choice, the scale written beside the image, the image's TIFF resolution tags, the lab's
 * setting; where none is known the segmenter estimates it from the red cells. The window and
 * every command ask this class, so {@code --scale auto} means exactly what the window does.
 */
public final class SmearScale {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SmearScale() {
    }

    /**
     * What a person asked for.
     *
     * @param user     an explicit scale for this run ({@code --scale 0.05}), before anything the file says
     * @param fromFile whether the file's own scale (beside it, TIFF tags) is read; off only to measure the estimate
     * @param lab      the lab's setting, used when the file says nothing
     */
    public record Choice(Optional<Double> user, boolean fromFile, Optional<Double> lab) {
        public Choice {
            user.ifPresent(Scale::given); // validates the range
            lab.ifPresent(Scale::given);
        }

        /** Nothing chosen: the file's own scale, else an estimate (the window's default). */
        public static Choice auto() {
            return new Choice(Optional.empty(), true, Optional.empty());
        }

        public static Choice user(double umPerPx) {
            return new Choice(Optional.of(umPerPx), true, Optional.empty());
        }

        /** The lab's setting, if it has one, after the file's own scale. */
        public static Choice lab(Optional<Double> umPerPx) {
            return new Choice(Optional.empty(), true, umPerPx);
        }

        /** Always the red-cell estimate ({@code --scale estimate}): how the estimate is benchmarked. */
        public static Choice estimate() {
            return new Choice(Optional.empty(), false, Optional.empty());
        }
    }

    /** The scale the policy knows for a smear file; empty means "estimate it from the red cells". */
    public static Optional<Scale> known(Path file, Choice choice) {
        if (choice.user().isPresent()) {
            return choice.user().map(v -> new Scale(v, Source.USER));
        }
        if (choice.fromFile()) {
            Optional<Scale> own = besideImage(file).map(v -> new Scale(v, Source.BESIDE_IMAGE))
                    .or(() -> EmbeddedScale.of(file).map(v -> new Scale(v, Source.TIFF_TAGS)));
            if (own.isPresent()) {
                return own;
            }
        }
        return choice.lab().map(v -> new Scale(v, Source.LAB_SETTING));
    }

    /** {@code scale_um_per_px} of the JSON file beside an image, when it is a plausible microscope scale. */
    public static Optional<Double> besideImage(Path image) {
        Path file = sidecar(image);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode v = JSON.readTree(file.toFile()).path("scale_um_per_px");
            double um = v.asDouble(0);
            return v.isNumber() && um > 0.005 && um < 5 ? Optional.of(um) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The JSON file that belongs to an image: same name, {@code .json}. */
    public static Path sidecar(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return image.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }
}
