package org.hemareview.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hemareview.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale a smear carries beside it: read when it is one, ignored (never an error) when it is not; and which scale wins. */
class ScaleBesidesTest {
    @TempDir
    Path dir;

    @Test
    void theComposedSamplesCarryTheirScale() {
        assertEquals(Optional.of(0.05), GroundTruthJson.scaleBesides(TestFiles.composedSmear(1)));
    }

    @Test
    void noFileABrokenFileOrAnOddNumberIsNoScale() throws Exception {
        Path image = dir.resolve("smear.jpg");
        assertEquals(Optional.empty(), GroundTruthJson.scaleBesides(image));
        Files.writeString(dir.resolve("smear.json"), "{ not json");
        assertEquals(Optional.empty(), GroundTruthJson.scaleBesides(image));
        Files.writeString(dir.resolve("smear.json"), "{\"scale_um_per_px\": -1}");
        assertEquals(Optional.empty(), GroundTruthJson.scaleBesides(image));
        Files.writeString(dir.resolve("smear.json"), "{\"scale_um_per_px\": \"0.05\"}");
        assertEquals(Optional.empty(), GroundTruthJson.scaleBesides(image));
        Files.writeString(dir.resolve("smear.json"), "{\"scale_um_per_px\": 0.072}");
        assertEquals(Optional.of(0.072), GroundTruthJson.scaleBesides(image));
    }

    @Test
    void aSmearsOwnScaleComesBeforeTheLabsAndTheLabsBeforeAnEstimate() {
        java.util.function.Function<Path, org.hemareview.review.Smear> smear = p -> new org.hemareview.review.Smear(1, p, "x", 2560, 1920,
                java.time.Instant.now(), org.hemareview.review.SmearStatus.UNREVIEWED);
        assertEquals(Optional.of(0.05), SmearAnalyser.scaleOf(smear.apply(TestFiles.composedSmear(1)), Optional.of(0.1)));
        assertEquals(Optional.of(0.1), SmearAnalyser.scaleOf(smear.apply(dir.resolve("plain.jpg")), Optional.of(0.1)));
        assertEquals(Optional.empty(), SmearAnalyser.scaleOf(smear.apply(dir.resolve("plain.jpg")), Optional.empty()));
    }
}
