package org.hemareview.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hemareview.TestFiles;
import org.hemareview.segment.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale a smear carries beside it: read when it is one, ignored (never an error) when it is not; and which scale wins. */
class ScaleBesidesTest {
    @TempDir
    Path dir;

    @Test
    void theComposedSamplesCarryTheirScale() {
        assertEquals(Optional.of(0.05), SmearScale.besideImage(TestFiles.composedSmear(1)));
    }

    @Test
    void noFileABrokenFileOrAnOddNumberIsNoScale() throws Exception {
        Path image = dir.resolve("smear.jpg");
        assertEquals(Optional.empty(), SmearScale.besideImage(image));
        Files.writeString(dir.resolve("smear.json"), "{ not json");
        assertEquals(Optional.empty(), SmearScale.besideImage(image));
        Files.writeString(dir.resolve("smear.json"), "{\"scale_um_per_px\": -1}");
        assertEquals(Optional.empty(), SmearScale.besideImage(image));
        Files.writeString(dir.resolve("smear.json"), "{\"scale_um_per_px\": \"0.05\"}");
        assertEquals(Optional.empty(), SmearScale.besideImage(image));
        Files.writeString(dir.resolve("smear.json"), "{\"scale_um_per_px\": 0.072}");
        assertEquals(Optional.of(0.072), SmearScale.besideImage(image));
    }

    @Test
    void aSmearsOwnScaleComesBeforeTheLabsAndTheLabsBeforeAnEstimate() {
        Path composed = TestFiles.composedSmear(1);
        Path plain = dir.resolve("plain.jpg");
        assertEquals(Optional.of(new Scale(0.05, Scale.Source.BESIDE_IMAGE)), SmearScale.known(composed, SmearScale.Choice.lab(Optional.of(0.1))));
        assertEquals(Optional.of(new Scale(0.1, Scale.Source.LAB_SETTING)), SmearScale.known(plain, SmearScale.Choice.lab(Optional.of(0.1))));
        assertEquals(Optional.empty(), SmearScale.known(plain, SmearScale.Choice.auto()));
    }

    @Test
    void theUsersExplicitScaleComesFirst() {
        assertEquals(Optional.of(new Scale(0.08, Scale.Source.USER)), SmearScale.known(TestFiles.composedSmear(1),
                new SmearScale.Choice(Optional.of(0.08), true, Optional.of(0.1))));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SmearScale.Choice.user(50));
    }

    @Test
    void storedKeysNameTheirSource() {
        for (Scale.Source s : Scale.Source.values()) {
            assertEquals(s, Scale.Source.ofKey(s.key()));
        }
        assertEquals(Scale.Source.USER, Scale.Source.ofKey("given")); // what older workspaces stored
    }
}
