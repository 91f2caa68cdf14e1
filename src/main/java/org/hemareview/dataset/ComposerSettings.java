package org.hemareview.dataset;

import java.util.Set;

/**
 * How composed smears are built.
 *
 * @param width            smear width in px (C-NMC smears: 2560)
 * @param height           smear height in px (C-NMC smears: 1920)
 * @param umPerPx          scale of the composed smear; 0.05 µm/px puts a 12 µm neutrophil at
 *                         ~240 px, as white cells are on C-NMC smears
 * @param sourceUmPerPx    scale of the source crops; PBC (CellaVision DM96) red cells are ~75 px
 *                         across, i.e. ~0.1 µm/px for a 7.5 µm red cell
 * @param whiteCells       white cells per smear
 * @param touchingPairs    how many of them are placed touching another
 * @param edgeCells        how many are placed across the image border
 * @param platelets        platelets scattered as distractors
 * @param excludedClasses  source classes that are not white cells (PBC's "platelet")
 */
public record ComposerSettings(int width, int height, double umPerPx, double sourceUmPerPx, int whiteCells,
                               int touchingPairs, int edgeCells, int platelets, Set<String> excludedClasses) {
    public static ComposerSettings cnmcLike() {
        return new ComposerSettings(2560, 1920, 0.05, 0.1, 18, 3, 2, 14, Set.of("platelet"));
    }

    public ComposerSettings withSize(int w, int h, int cells) {
        return new ComposerSettings(w, h, umPerPx, sourceUmPerPx, cells, Math.min(touchingPairs, cells / 3),
                Math.min(edgeCells, cells / 4), platelets, excludedClasses);
    }

    /** Red cell diameter in smear pixels (7.5 µm). */
    double redCellDiameterPx() {
        return 7.5 / umPerPx;
    }
}
