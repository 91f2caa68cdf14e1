package org.hemareview.image;

/**
 * The multi-scale preprocessing module (MPM) of the dual-path paper, step by step, each switchable:
 * global illumination normalisation, local contrast enhancement (CLAHE on lightness) and
 * morphological enhancement (a black top-hat that deepens small dark structures: chromatin).
 *
 * @param illumination     divide out the background light (estimated as a large max-filter, blurred)
 * @param backgroundUm     size of the structuring element for the background estimate, in µm
 *                         (several red cells, so that no cell survives the max filter)
 * @param clahe            CLAHE on the L channel of Lab
 * @param claheClip        CLAHE clip limit
 * @param claheTileUm      CLAHE tile size in µm
 * @param morphology       black top-hat enhancement of lightness
 * @param morphologyUm     top-hat element size in µm (about a nucleus lobe)
 * @param morphologyGain   how much of the top-hat is subtracted from lightness
 */
public record PreprocessSettings(boolean illumination, double backgroundUm, boolean clahe, double claheClip, double claheTileUm,
                                 boolean morphology, double morphologyUm, double morphologyGain) {
    /** What the segmenter uses: illumination only (colour thresholds need true colour, not stretched contrast). */
    public static PreprocessSettings forSegmentation() {
        return new PreprocessSettings(true, 30, false, 2.0, 12, false, 3, 1.0);
    }

    /** The full MPM, as an input option of the classifiers. */
    public static PreprocessSettings fullMpm() {
        return new PreprocessSettings(true, 30, true, 2.0, 12, true, 3, 1.0);
    }

    public static PreprocessSettings none() {
        return new PreprocessSettings(false, 30, false, 2.0, 12, false, 3, 1.0);
    }
}
