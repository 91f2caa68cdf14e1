package org.hemareview.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The laboratories a model can be trained on, with where they come from and the terms they come
 * under. A model inherits the strictest terms of its data: one DeepAPL cell makes it research-only.
 */
public final class DataSources {
    public static final String RESEARCH_ONLY = "For research use, not for diagnosis.";

    /** A source's citation and licence, and whether its terms allow research use only. */
    public record Source(String lab, String description, boolean researchOnly) {
    }

    private static final Map<String, Source> KNOWN = Map.of(
            "pbc", new Source("pbc", "PBC: Acevedo et al., Data in Brief 30 (2020) 105474; Hospital Clinic of Barcelona, CellaVision DM96, "
                    + "May Grünwald-Giemsa. Licence CC BY 4.0.", false),
            "deepapl", new Source("deepapl", "DeepAPL: Sidhom et al., npj Precision Oncology 5:38 (2021); Johns Hopkins Hospital, CellaVision, "
                    + "Wright-Giemsa; 82 AML/APL patients, split by patient. Copyright (c) 2020 The Johns Hopkins University: research and "
                    + "evaluation use only.", true),
            "bccd", new Source("bccd", "BCCD: github.com/Shenggan/BCCD_Dataset (MIT); cell types from the Kaggle blood-cells labels; white "
                    + "cells found by HemaReview's segmenter at the estimated scale and cut by its crop cutter, split by field.", false));

    private DataSources() {
    }

    /** The known source of a lab, or one that says it is unknown (and so not cleared for clinical use). */
    public static Source of(String lab) {
        Source s = KNOWN.get(lab);
        return s != null ? s : new Source(lab, lab + ": not a known source; check its terms before use.", true);
    }

    public static List<Source> of(Collection<String> labs) {
        return labs.stream().sorted().map(DataSources::of).toList();
    }

    /** The intended-use line of a model trained on {@code labs}. */
    public static String intendedUse(Collection<String> labs) {
        boolean research = of(labs).stream().anyMatch(Source::researchOnly);
        return research ? RESEARCH_ONLY + " Part of the training data may be used for research only (see the data sources)."
                : "Suggesting the class of a white cell crop to a reviewer, who confirms or corrects it. Not a diagnosis.";
    }

    /** Whether a manifest's training facts say the model is for research use only. */
    public static boolean isResearchOnly(Map<String, Object> training) {
        Object use = training == null ? null : training.get("intended_use");
        return use != null && use.toString().startsWith(RESEARCH_ONLY);
    }
}
