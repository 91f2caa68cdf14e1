package org.hemareview.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes composed-smear ground truth ({@code <image>.json} beside the image). */
public final class GroundTruthJson {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private GroundTruthJson() {
    }

    public static void write(GroundTruthSmear truth, Path file) throws IOException {
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(truth));
    }

    public static GroundTruthSmear read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), GroundTruthSmear.class);
    }

    /**
     * The scale written beside an image ({@code scale_um_per_px} of its {@code <image>.json}, as
     * {@code compose} writes it), if there is one and it reads as a microscope scale; an unreadable
     * or odd file is no scale (the caller falls back to the lab's or an estimated one).
     */
    public static java.util.Optional<Double> scaleBesides(Path image) {
        Path file = besides(image);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode v = JSON.readTree(file.toFile()).path("scale_um_per_px");
            double um = v.asDouble(0);
            return v.isNumber() && um > 0.005 && um < 5 ? java.util.Optional.of(um) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The ground-truth file that belongs to an image: same name, .json. */
    public static Path besides(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return image.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }
}
