package org.hemareview.segment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.hemareview.TestFiles;
import org.hemareview.dataset.GroundTruthCell;
import org.hemareview.dataset.GroundTruthJson;
import org.hemareview.dataset.GroundTruthSmear;
import org.hemareview.image.OpenCv;
import org.hemareview.model.CentreModel;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** The cell-centre network that ships in models/ on a committed sample smear with known cells. */
class BundledCentreModelTest {
    @Test
    void theShippedNetworkPutsOneCentreInNearlyEveryCellAndFewElsewhere() throws Exception {
        OpenCv.load();
        Path image = TestFiles.composedSmear(2);
        GroundTruthSmear truth = GroundTruthJson.read(GroundTruthJson.besides(image));
        WhiteCellSegmenter segmenter = new WhiteCellSegmenter(SegmentationSettings.defaults());
        Scale scale = Scale.given(truth.umPerPx());
        Mat bgr = Imgcodecs.imread(image.toString());
        Mat work = segmenter.workImage(bgr, scale);
        int[] dims = new int[2];
        float[] input = CentreMaps.input(work, segmenter.workUmPerPx(scale), dims);
        Size valid = CentreMaps.mapSize(work.cols(), work.rows(), segmenter.workUmPerPx(scale));
        float[] map;
        try (CentreModel model = CentreModel.load(Path.of("models", CentreModel.DEFAULT_NAME))) {
            map = model.predict(input, dims[0], dims[1]);
            // in 64-px tiles with 40-px margins (as huge smears are mapped) the map is the same
            float[] tiled = CentreMaps.predict(model::predict, input, dims[0], dims[1], 64, 40);
            float worst = 0;
            for (int i = 0; i < map.length; i++) {
                worst = Math.max(worst, Math.abs(map[i] - tiled[i]));
            }
            System.out.println("bundled centre network: tiled map differs by at most " + worst);
            assertTrue(worst < 0.02, "tiled map differs by " + worst);
        } finally {
            bgr.release();
            work.release();
        }
        List<double[]> peaks = SegmentationSettings.defaults().centreSplit().peaks(map, dims[1], (int) valid.width, (int) valid.height, CentreMaps.UM_PER_PX);
        double toImage = CentreMaps.UM_PER_PX / truth.umPerPx();
        int cellsWithOnePeak = 0;
        int peaksInCells = 0;
        List<GroundTruthCell> cells = truth.cells();
        int[] perCell = new int[cells.size()];
        for (double[] p : peaks) {
            Point at = new Point((p[0] + 0.5) * toImage, (p[1] + 0.5) * toImage);
            for (int i = 0; i < cells.size(); i++) {
                MatOfPoint2f poly = new MatOfPoint2f(cells.get(i).polygon().stream().map(q -> new Point(q[0], q[1])).toArray(Point[]::new));
                boolean inside = Imgproc.pointPolygonTest(poly, at, false) >= 0;
                poly.release();
                if (inside) {
                    perCell[i]++;
                    peaksInCells++;
                    break;
                }
            }
        }
        for (int n : perCell) {
            cellsWithOnePeak += n == 1 ? 1 : 0;
        }
        String report = cellsWithOnePeak + " of " + cells.size() + " cells hold exactly one centre; " + peaksInCells + " of " + peaks.size()
                + " centres lie in a cell";
        System.out.println("bundled centre network on composed-002: " + report);
        assertTrue(cellsWithOnePeak >= 0.85 * cells.size(), report);
        assertTrue(peaksInCells >= 0.9 * peaks.size(), report);
    }
}
