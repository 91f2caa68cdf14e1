package org.hemareview.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;

/**
 * The pixel size a TIFF carries in its resolution tags. Microscope cameras write the true one
 * (0.05 µm/px is 508,000 px per inch); office software writes 72 or 300 dpi, hundreds of
 * micrometres per pixel, which is no microscope scale and is ignored, as are other formats.
 */
public final class EmbeddedScale {
    private EmbeddedScale() {
    }

    /** µm per pixel from the file's TIFF resolution tags, if it has a plausible one (0.005-5 µm/px). */
    public static Optional<Double> of(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            while (readers.hasNext()) {
                ImageReader reader = readers.next();
                try {
                    if (reader.getFormatName().toLowerCase(java.util.Locale.ROOT).startsWith("tif")) {
                        reader.setInput(in, true, false);
                        return umPerPx(TIFFDirectory.createFromMetadata(reader.getImageMetadata(0)));
                    }
                } finally {
                    reader.dispose();
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable header is no scale; the reader reports a broken file
        }
    }

    private static Optional<Double> umPerPx(TIFFDirectory tags) {
        TIFFField x = tags.getTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION);
        if (x == null) {
            return Optional.empty();
        }
        TIFFField unitField = tags.getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT);
        int unit = unitField == null ? BaselineTIFFTagSet.RESOLUTION_UNIT_INCH : unitField.getAsInt(0);
        double umPerUnit = switch (unit) {
            case BaselineTIFFTagSet.RESOLUTION_UNIT_INCH -> 25_400;
            case BaselineTIFFTagSet.RESOLUTION_UNIT_CENTIMETER -> 10_000;
            default -> Double.NaN; // "no absolute unit"
        };
        double um = umPerUnit / x.getAsDouble(0);
        return um > 0.005 && um < 5 ? Optional.of(um) : Optional.empty();
    }
}
