package org.hemareview.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import org.hemareview.analysis.SmearScale;
import org.hemareview.io.AtomicFiles;

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

    /** The ground-truth file that belongs to an image: same name, .json. */
    public static Path besides(Path image) {
        return SmearScale.sidecar(image);
    }
}
