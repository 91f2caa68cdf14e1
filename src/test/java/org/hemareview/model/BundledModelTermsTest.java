package org.hemareview.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hemareview.analysis.AboutText;
import org.junit.jupiter.api.Test;

/**
 * The bundled model states the terms of its training data where a user meets them: a model that
 * learnt from DeepAPL (research and evaluation use only) says "for research use, not for
 * diagnosis" in its manifest, its model card, Help > About and the README.
 */
class BundledModelTermsTest {
    @Test
    void aModelTrainedOnResearchOnlyDataSaysSoInItsCardTheAboutBoxAndTheReadme() throws Exception {
        Path dir = DefaultModel.folder().orElseThrow(() -> new IllegalStateException("models/resnext-cc-slim is part of the repository"));
        Manifest m = ModelPackage.readManifest(dir);
        String data = String.valueOf(m.training().get("data")) + " " + m.training().get("sources");
        boolean deepapl = data.toLowerCase(java.util.Locale.ROOT).contains("deepapl");
        assertEquals(deepapl, DataSources.isResearchOnly(m.training()), "research-only exactly when DeepAPL is among the data: " + data);
        if (deepapl) {
            assertTrue(Files.readString(dir.resolve(ModelPackage.CARD)).contains(DataSources.RESEARCH_ONLY), "the model card");
            assertTrue(AboutText.notice(m).startsWith(DataSources.RESEARCH_ONLY), "Help > About: " + AboutText.notice(m));
            assertTrue(Files.readString(Path.of("README.md")).contains(DataSources.RESEARCH_ONLY), "the README");
        }
    }
}
