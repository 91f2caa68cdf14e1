package org.hemareview.segment;

/**
 * Micrometres per pixel of a smear, and where that number came from.
 *
 * @param source which step of the scale policy gave it (see {@code analysis.SmearScale})
 */
public record Scale(double umPerPx, Source source) {
    /** Where a scale came from, in the order the policy asks; {@link #key()} is what the workspace stores. */
    public enum Source {
        /** Typed by the user for this run ({@code --scale 0.05}); older workspaces call every given scale this. */
        USER("given"),
        /** {@code scale_um_per_px} in the JSON file beside the image (as {@code compose} and the samples write it). */
        BESIDE_IMAGE("beside-image"),
        /** A microscope TIFF's resolution tags. */
        TIFF_TAGS("tiff-tags"),
        /** The lab's setting (Analysis ▸ Scale… in the window). */
        LAB_SETTING("lab-setting"),
        /** Measured from the red cells' size on the smear. */
        ESTIMATED("estimated"),
        /** A guess: nothing given and no red cells to measure. */
        DEFAULT("default");

        private final String key;

        Source(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** Measured or given, not guessed: the learned cell-centre map may be used at it. */
        public boolean measured() {
            return this != DEFAULT;
        }

        /** The source a stored key names. */
        public static Source ofKey(String key) {
            for (Source s : values()) {
                if (s.key.equals(key)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no scale source '" + key + "'");
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /** A scale someone gave (not measured by us) must be a microscope's. */
    public Scale {
        if (source != Source.ESTIMATED && source != Source.DEFAULT && !(umPerPx > 0.005 && umPerPx < 5)) {
            throw new IllegalArgumentException("scale " + umPerPx + " µm/px is not a microscope scale (expected 0.005-5)");
        }
    }

    /** A scale the user typed. */
    public static Scale given(double umPerPx) {
        return new Scale(umPerPx, Source.USER);
    }
}
