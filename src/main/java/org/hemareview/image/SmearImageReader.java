package org.hemareview.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hemareview.io.Hashing;

/**
 * Reads smear files into 8-bit BGR, refusing anything a reviewer should not be shown: empty,
 * truncated or mislabelled files and images too small or too large. The file is read once into
 * memory (its hash is needed anyway) and decoded with OpenCV from those bytes, which also keeps
 * paths with spaces and non-ASCII characters away from native code.
 */
public final class SmearImageReader {
    private static final Logger logger = LoggerFactory.getLogger(SmearImageReader.class);
    private final ImageLimits limits;

    public SmearImageReader() {
        this(ImageLimits.DEFAULT);
    }

    public SmearImageReader(ImageLimits limits) {
        this.limits = limits;
        OpenCv.load();
    }

    public SmearImage read(Path path) throws ImageReadException {
        byte[] data = readBytes(path, limits.maxFileBytes());
        ImageFormat format = ImageFormat.sniff(data).orElseThrow(() -> new ImageReadException(path,
                "not a PNG, JPEG, TIFF or BMP image (the content does not match any of these formats"
                        + (data.length < 64 ? ", and the file is only " + data.length + " bytes" : "") + ")"));
        if (!format.looksComplete(data)) {
            throw new ImageReadException(path, "the " + format + " file is truncated (it ends before the image does); copy it again from its source");
        }
        Optional<int[]> header = headerSize(data);
        if (header.isPresent()) {
            checkSize(path, header.get()[0], header.get()[1]);
        }
        // the JDK's damage check and the hash need only the bytes: on a second core while OpenCV decodes
        // (a 2560x1920 JPEG: the check is a quarter of the decode's time)
        CompletableFuture<Checks> checks = CompletableFuture.supplyAsync(
                () -> new Checks(format == ImageFormat.JPEG ? jpegDamage(data) : Optional.empty(), Hashing.sha256(data)));
        Mat raw;
        try (MatHolder bytes = new MatHolder(new MatOfByte(data))) {
            raw = Imgcodecs.imdecode(bytes.mat, Imgcodecs.IMREAD_UNCHANGED);
        }
        if (raw.empty()) {
            raw.release();
            throw new ImageReadException(path, "the " + format + " data is damaged and cannot be decoded");
        }
        String hash;
        try {
            checkSize(path, raw.cols(), raw.rows());
            int grey = format == ImageFormat.JPEG ? greyTail(raw) : 0;
            if (grey >= GREY_TAIL_ROWS) {
                throw new ImageReadException(path, "the JPEG data stops before the image does (its last " + grey
                        + " rows are the flat grey a decoder fills in for missing data); copy it again from its source");
            }
            Checks done = checks.join();
            if (done.damage().isPresent()) {
                throw new ImageReadException(path, "the JPEG data is damaged (the decoder reports: " + done.damage().get()
                        + "); part of the image would be garbage, so it is not analysed; copy it again from its source");
            }
            hash = done.sha256();
        } catch (ImageReadException | RuntimeException e) {
            raw.release();
            throw e;
        }
        StringBuilder conversion = new StringBuilder();
        Mat bgr = toBgr8(raw, conversion);
        if (conversion.length() > 0) {
            logger.info("{}: {}", path.getFileName(), conversion);
        }
        return new SmearImage(path, hash, format, bgr, conversion.toString());
    }

    /** What the bytes alone tell: libjpeg's warnings (JPEG only) and the file's SHA-256. */
    private record Checks(Optional<String> damage, String sha256) {
    }

