package org.hemareview.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.hemareview.image.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds realistic full smears with known ground truth from real single-cell crops: no real
 * 2560x1920 smear with cell outlines is available, so we compose them. Real white cells (cut out
 * of PBC crops) are placed on a generated red-cell monolayer with touching pairs, cells across the
 * border, platelets, stain and illumination variation. The same seed gives the same smear.
 */
public final class SmearComposer {
    private static final Logger logger = LoggerFactory.getLogger(SmearComposer.class);
    private static final float[] PAPER = {0.80f, 0.91f, 0.98f};          // BGR, cream background
    private static final float[] RBC_RIM = {0.80f, 0.68f, 0.84f};        // transmittance, BGR
    private static final float[] RBC_CENTRE = {0.97f, 0.90f, 0.96f};
    private static final float[] PLATELET = {0.55f, 0.35f, 0.55f};

    private final ImageFolder source;
    private final ComposerSettings settings;
    private final WhiteCellCutter cutter = new WhiteCellCutter();
    private final List<String> classes;

    public SmearComposer(ImageFolder source, ComposerSettings settings) {
        OpenCv.load();
        this.source = source;
        this.settings = settings;
        this.classes = source.classes().stream().filter(c -> !settings.excludedClasses().contains(c)).toList();
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(source.root() + " has no white-cell classes");
        }
    }

    /** A composed smear: the image (caller releases it) and its ground truth. */
    public record Composed(Mat image, GroundTruthSmear truth) implements AutoCloseable {
        @Override
        public void close() {
            image.release();
        }
    }

    public Composed compose(long seed, String imageName) {
        Random rnd = new Random(seed);
        int w = settings.width();
        int h = settings.height();
        float[] stain = {(float) (0.95 + 0.08 * rnd.nextDouble()), (float) (0.95 + 0.06 * rnd.nextDouble()), (float) (0.96 + 0.05 * rnd.nextDouble())};
        SmearCanvas canvas = new SmearCanvas(w, h, mul(PAPER, stain));
        paintRedCells(canvas, rnd, stain);
        paintPlatelets(canvas, rnd);
        List<GroundTruthCell> cells = placeWhiteCells(canvas, rnd, stain);
        Mat image = canvas.finish(0.06 + 0.08 * rnd.nextDouble(), (rnd.nextDouble() - 0.5) * 0.08, (rnd.nextDouble() - 0.5) * 0.08, 2.0, rnd);
        return new Composed(image, new GroundTruthSmear(imageName, w, h, settings.umPerPx(), seed, cells));
    }

    private void paintRedCells(SmearCanvas canvas, Random rnd, float[] stain) {
        double d = settings.redCellDiameterPx();
        double step = d * 1.08;
        Random grain = new Random(rnd.nextLong());
        for (double y = -d / 2; y < canvas.height + d / 2; y += step * 0.87) {
            double rowShift = rnd.nextDouble() * step;
            for (double x = -d / 2 + rowShift; x < canvas.width + d / 2; x += step) {
                if (rnd.nextDouble() < 0.22) {
                    continue; // gaps, as in a real monolayer
                }
                double size = d / 2 * (0.9 + 0.18 * rnd.nextDouble());
                double jx = (rnd.nextDouble() - 0.5) * 0.5 * d;
                double jy = (rnd.nextDouble() - 0.5) * 0.5 * d;
                canvas.disc(x + jx, y + jy, size, size * (0.86 + 0.14 * rnd.nextDouble()), rnd.nextDouble() * Math.PI,
                        mul(RBC_CENTRE, stain), mul(RBC_RIM, stain), 0.25 + 0.15 * rnd.nextDouble(), grain);
            }
        }
    }

    private void paintPlatelets(SmearCanvas canvas, Random rnd) {
        double d = 2.5 / settings.umPerPx();
        for (int i = 0; i < settings.platelets(); i++) {
            double r = d / 2 * (0.6 + 0.6 * rnd.nextDouble());
            canvas.disc(rnd.nextDouble() * canvas.width, rnd.nextDouble() * canvas.height, r, r * (0.7 + 0.3 * rnd.nextDouble()),
                    rnd.nextDouble() * Math.PI, PLATELET, PLATELET, 0.0, new Random(rnd.nextLong()));
        }
    }

    private List<GroundTruthCell> placeWhiteCells(SmearCanvas canvas, Random rnd, float[] stain) {
        double scale = settings.sourceUmPerPx() / settings.umPerPx();
        List<double[]> placed = new ArrayList<>(); // cx, cy, radius
        List<GroundTruthCell> cells = new ArrayList<>();
        int target = settings.whiteCells();
        int attempts = 0;
        while (cells.size() < target && attempts++ < target * 40) {
            String label = classes.get(cells.size() % classes.size());
            List<Path> files = source.imagesByClass().get(label);
            Path file = files.get(rnd.nextInt(files.size()));
            Optional<CellSprite> cut = cutSprite(file, scale * (0.9 + 0.2 * rnd.nextDouble()), label);
            if (cut.isEmpty()) {
                continue;
            }
            try (CellSprite sprite = cut.get()) {
                double r = Math.max(sprite.width(), sprite.height()) / 2.0;
                int index = cells.size();
                boolean edge = index < settings.edgeCells();
                boolean touching = !edge && index >= settings.edgeCells() && index < settings.edgeCells() + settings.touchingPairs() && !placed.isEmpty();
                Optional<double[]> at = position(rnd, placed, r, edge, touching);
                if (at.isEmpty()) {
                    continue;
                }
                double cx = at.get()[0];
                double cy = at.get()[1];
                int left = (int) Math.round(cx - sprite.width() / 2.0);
                int top = (int) Math.round(cy - sprite.height() / 2.0);
                canvas.place(sprite, left, top, stain);
                placed.add(new double[] {cx, cy, r * 0.92});
                cells.add(truth(index, sprite, left, top, file));
            }
        }
        if (cells.size() < target) {
            logger.warn("placed {} of {} white cells (no room or no usable crops)", cells.size(), target);
        }
        return cells;
    }

    private Optional<double[]> position(Random rnd, List<double[]> placed, double r, boolean edge, boolean touching) {
        int w = settings.width();
        int h = settings.height();
        for (int tries = 0; tries < 400; tries++) {
            double cx;
            double cy;
            if (touching) {
                double[] other = placed.get(rnd.nextInt(placed.size()));
                double angle = rnd.nextDouble() * 2 * Math.PI;
                double dist = (other[2] + r * 0.92) * 0.93; // slight overlap: touching, not stacked
                cx = other[0] + dist * Math.cos(angle);
                cy = other[1] + dist * Math.sin(angle);
                if (cx < r || cy < r || cx > w - r || cy > h - r || collides(placed, cx, cy, r, other)) {
                    continue;
                }
            } else if (edge) {
                boolean vertical = rnd.nextBoolean();
                double along = r + rnd.nextDouble() * ((vertical ? h : w) - 2 * r);
                double across = r * 0.4 * (rnd.nextBoolean() ? 1 : -1);
                cx = vertical ? (across > 0 ? across : w + across) : along;
                cy = vertical ? along : (across > 0 ? across : h + across);
                if (collides(placed, cx, cy, r, null)) {
                    continue;
                }
            } else {
                cx = r + rnd.nextDouble() * (w - 2 * r);
                cy = r + rnd.nextDouble() * (h - 2 * r);
                if (collides(placed, cx, cy, r * 1.15, null)) {
                    continue;
                }
            }
            return Optional.of(new double[] {cx, cy});
        }
        return Optional.empty();
    }

    private static boolean collides(List<double[]> placed, double cx, double cy, double r, double[] except) {
        for (double[] p : placed) {
            if (p != except && Math.hypot(p[0] - cx, p[1] - cy) < p[2] + r * 0.92) {
                return true;
            }
        }
        return false;
    }

    private Optional<CellSprite> cutSprite(Path file, double scale, String label) {
        Mat crop = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
        try {
            if (crop.empty()) {
                logger.warn("skipping unreadable crop {}", file);
                return Optional.empty();
            }
            return cutter.cut(crop, scale, label, file.getFileName().toString());
        } finally {
            crop.release();
        }
    }

    private GroundTruthCell truth(int id, CellSprite sprite, int left, int top, Path file) {
        Mat mask = new Mat();
        List<MatOfPoint> contours = new ArrayList<>();
        Mat hierarchy = new Mat();
        try {
            Imgproc.threshold(sprite.alpha(), mask, 0.5, 255, Imgproc.THRESH_BINARY);
            mask.convertTo(mask, CvType.CV_8U);
            Imgproc.findContours(mask, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
            MatOfPoint largest = contours.stream().max((a, b) -> Double.compare(Imgproc.contourArea(a), Imgproc.contourArea(b))).orElseThrow();
            int w = settings.width();
            int h = settings.height();
            List<int[]> polygon = new ArrayList<>();
            boolean edge = false;
            for (Point p : largest.toArray()) {
                int x = (int) p.x + left;
                int y = (int) p.y + top;
                edge |= x <= 0 || y <= 0 || x >= w - 1 || y >= h - 1;
                polygon.add(new int[] {Math.max(0, Math.min(w - 1, x)), Math.max(0, Math.min(h - 1, y))});
            }
            MatOfPoint clipped = new MatOfPoint(polygon.stream().map(p -> new Point(p[0], p[1])).toArray(Point[]::new));
            Rect box = Imgproc.boundingRect(clipped);
            double area = Imgproc.contourArea(clipped);
            clipped.release();
            return new GroundTruthCell(id, sprite.label(), new int[] {box.x, box.y, box.width, box.height}, polygon, area, edge,
                    file.getFileName().toString());
        } finally {
            mask.release();
            hierarchy.release();
            contours.forEach(Mat::release);
        }
    }

    private static float[] mul(float[] a, float[] b) {
        return new float[] {a[0] * b[0], a[1] * b[1], a[2] * b[2]};
    }
}
