package org.hemareview.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.hemareview.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.hemareview.io.Hashing;

class SmearImageReaderTest {
    @TempDir
    Path dir;
    private SmearImageReader reader;

    @BeforeAll
    static void opencv() {
        OpenCv.load();
    }

    private SmearImageReader reader() {
        if (reader == null) {
            reader = new SmearImageReader();
        }
        return reader;
    }

    private static Mat colour(int w, int h) {
        Mat m = new Mat(h, w, CvType.CV_8UC3, new Scalar(200, 180, 230));
        m.put(10, 20, new byte[] {10, 20, 30});
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {".png", ".jpg", ".tif", ".bmp"})
    void readsEveryFormatAs8BitBgr(String ext) throws Exception {
        Path f = TestFiles.write(colour(120, 90), dir.resolve("smear" + ext));
        try (SmearImage img = reader().read(f)) {
            assertEquals(120, img.width());
            assertEquals(90, img.height());
            assertEquals(CvType.CV_8UC3, img.bgr().type());
            assertEquals(ext.equals(".jpg") ? ImageFormat.JPEG : ext.equals(".png") ? ImageFormat.PNG
                    : ext.equals(".tif") ? ImageFormat.TIFF : ImageFormat.BMP, img.format());
            assertEquals(Hashing.sha256(Files.readAllBytes(f)), img.sha256());
        }
    }

    @Test
    void grayscaleBecomesThreeEqualChannels() throws Exception {
        Mat g = new Mat(64, 64, CvType.CV_8UC1, new Scalar(77));
        try (SmearImage img = reader().read(TestFiles.write(g, dir.resolve("gray.png")))) {
            assertEquals(3, img.bgr().channels());
            assertArrayEquals(new double[] {77, 77, 77}, img.bgr().get(5, 5));
            assertTrue(img.conversion().contains("grayscale"));
        }
    }

    @Test
    void sixteenBitIsScaledToEightBit() throws Exception {
        Mat m = new Mat(64, 64, CvType.CV_16UC3, new Scalar(65535, 257 * 100, 0));
        try (SmearImage img = reader().read(TestFiles.write(m, dir.resolve("deep.png")))) {
            assertArrayEquals(new double[] {255, 100, 0}, img.bgr().get(3, 3));
            assertTrue(img.conversion().contains("16-bit"));
        }
    }

    @Test
    void transparencyIsCompositedOverWhite() throws Exception {
        Mat m = new Mat(64, 64, CvType.CV_8UC4, new Scalar(0, 0, 0, 0)); // fully transparent black
        m.put(0, 0, new byte[] {0, 0, (byte) 200, (byte) 255});           // one opaque red pixel
        try (SmearImage img = reader().read(TestFiles.write(m, dir.resolve("alpha.png")))) {
            assertArrayEquals(new double[] {255, 255, 255}, img.bgr().get(10, 10));
            assertArrayEquals(new double[] {0, 0, 200}, img.bgr().get(0, 0));
        }
    }

