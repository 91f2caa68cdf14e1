package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hemareview.TestFiles;
import org.hemareview.dataset.ComposerSettings;
import org.hemareview.dataset.GroundTruthCell;
import org.hemareview.dataset.ImageFolder;
import org.hemareview.dataset.SmearComposer;
import org.hemareview.image.OpenCv;
import org.hemareview.model.CentreModel;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A lymphocyte with an erythroblast pressed against it (composed smear 110 of the tuning set, from
 * PBC's validation crops): their nuclei lie within the lobe gap, so by the nuclei alone they are
 * one cell; the centre network sees two.
 */
class TouchingCellsByCentresTest {
    private static final int[] LYMPHOCYTE = {91, 1535, 218, 230};
    private static final int[] ERYTHROBLAST = {168, 1752, 148, 156};

    @Test
    @org.junit.jupiter.api.Disabled("the multi-lab centre network (2026-12-02, trained on three labs' real fields) no longer splits this "
            + "pair; the composed-only network did. Traded for recall on real labs (DeepBioNet 0.84 -> 0.99): see issue 15's note")
    void theCentreNetworkSplitsALymphocyteFromTheErythroblastTouchingIt() throws Exception {
        Optional<Path> data = TestFiles.sharedData();
        assumeTrue(data.isPresent(), "../shared/data is absent: skipping the composed-smear check of the centre network");
        OpenCv.load();
        SmearComposer composer = new SmearComposer(ImageFolder.scan(data.get().resolve("pbc/val")), ComposerSettings.cnmcLike().withSize(2560, 1920, 18));
        Mat smear;
        List<int[]> truth;
        try (SmearComposer.Composed c = composer.compose(110, "composed-110.jpg")) {
            truth = c.truth().cells().stream().map(GroundTruthCell::box).toList();
            MatOfByte jpeg = new MatOfByte();
            Imgcodecs.imencode(".jpg", c.image(), jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 88)); // as 'compose' writes it
            smear = Imgcodecs.imdecode(jpeg, Imgcodecs.IMREAD_COLOR);
            jpeg.release();
        }
        assertEquals(1, truth.stream().filter(b -> java.util.Arrays.equals(b, LYMPHOCYTE)).count(), "the composer no longer makes this smear");
        assertEquals(1, truth.stream().filter(b -> java.util.Arrays.equals(b, ERYTHROBLAST)).count(), "the composer no longer makes this smear");
        try (CentreModel model = CentreModel.load(Path.of("models", CentreModel.DEFAULT_NAME))) {
            List<int[]> withCentres = boxes(new SmearSegmenter(SegmentationSettings.defaults(), model::predict), smear);
            List<int[]> byNuclei = boxes(new SmearSegmenter(), smear);
            assertFalse(found(byNuclei, LYMPHOCYTE) && found(byNuclei, ERYTHROBLAST), "by the nuclei alone the pair is one cell");
            assertEquals(true, found(withCentres, LYMPHOCYTE), "lymphocyte");
            assertEquals(true, found(withCentres, ERYTHROBLAST), "erythroblast");
        } finally {
            smear.release();
        }
    }

    private static List<int[]> boxes(SmearSegmenter segmenter, Mat smear) {
        return segmenter.segment(smear, Optional.of(org.hemareview.segment.Scale.given(0.05))).cells().stream().map(c -> c.box().toArray()).toList();
    }

    private static boolean found(List<int[]> detections, int[] cell) {
        return detections.stream().anyMatch(d -> DetectionScore.iou(d, cell) >= 0.5);
    }
}
