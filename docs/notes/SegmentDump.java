import org.opencv.core.*;
import org.opencv.imgcodecs.Imgcodecs;
import org.hemareview.segment.*;
import org.hemareview.analysis.SegmenterModels;
import java.nio.file.*;
import java.util.*;
import java.io.*;
/**
 * Run from the repository root after `mvn package -DskipTests`:
 *   java -Dai.djl.offline=true -cp "target/hemareview.jar:target/lib/*" docs/notes/SegmentDump.java LIST OUT
 * (LIST: one image path per line). Diff two OUT files to see whether a change moved any cell.
 * Segments every listed image (scale auto) and prints the scale and each cell's box, polygon hash and area. */
public class SegmentDump {
  public static void main(String[] a) throws Exception {
    org.hemareview.image.OpenCv.load();
    List<String> files = Files.readAllLines(Path.of(a[0]));
    try (SegmenterModels m = SegmenterModels.bundled(); PrintWriter out = new PrintWriter(a[1])) {
      for (String f : files) {
        Mat bgr = Imgcodecs.imread(f);
        Segmentation s = m.segmenter().segment(bgr, Optional.empty());
        out.printf("%s scale=%.6f n=%d%n", Path.of(f).getFileName(), s.scale().umPerPx(), s.cells().size());
        for (SegmentedCell c : s.cells()) {
          int h = 0; for (int[] p : c.polygon()) h = h * 31 + Arrays.hashCode(p);
          out.printf("  %s area=%.1f edge=%b poly=%08x%n", c.box(), c.area(), c.edge(), h);
        }
        bgr.release();
      }
    }
  }
}