    @Test
    void pathWithSpacesAndNonAsciiCharacters() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("Blutausstrich März 2026 — é"));
        Path f = TestFiles.write(colour(100, 80), sub.resolve("Probe Nr 1 ü.png"));
        try (SmearImage img = reader().read(f)) {
            assertEquals(100, img.width());
        }
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        Path f = Files.createFile(dir.resolve("empty.jpg"));
        ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(f));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void truncatedJpegIsRefused() throws Exception {
        Path good = TestFiles.write(colour(400, 300), dir.resolve("whole.jpg"));
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(all, all.length / 2));
        ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedPngIsRefused() throws Exception {
        byte[] all = Files.readAllBytes(TestFiles.write(colour(400, 300), dir.resolve("whole.png")));
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(all, all.length - 30));
        assertThrows(ImageReadException.class, () -> reader().read(cut));
    }

    @Test
    void textFileRenamedPngIsRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.png"), "Patient 12: smear looks fine, recheck Monday.\n");
        ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(f));
        assertTrue(e.getMessage().contains("not a PNG, JPEG, TIFF or BMP"), e.getMessage());
    }

    @Test
    void onePixelImageIsRefused() throws Exception {
        Path f = TestFiles.write(colour(1, 1), dir.resolve("dot.png"));
        ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(f));
        assertTrue(e.getMessage().contains("1x1") && e.getMessage().contains("too small"), e.getMessage());
    }

    @Test
    void hugeImageIsRefusedFromItsHeaderWithoutDecoding() throws Exception {
        Path f = Files.write(dir.resolve("huge.png"), pngHeaderOnly(20000, 20000));
        long before = usedMemory();
        ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(f));
        assertTrue(e.getMessage().contains("20000x20000") && e.getMessage().contains("megapixels"), e.getMessage());
        assertTrue(usedMemory() - before < 200_000_000L, "nothing of the 1.2 GB image was allocated");
    }

    @Test
    void fileDeletedBeforeOpeningIsReported() throws Exception {
        Path f = TestFiles.write(colour(100, 80), dir.resolve("gone.png"));
        Files.delete(f);
        ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(f));
        assertTrue(e.getMessage().contains("no longer exists"), e.getMessage());
    }

    @Test
    void composedSampleSmearIsFullSize() throws Exception {
        try (SmearImage img = reader().read(TestFiles.composedSmear(1))) {
            assertEquals(2560, img.width());
            assertEquals(1920, img.height());
        }
    }

    private static long usedMemory() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** A valid PNG signature, IHDR and IEND but no pixel data: a header claiming a huge image. */
    static byte[] pngHeaderOnly(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(ihdr);
        i.writeBytes("IHDR");
        i.writeInt(w);
        i.writeInt(h);
        i.write(new byte[] {8, 2, 0, 0, 0});
        chunk(d, ihdr.toByteArray());
        chunk(d, "IEND".getBytes());
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, byte[] typeAndData) throws Exception {
        d.writeInt(typeAndData.length - 4);
        d.write(typeAndData);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        d.writeInt((int) crc.getValue());
    }

    @Test
    void pipesAndDevicesAreRefusedBeforeAByteIsRead() throws Exception {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero on this system");
        long t = System.nanoTime();
        ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(zero));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertTrue((System.nanoTime() - t) / 1e9 < 5, "refused at once, not after reading gigabytes");
        Path fifo = dir.resolve("smear.jpg");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        // a read of a pipe with no writer blocks forever: this must return
        ImageReadException pipe = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(ImageReadException.class, () -> reader().read(fifo)));
        assertTrue(pipe.getMessage().contains("not a regular file"), pipe.getMessage());
    }

    @Test
    void aStripIsRefusedFromItsHeaderAndAGrayscaleSmearIsFlagged() throws Exception {
        Mat strip = colour(4000, 40);
        Path stripFile = TestFiles.write(strip, dir.resolve("strip.png"));
        strip.release();
        ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(stripFile));
        assertTrue(e.getMessage().contains("strip"), e.getMessage());
        Mat grey = new Mat(200, 300, CvType.CV_8UC1, new Scalar(128));
        Path greyFile = TestFiles.write(grey, dir.resolve("grey.png"));
        grey.release();
        try (SmearImage img = reader().read(greyFile)) {
            assertTrue(img.conversion().contains("no stain colours"), img.conversion());
        }
    }

    @Test
    void aTruncatedJpegWithAnEndMarkerAppendedIsRefused() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestFiles.composedSmear(1));
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2 + 2);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9; // looks complete: it ends with the end-of-image marker
        Path file = Files.write(dir.resolve("half.jpg"), cut);
        ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(file));
        assertTrue(e.getMessage().contains("stops before the image does"), e.getMessage());
        try (SmearImage whole = reader().read(TestFiles.composedSmear(1))) {
            assertTrue(SmearImageReader.greyTail(whole.bgr()) < SmearImageReader.GREY_TAIL_ROWS, "the intact smear is read");
        }
    }

    @Test
    void aJpegDamagedInsideItsScanIsRefused() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestFiles.composedSmear(1));
        int mid = jpeg.length / 2;
        byte[] flipped = jpeg.clone();
        for (int i = mid; i < mid + 40; i++) {
            flipped[i] ^= 0x5A; // bit errors inside the entropy-coded data: OpenCV decodes it, with garbage below
        }
        byte[] spliced = new byte[jpeg.length - 5000];
        System.arraycopy(jpeg, 0, spliced, 0, mid);
        System.arraycopy(jpeg, mid + 5000, spliced, mid, jpeg.length - mid - 5000); // a lost block of a copy
        for (var bad : java.util.Map.of("flipped.jpg", flipped, "spliced.jpg", spliced).entrySet()) {
            Path file = Files.write(dir.resolve(bad.getKey()), bad.getValue());
            ImageReadException e = assertThrows(ImageReadException.class, () -> reader().read(file), bad.getKey());
            assertTrue(e.getMessage().contains("JPEG data is damaged") && e.getMessage().contains("Corrupt JPEG data"), e.getMessage());
        }
        try (SmearImage whole = reader().read(TestFiles.composedSmear(1))) {
            assertEquals(java.util.Optional.empty(), SmearImageReader.jpegDamage(Files.readAllBytes(TestFiles.composedSmear(1))));
        }
    }
}
