package org.hemareview.segment;

import org.hemareview.image.PreprocessSettings;

/**
 * Every parameter of white-cell segmentation, in physical units so that one set works at any
 * scale. Defaults were tuned once on the 292 BCCD fields and the composed smears (docs/segmentation.md).
 *
 * @param workUmPerPx        analysis resolution; finer images are reduced to it first (0.15 µm/px: a
 *                           nucleus lobe is still ~10 px wide, a 2560x1920 smear at 0.05 µm/px becomes 853x640)
 * @param preprocess         preprocessing before colour thresholds
 * @param nucleusStainRatio  nuclear stain is where a pixel's nuclear amount reaches this share of the field's red-cell
 *                           optical density ({@link NuclearStain}; chosen on the union of three labs, docs/segmentation.md)
 * @param nucleusMinOd       and at least this absolute optical density
 * @param faintChromatinShare where the field's chromatin is faint the threshold falls to this share of its mean amount ...
 * @param minStainRatio      ... but never below this share of the red cells' OD
 * @param strongChromatinShare where the chromatin is strong the threshold rises to this share of it (0.45: chosen by
 *                           leaving one lab out, with the closing below; docs/benchmarks.md "Any lab's smear")
 * @param nucleusCloseUm     the nuclear-stain mask is closed by this radius before specks are opened away (a blast's
 *                           fine chromatin is a lattice at the raised threshold; 0: no closing)
 * @param minPartUm2         stained specks smaller than this are dropped before grouping
 * @param lobeGapUm          nucleus pieces whose outlines come closer than this may be lobes of one nucleus ...
 * @param maxNucleusUm       ... as long as the group stays at most this long ({@link LobeGrouping})
 * @param wideLobeGapUm      pieces up to this far apart may be lobes too (a neutrophil's at high magnification) ...
 * @param wideLobeMaxUm      ... while the joined group stays at most this long (3.0 / 14: chosen by leaving one lab out,
 *                           docs/benchmarks.md "Seventh session")
 * @param minNucleusUm2      a (grouped) nucleus smaller than this is a platelet or debris
 * @param pairMinLengthUm    a nucleus group at least this long ...
 * @param pairMaxNeckUm      ... with a cross-section this narrow in its middle half ...
 * @param pairMaxNeckShare   ... or this narrow relative to the width beside it, is two cells' nuclei ({@link WaistCut})
 * @param splitRadiusUm      a nucleus blob with several cores at least this thick is several touching cells
 * @param centres            how the cell-centre map splits groups and bounds boxes ({@link CentreSplit}, docs/segmentation.md 6c)
 * @param boxMargin          the cell box is at least the nucleus box grown by this fraction of its size on each side
 * @param boxBorderCap       and it grows to the traced border, but at most this fraction of the nucleus size beyond the nucleus
 * @param maxCellRadiusUm    the border search never goes further from the nucleus centre
 * @param cropFieldUm        crops show this much of the smear (PBC crops show ~36 µm)
 * @param cropPx             crop side in pixels (C-NMC used 300)
 * @param neighbourMarginUm  the other white cells in a crop are painted over in the plasma's colour, their outlines grown by
 *                           this ({@link CropCutter}); negative: they stay as cut
 */
public record SegmentationSettings(double workUmPerPx, PreprocessSettings preprocess, double nucleusStainRatio, double nucleusMinOd,
                                   double faintChromatinShare, double minStainRatio, double strongChromatinShare, double nucleusCloseUm,
                                   double minPartUm2, double lobeGapUm, double maxNucleusUm, double wideLobeGapUm, double wideLobeMaxUm, double minNucleusUm2,
                                   double pairMinLengthUm, double pairMaxNeckUm, double pairMaxNeckShare, double splitRadiusUm,
                                   CentreSettings centres, double boxMargin, double boxBorderCap, double maxCellRadiusUm, double cropFieldUm, int cropPx,
                                   double neighbourMarginUm) {
    public static SegmentationSettings defaults() {
        return new SegmentationSettings(0.15, PreprocessSettings.forSegmentation(), 0.45, 0.1, 0.6, 0.25, 0.45, 0.15, 2.0, 1.4, 17.0, 3.0, 14.0, 12.0, 17.5, 1.0, 0.3, 3.0,
                CentreSettings.defaults(), 0.12, 0.35, 12.0, 36.0, 300, 0.8);
    }

    NuclearStain nuclearStain() {
        return new NuclearStain(nucleusStainRatio, nucleusMinOd, faintChromatinShare, minStainRatio, strongChromatinShare);
    }

    LobeGrouping lobeGrouping() {
        return new LobeGrouping(lobeGapUm, maxNucleusUm, wideLobeGapUm, wideLobeMaxUm, minNucleusUm2);
    }

    WaistCut waistCut() {
        return new WaistCut(pairMinLengthUm, pairMaxNeckUm, pairMaxNeckShare, minNucleusUm2);
    }

    /**
     * @param minPeak        a map peak is a cell centre from this value
     * @param peakRadiusUm   peaks closer than this are one
     * @param reachUm        a centre belongs to the nucleus group filling most of this radius around it
     * @param maxValleyShare two centres are two cells when the map dips below this share of the lower one between them
     *                       (0.3 / 0.45 / 0.6 compared on the composed tuning set; BCCD unchanged at each)
     * @param basinFloor     a cell's basin of the map ends where the map falls below this
     * @param coreLevel      a basin's core is where the map reaches this, the rest is its skirt ...
     * @param maxSkirt       ... and the basin is the cell when its skirt is at most this many times its core
     *                       ({@link CentreBasins}; 0.6-1.0 compared on the tuning and check sets and BCCD)
     * @param borderBeyondBasin the traced border may carry a sharp basin's box this share of the basin's size beyond it
     *                       (0.1 and 0.2 compared: the same; without it BCCD's pale cytoplasm was cut by tight basins)
     * @param basinMargin    a box facing a neighbour's basin may reach this share of that basin's size into it
     *                       (0.1 / 0.25 / 0.4 compared on the tuning and check sets)
     */
    public record CentreSettings(double minPeak, double peakRadiusUm, double reachUm, double maxValleyShare, double basinFloor,
                                 double coreLevel, double maxSkirt, double borderBeyondBasin, double basinMargin) {
        public static CentreSettings defaults() {
            return new CentreSettings(0.5, 2.5, 3.0, 0.45, 0.1, 0.3, 0.85, 0.1, 0.25);
        }
    }

    CentreSplit centreSplit() {
        return new CentreSplit(centres.minPeak(), centres.peakRadiusUm(), centres.reachUm(), centres.maxValleyShare(), maxCellRadiusUm);
    }

    /** µm per crop pixel: 0.12 with the defaults. */
    public double cropUmPerPx() {
        return cropFieldUm / cropPx;
    }
}