    private static byte[] readBytes(Path path, long maxBytes) throws ImageReadException {
        try {
            if (Files.isDirectory(path)) {
                throw new ImageReadException(path, "is a folder, not an image file");
            }
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                // a pipe would block forever and a device (/dev/zero) never ends: refused before a byte is read
                throw new ImageReadException(path, "is not a regular file (a pipe, socket or device), so it is not read");
            }
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new ImageReadException(path, String.format("the file is %.0f MB, larger than any image HemaReview opens (%.0f MB)",
                        size / 1e6, maxBytes / 1e6));
            }
            byte[] data = Files.readAllBytes(path);
            if (data.length == 0) {
                throw new ImageReadException(path, "the file is empty (0 bytes)");
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new ImageReadException(path, "the file no longer exists (was it moved or deleted?)", e);
        } catch (AccessDeniedException e) {
            throw new ImageReadException(path, "permission denied", e);
        } catch (OutOfMemoryError e) {
            throw new ImageReadException(path, "the file is too large to read", e);
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageReadException(path, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Rows of flat decoder grey that mark a JPEG whose scan data ran out (a real field never has 16 such rows). */
    static final int GREY_TAIL_ROWS = 16;

    /**
     * How many rows at the bottom are exactly mid-grey in every channel: what libjpeg fills in when the
     * data ends early and it only warns (its warning does not reach us through OpenCV's Java API).
     */
    static int greyTail(Mat img) {
        if (CvType.depth(img.type()) != CvType.CV_8U) {
            return 0;
        }
        int channels = img.channels();
        byte[] row = new byte[img.cols() * channels];
        int n = 0;
        for (int y = img.rows() - 1; y >= 0; y--) {
            img.get(y, 0, row);
            for (byte b : row) {
                if (b != (byte) 128) {
                    return n;
                }
            }
            n++;
        }
        return n;
    }

    /**
     * libjpeg's warnings on this JPEG ("Corrupt JPEG data: premature end of data segment", "N extraneous
     * bytes before marker"), which OpenCV's decoder swallows while it fills the damaged part with garbage.
     * The JDK's decoder reports them; an 8x-subsampled read still runs every Huffman code (where the
     * damage shows) at ~15 ms for 2560x1920. A file the JDK cannot read at all (CMYK, say) is left to
     * OpenCV: only warnings count, not refusals.
     */
    static Optional<String> jpegDamage(byte[] data) {
        List<String> warnings = new java.util.ArrayList<>();
        withJdkReader(data, reader -> {
            reader.addIIOReadWarningListener((source, message) -> warnings.add(message));
            javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(8, 8, 0, 0);
            reader.read(0, param).flush();
            return true;
        }); // no verdict from the JDK's decoder (an unsupported colour space, or damage it stops at): its warnings so far stand
        return warnings.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", warnings));
    }

    /** Width and height from the header alone, so a 400-megapixel file is refused before it is decoded. */
    private static Optional<int[]> headerSize(byte[] data) {
        return withJdkReader(data, reader -> new int[] {reader.getWidth(0), reader.getHeight(0)}); // else the decoder will judge the file
    }

    private interface ReaderUse<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** Runs {@code use} on the JDK's reader for these bytes; empty when there is none or it fails. */
    private static <T> Optional<T> withJdkReader(byte[] data, ReaderUse<T> use) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(use.apply(reader));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void checkSize(Path path, int width, int height) throws ImageReadException {
        if (Math.max(width, height) > (long) ImageLimits.MAX_ASPECT * Math.min(width, height)) {
            throw new ImageReadException(path, String.format("the image is %dx%d px, a strip rather than a smear field "
                    + "(more than %d times longer than wide)", width, height, ImageLimits.MAX_ASPECT));
        }
        if (width < limits.minSide() || height < limits.minSide()) {
            throw new ImageReadException(path, String.format(
                    "the image is %dx%d px, too small to be a smear (at least %dx%d px)", width, height, limits.minSide(), limits.minSide()));
        }
        if ((long) width * height > limits.maxPixels()) {
            throw new ImageReadException(path, String.format(
                    "the image is %dx%d px (%.0f megapixels); HemaReview opens images up to %.0f megapixels",
                    width, height, width * (double) height / 1e6, limits.maxPixels() / 1e6));
        }
    }

    /** Converts any depth and channel count OpenCV decodes to 8-bit BGR; releases {@code raw}, or returns it where it already is. */
    static Mat toBgr8(Mat raw, StringBuilder conversion) {
        Mat img = raw;
        int depth = CvType.depth(img.type());
        if (depth != CvType.CV_8U) {
            Mat eight = new Mat();
            if (depth == CvType.CV_16U) {
                img.convertTo(eight, CvType.CV_8U, 1.0 / 257.0);
                conversion.append("16-bit scaled to 8-bit; ");
            } else {
                Core.normalize(img, eight, 0, 255, Core.NORM_MINMAX, CvType.CV_8U);
                conversion.append(CvType.typeToString(img.type())).append(" stretched to 8-bit; ");
            }
            img.release();
            img = eight;
        }
        if (img.channels() == 3) {
            return img; // already what the segmenter needs: no copy of the whole image
        }
        Mat bgr = new Mat();
        switch (img.channels()) {
            case 1 -> {
                Imgproc.cvtColor(img, bgr, Imgproc.COLOR_GRAY2BGR);
                conversion.append("grayscale shown as RGB (no stain colours: white cells may not be found); ");
            }
            case 2 -> {
                Mat gray = new Mat();
                Core.extractChannel(img, gray, 0);
                Imgproc.cvtColor(gray, bgr, Imgproc.COLOR_GRAY2BGR);
                gray.release();
                conversion.append("grayscale+alpha: alpha dropped; ");
            }
            case 4 -> {
                compositeOverWhite(img, bgr);
                conversion.append("transparency composited over white; ");
            }
            default -> {
                img.release();
                throw new IllegalArgumentException(img.channels() + " channels");
            }
        }
        img.release();
        return bgr;
    }

    private static void compositeOverWhite(Mat bgra, Mat bgr) {
        List<Mat> planes = new java.util.ArrayList<>();
        Core.split(bgra, planes);
        Mat alpha = new Mat();
        planes.get(3).convertTo(alpha, CvType.CV_32F, 1.0 / 255.0);
        Mat inverse = new Mat();
        Core.subtract(Mat.ones(alpha.size(), CvType.CV_32F), alpha, inverse);
        Mat white = new Mat();
        Core.multiply(inverse, new Scalar(255.0), white);
        List<Mat> out = new java.util.ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Mat f = new Mat();
            planes.get(c).convertTo(f, CvType.CV_32F);
            Core.multiply(f, alpha, f);
            Core.add(f, white, f);
            Mat b = new Mat();
            f.convertTo(b, CvType.CV_8U);
            f.release();
            out.add(b);
        }
        Core.merge(out, bgr);
        out.forEach(Mat::release);
        planes.forEach(Mat::release);
        alpha.release();
        inverse.release();
        white.release();
    }

    private record MatHolder(Mat mat) implements AutoCloseable {
        @Override
        public void close() {
            mat.release();
        }
    }
}
