package org.hemareview.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hemareview.image.OpenCv;
import org.hemareview.image.Preprocessor;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Finds the white cells on a smear.
 *
 * <ol>
 * <li>Reduce to the working resolution (0.15 µm/px) and normalise the illumination.</li>
 * <li>Nuclei by their stain, measured against the field's own red cells ({@link NuclearStain}): no
 *     fixed colour, so another lab's stain, camera or white balance finds the same nuclei; platelets are small.</li>
 * <li>Pieces closer than 1.4 µm are lobes of one nucleus, so a multi-lobed neutrophil is one cell,
 *     but a group never grows longer than one nucleus can be, so touching cells' nuclei stay
 *     apart ({@link LobeGrouping}).</li>
 * <li>Touching cells: a group too long for one nucleus with a thin neck is cut there
 *     ({@link WaistCut}); a nucleus blob with several thick cores (distance-map peaks of at least
 *     3 µm, which lobes never reach) is split by a marker-controlled watershed.</li>
 * <li>With a cell-centre model ({@link CellCentreModel}, the bundled {@code models/cell-centres}) and a measured scale:
 *     the map is flooded down from each cell centre; where a basin has the sharp shape of one
 *     cell, it is the cell: the nucleus stain inside it is its nucleus and the basin its extent
 *     ({@link CentreBasins}), so touching cells, a small nucleus pressed against a big one, or a
 *     granular cell beside another come apart, which no rule on the nuclei tells from a lobe.
 *     Other groups beside which the model sees two or more centres, with a valley between them,
 *     are divided between those centres ({@link CentreSplit}).</li>
 * <li>Each nucleus grows into its cell: the border is traced along rays ({@link BorderTracer}).</li>
 * <li>Cells cut by the image border are kept and flagged {@code edge}.</li>
 * </ol>
 * Nothing touches the full-resolution image except the first resize, so a 2560x1920 smear costs
 * about as much as an 853x640 one.
 */
public final class WhiteCellSegmenter {
    // rays reach 1.4x the nucleus radius and take the first edge of 40 % of the ray's strongest: a
    // thin rim of cytoplasm ends there, and a farther reach mostly found the next red cell (docs/segmentation.md)
    private static final BorderTracer TRACER = new BorderTracer(new BorderTracer.Settings(72, 2, 0.6, 1.4, 3, 0.4, 4, 0.8, 1.25));
    private final SegmentationSettings settings;
    private final Preprocessor preprocessor;
    private final CellCentreModel centres;
    private final CentreSplit centreSplit;

    public WhiteCellSegmenter(SegmentationSettings settings) {
        this(settings, null);
    }

    /** @param centres the cell-centre model that splits touching cells, or null to go by the nuclei alone */
    public WhiteCellSegmenter(SegmentationSettings settings, CellCentreModel centres) {
        OpenCv.load();
        this.settings = settings;
        this.preprocessor = new Preprocessor(settings.preprocess());
        this.centres = centres;
        this.centreSplit = settings.centreSplit();
    }

    public SegmentationSettings settings() {
        return settings;
    }

    /** µm per pixel of the working image for a smear at {@code scale}: images finer than the working resolution are reduced to it. */
    public double workUmPerPx(Scale scale) {
        return scale.umPerPx() / reduction(scale);
    }

    private double reduction(Scale scale) {
        return Math.min(1.0, scale.umPerPx() / settings.workUmPerPx());
    }

    /** The preprocessed working image that everything after the first resize works on (the caller releases it). */
    public Mat workImage(Mat bgr, Scale scale) {
        Mat small = new Mat();
        try {
            reduce(bgr, small, reduction(scale));
            return preprocessor.apply(small, workUmPerPx(scale));
        } finally {
            small.release();
        }
    }

    private static void reduce(Mat bgr, Mat small, double f) {
        if (f < 1.0) {
            Imgproc.resize(bgr, small, new Size(Math.round(bgr.cols() * f), Math.round(bgr.rows() * f)), 0, 0, Imgproc.INTER_AREA);
        } else {
            bgr.copyTo(small);
        }
    }

    public Segmentation segment(Mat bgr, Scale scale) {
        Map<String, Double> ms = new LinkedHashMap<>();
        long t = System.nanoTime();
        double f = reduction(scale);
        double pxUm = workUmPerPx(scale);
        double pxArea = pxUm * pxUm;
        Mat small = new Mat();
        Mat norm = null;
        Mat nuclei = new Mat();
        Mat groups = new Mat();
        CompletableFuture<CentreMap> map = null;
        try {
            reduce(bgr, small, f);
            t = lap(ms, "resize", t);
            norm = preprocessor.apply(small, pxUm);
            t = lap(ms, "preprocess", t);
            // the centre map is learned at one physical resolution, so it needs a measured scale, given or
            // estimated from the red cells (where an estimate is off, its basins smear and are not sharp: BCCD
            // with estimated scales keeps recall 0.987); a default scale is a guess (no red cells to measure).
            // It needs only the working image, so it is computed beside the nuclei, on the model's own thread
            if (centres != null && scale.source().measured()) {
                Mat work = norm;
                map = CompletableFuture.supplyAsync(() -> CentreMap.of(centres, work, pxUm), centres.executor());
            }
            java.util.Optional<String> stainProblem = nucleusMask(norm, nuclei, pxUm);
            int groupCount = settings.lobeGrouping().group(nuclei, groups, pxUm);
            groupCount = cutPairs(groups, groupCount, pxUm);
            t = lap(ms, "nuclei", t);
            groupCount = splitTouching(groups, groupCount, pxUm);
            t = lap(ms, "split", t);
            Map<Integer, Rect> basins = new java.util.HashMap<>();
            Map<Integer, CentreBasins.Cell> basinCells = new java.util.HashMap<>();
            if (map != null) {
                groupCount = divideByCentres(norm, joined(map), groups, groupCount, pxUm, f, basins, basinCells);
                t = lap(ms, "centres", t);
            }
            List<SegmentedCell> cells = dropNested(cells(norm, groups, groupCount, f, pxUm, pxArea, bgr.cols(), bgr.rows(), basins, basinCells));
            lap(ms, "borders", t);
            return new Segmentation(bgr.cols(), bgr.rows(), scale, cells, ms, warnings(stainProblem, scale));
        } finally {
            if (map != null) {
                map.handle((m, e) -> null).join(); // the map's thread reads the working image until it is done
            }
            small.release();
            if (norm != null) {
                norm.release();
            }
            nuclei.release();
            groups.release();
        }
    }

    /** The centre model's map of a working image, and its padded size. */
    private record CentreMap(float[] values, int[] dims) {
        static CentreMap of(CellCentreModel centres, Mat work, double pxUm) {
            int[] dims = new int[2];
            float[] input = CentreMaps.input(work, pxUm, dims);
            return new CentreMap(CentreMaps.predict(centres, input, dims[0], dims[1]), dims);
        }
    }

    private static CentreMap joined(CompletableFuture<CentreMap> map) {
        try {
            return map.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Runs the centre model on the working image and lets its cells divide the nucleus groups: the
     * nucleus stain inside a sharp basin ({@link CentreBasins}) is that cell's nucleus, and
     * {@code basinCells} receives the basin; the other groups are divided between the centres
     * beside them ({@link CentreSplit}). {@code basins} receives, per label with a centre, the box of
     * its basin: where its cell ends and the next begins. Boxes in full-resolution pixels.
     */
    private int divideByCentres(Mat norm, CentreMap centreMap, Mat groups, int n, double pxUm, double f, Map<Integer, Rect> basins,
                                Map<Integer, CentreBasins.Cell> basinCells) {
        int[] dims = centreMap.dims();
        float[] map = centreMap.values();
        Size valid = CentreMaps.mapSize(norm.cols(), norm.rows(), pxUm);
        int mapW = (int) valid.width;
        int mapH = (int) valid.height;
        double kx = norm.cols() / valid.width;
        double ky = norm.rows() / valid.height;
        List<CentreSplit.Peak> peaks = new ArrayList<>();
        for (double[] p : centreSplit.peaks(map, dims[1], mapW, mapH, CentreMaps.UM_PER_PX)) {
            float value = map[(int) Math.round(p[1]) * dims[1] + (int) Math.round(p[0])];
            peaks.add(new CentreSplit.Peak((p[0] + 0.5) * kx - 0.5, (p[1] + 0.5) * ky - 0.5, p[0], p[1], value));
        }
        int w = groups.cols();
        int[] lab = new int[(int) groups.total()];
        groups.get(0, 0, lab);
        List<CentreSplit.Peak> cellCentres = centreSplit.centres(lab, w, n, peaks, map, dims[1], pxUm);
        SegmentationSettings.CentreSettings cs = settings.centres();
        CentreBasins basinMap = CentreBasins.flood(map, dims[1], mapW, mapH, cellCentres, cs.basinFloor(), cs.coreLevel(), cs.maxSkirt());
        int[] cellOf = new int[cellCentres.size()];
        int next = n;
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] > 0) {
                int c = basinMap.at((int) ((i % w + 0.5) / kx), (int) ((i / w + 0.5) / ky));
                if (c >= 0 && basinMap.sharp(c)) {
                    if (cellOf[c] == 0) {
                        cellOf[c] = next++;
                    }
                    lab[i] = cellOf[c];
                }
            }
        }
        Map<CentreSplit.Peak, Integer> index = new java.util.IdentityHashMap<>();
        List<CentreSplit.Peak> rest = new ArrayList<>();
        for (int c = 0; c < cellCentres.size(); c++) {
            index.put(cellCentres.get(c), c);
            if (!basinMap.sharp(c)) {
                rest.add(cellCentres.get(c));
            }
        }
        Map<Integer, List<CentreSplit.Peak>> owned = new java.util.HashMap<>();
        int split = centreSplit.split(lab, w, next, rest, map, dims[1], pxUm, settings.minNucleusUm2(), owned);
        groups.put(0, 0, lab);
        double toFullX = kx / f;
        double toFullY = ky / f;
        for (int c = 0; c < cellCentres.size(); c++) {
            if (cellOf[c] != 0) {
                CentreBasins.Cell cell = basinMap.cell(c, toFullX, toFullY);
                basins.put(cellOf[c], cell.box());
                basinCells.put(cellOf[c], cell);
            }
        }
        for (var e : owned.entrySet()) {
            if (basinCells.containsKey(e.getKey())) {
                continue; // a sharp basin's cell keeps its own basin as its bound
            }
            Rect union = null;
            for (CentreSplit.Peak p : e.getValue()) {
                Rect r = basinMap.box(index.get(p));
                if (r != null) {
                    union = union == null ? r : union(union, r);
                }
            }
            if (union != null) {
                basins.put(e.getKey(), CentreBasins.scaled(union, toFullX, toFullY));
            }
        }
        return split;
    }

    private static Rect union(Rect a, Rect b) {
        int x0 = Math.min(a.x, b.x);
        int y0 = Math.min(a.y, b.y);
        return new Rect(x0, y0, Math.max(a.x + a.width, b.x + b.width) - x0, Math.max(a.y + a.height, b.y + b.height) - y0);
    }

    /** The nucleus mask into {@code out}; returns why the field has none, or empty. */
    private java.util.Optional<String> nucleusMask(Mat norm, Mat out, double pxUm) {
        double pxArea = pxUm * pxUm;
        java.util.Optional<String> problem = settings.nuclearStain().mask(norm, pxUm, out);
        if (settings.nucleusCloseUm() > 0) {
            // fine chromatin (a blast's) is a lattice at the raised threshold of a strong-chromatin field: closed
            // first, so the opening below does not break it into specks
            long side = 2 * Math.round(settings.nucleusCloseUm() / pxUm) + 1;
            Mat c = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(side, side));
            Imgproc.morphologyEx(out, out, Imgproc.MORPH_CLOSE, c);
            c.release();
        }
        Mat k = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(3, 3));
        Imgproc.morphologyEx(out, out, Imgproc.MORPH_OPEN, k);
        k.release();
        dropSmall(out, settings.minPartUm2() / pxArea);
        return problem;
    }

    private static List<String> warnings(java.util.Optional<String> stainProblem, Scale scale) {
        List<String> w = new ArrayList<>();
        stainProblem.ifPresent(p -> w.add(p + "; no white cells reported"));
        if (scale.source() == Scale.Source.DEFAULT) {
            w.add("no red cells to measure the scale by: the default scale was used, cell sizes may be off");
        }
        return List.copyOf(w);
    }

    private static void dropSmall(Mat mask, double minPx) {
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat cents = new Mat();
        try {
            int n = Imgproc.connectedComponentsWithStats(mask, labels, stats, cents, 8, CvType.CV_32S);
            boolean[] keep = new boolean[n];
            int[] area = new int[n * 5];
            stats.get(0, 0, area);
            boolean any = false;
            for (int i = 1; i < n; i++) {
                keep[i] = area[i * 5 + Imgproc.CC_STAT_AREA] >= minPx;
                any |= !keep[i];
            }
            if (any) {
                int[] lab = new int[(int) labels.total()];
                labels.get(0, 0, lab);
                byte[] m = new byte[lab.length];
                for (int i = 0; i < lab.length; i++) {
                    m[i] = keep[lab[i]] ? (byte) 255 : 0;
                }
                mask.put(0, 0, m);
            }
        } finally {
            labels.release();
            stats.release();
            cents.release();
        }
    }

    private int cutPairs(Mat groups, int n, double pxUm) {
        int[] lab = new int[(int) groups.total()];
        groups.get(0, 0, lab);
        int cut = settings.waistCut().cut(lab, groups.cols(), n, pxUm);
        if (cut != n) {
            groups.put(0, 0, lab);
        }
        return cut;
    }

    /** Marker-controlled watershed on groups with several thick cores; relabels {@code groups} in place. */
    private int splitTouching(Mat groups, int n, double pxUm) {
        double rs = settings.splitRadiusUm() / pxUm;
        int k = Math.max(3, (int) (rs * 1.5) | 1);
        Rect[] boxes = boundingBoxes(groups, n);
        int next = n;
        for (int g = 1; g < n; g++) {
            Rect r = boxes[g];
            if (r == null || Math.min(r.width, r.height) < 2 * rs) {
                continue; // too small to hold two cores
            }
            Rect roi = pad(r, 3, groups.cols(), groups.rows());
            Mat sub = groups.submat(roi);
            Mat mask = new Mat();
            Mat closed = new Mat();
            Mat dt = new Mat();
            Mat peaks = new Mat();
            Mat peakLabels = new Mat();
            try {
                Core.compare(sub, new Scalar(g), mask, Core.CMP_EQ);
                Mat ck = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(5, 5));
                Imgproc.morphologyEx(mask, closed, Imgproc.MORPH_CLOSE, ck); // lobes never count as cores
                ck.release();
                Imgproc.distanceTransform(closed, dt, Imgproc.DIST_L2, 5);
                if (Core.minMaxLoc(dt).maxVal < rs) {
                    continue; // no core thick enough: skip the wide peak search (most groups, ~1/3 of this stage)
                }
                Mat dil = new Mat();
                Mat pk = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(k, k));
                Imgproc.dilate(dt, dil, pk);
                pk.release();
                Mat isMax = new Mat();
                Core.compare(dt, dil, isMax, Core.CMP_GE);
                Mat thick = new Mat();
                Core.compare(dt, new Scalar(rs), thick, Core.CMP_GE);
                Core.bitwise_and(isMax, thick, peaks);
                dil.release();
                isMax.release();
                thick.release();
                int cores = Imgproc.connectedComponents(peaks, peakLabels, 8, CvType.CV_32S) - 1;
                if (cores < 2) {
                    continue;
                }
                Mat markers = new Mat(roi.height, roi.width, CvType.CV_32S, new Scalar(0));
                Mat outside = new Mat();
                Core.compare(closed, new Scalar(0), outside, Core.CMP_EQ);
                markers.setTo(new Scalar(1), outside);
                Mat shifted = new Mat();
                Core.add(peakLabels, new Scalar(1), shifted);
                shifted.copyTo(markers, peaks);
                // relief: high far from cores, so basins meet at the waist between two cells
                Mat relief = new Mat();
                dt.convertTo(relief, CvType.CV_8U, -8, 255);
                Imgproc.cvtColor(relief, relief, Imgproc.COLOR_GRAY2BGR);
                Imgproc.watershed(relief, markers);
                int[] mk = new int[(int) markers.total()];
                markers.get(0, 0, mk);
                byte[] in = new byte[(int) mask.total()];
                mask.get(0, 0, in);
                int[] lab = new int[(int) sub.total()];
                sub.get(0, 0, lab);
                for (int i = 0; i < lab.length; i++) {
                    if (in[i] != 0) {
                        lab[i] = mk[i] >= 2 ? next + mk[i] - 2 : 0; // watershed lines (-1) drop out
                    }
                }
                sub.put(0, 0, lab);
                next += cores;
                outside.release();
                shifted.release();
                relief.release();
                markers.release();
            } finally {
                mask.release();
                closed.release();
                dt.release();
                peaks.release();
                peakLabels.release();
            }
        }
        return next;
    }

    private List<SegmentedCell> cells(Mat norm, Mat groups, int n, double f, double pxUm, double pxArea, int fullW, int fullH,
                                      Map<Integer, Rect> basins, Map<Integer, CentreBasins.Cell> basinCells) {
        int[] lab = new int[(int) groups.total()];
        groups.get(0, 0, lab);
        int w = groups.cols();
        Rect[] boxes = boundingBoxes(lab, w, n);
        Mat smooth = new Mat();
        // a median, not a Gaussian: granules and chromatin specks vanish, the cell's edge stays sharp
        Imgproc.medianBlur(norm, smooth, 5);
        Imgproc.cvtColor(smooth, smooth, Imgproc.COLOR_BGR2Lab);
        List<SegmentedCell> out = new ArrayList<>();
        int maxR = (int) (settings.maxCellRadiusUm() / pxUm) + 2;
        // one nucleus canvas for all cells, cleared after each: a fresh working-size image per cell cost
        // 360 x 11 MB of zeroing on a 10240x9600 smear
        Mat nucleus = Mat.zeros(groups.size(), CvType.CV_8UC1);
        try {
            for (int g = 1; g < n; g++) {
                Rect r = boxes[g];
                if (r == null) {
                    continue;
                }
                byte[] m = new byte[r.width * r.height];
                double sx = 0;
                double sy = 0;
                int count = 0;
                for (int y = 0; y < r.height; y++) {
                    for (int x = 0; x < r.width; x++) {
                        if (lab[(r.y + y) * w + r.x + x] == g) {
                            m[y * r.width + x] = (byte) 255;
                            sx += r.x + x;
                            sy += r.y + y;
                            count++;
                        }
                    }
                }
                if (count * pxArea < settings.minNucleusUm2()) {
                    continue;
                }
                double cx = sx / count;
                double cy = sy / count;
                Mat roiMask = new Mat(r.height, r.width, CvType.CV_8UC1);
                roiMask.put(0, 0, m);
                Mat place = nucleus.submat(r);
                roiMask.copyTo(place);
                Point[] border = TRACER.trace(smooth, nucleus, cx, cy, maxR);
                place.setTo(new Scalar(0)); // the next cell sees only its own nucleus
                place.release();
                out.add(cell(out.size(), border, r, roiMask, cx, cy, f, fullW, fullH, g, basins, basinCells.get(g)));
                roiMask.release();
            }
        } finally {
            smooth.release();
            nucleus.release();
        }
        return out;
    }

    /** @param basinCell the cell's sharp basin of the centre map, or null: then the traced border sets the box */
    private SegmentedCell cell(int id, Point[] border, Rect nucleusBox, Mat nucleusRoi, double cx, double cy, double f, int fullW, int fullH,
                               int group, Map<Integer, Rect> basins, CentreBasins.Cell basinCell) {
        Rect basin = basinCell == null ? null : basinCell.box();
        List<int[]> polygon = new ArrayList<>(border.length);
        for (Point p : border) {
            polygon.add(new int[] {clamp((int) Math.round(p.x / f), fullW - 1), clamp((int) Math.round(p.y / f), fullH - 1)});
        }
        double x0 = nucleusBox.x / f;
        double y0 = nucleusBox.y / f;
        double x1 = (nucleusBox.x + nucleusBox.width - 1) / f;
        double y1 = (nucleusBox.y + nucleusBox.height - 1) / f;
        double mw = settings.boxMargin() * (x1 - x0);
        double mh = settings.boxMargin() * (y1 - y0);
        int bx0 = (int) Math.max(0, Math.floor(x0 - mw));
        int by0 = (int) Math.max(0, Math.floor(y0 - mh));
        int bx1 = (int) Math.min(fullW, Math.ceil(x1 + mw));
        int by1 = (int) Math.min(fullH, Math.ceil(y1 + mh));
        {
            // the box also covers the traced border, but never more than boxBorderCap of the nucleus size beyond
            // the nucleus on any side: a border that leaked into a neighbouring red cell cannot inflate it
            double cap = settings.boxBorderCap();
            int cx0 = (int) Math.floor(x0 - cap * (x1 - x0));
            int cy0 = (int) Math.floor(y0 - cap * (y1 - y0));
            int cx1 = (int) Math.ceil(x1 + cap * (x1 - x0));
            int cy1 = (int) Math.ceil(y1 + cap * (y1 - y0));
            for (int[] p : polygon) {
                bx0 = Math.min(bx0, Math.max(cx0, p[0]));
                by0 = Math.min(by0, Math.max(cy0, p[1]));
                bx1 = Math.max(bx1, Math.min(cx1, p[0] + 1));
                by1 = Math.max(by1, Math.min(cy1, p[1] + 1));
            }
            bx0 = Math.max(0, bx0);
            by0 = Math.max(0, by0);
            bx1 = Math.min(fullW, bx1);
            by1 = Math.min(fullH, by1);
        }
        if (basin != null) {
            // the map's basin is the cell: a border that leaked over a neighbour is cut back to it, but pale
            // cytoplasm the map's floor leaves out may carry the box a little beyond it (BCCD's boxes include it)
            double beyond = settings.centres().borderBeyondBasin();
            int[] traced = {bx0, by0, bx1, by1};
            bx0 = Math.max(0, Math.min(basin.x, (int) Math.floor(x0)));
            by0 = Math.max(0, Math.min(basin.y, (int) Math.floor(y0)));
            bx1 = Math.min(fullW, Math.max(basin.x + basin.width, (int) Math.ceil(x1 + 1)));
            by1 = Math.min(fullH, Math.max(basin.y + basin.height, (int) Math.ceil(y1 + 1)));
            bx0 = Math.min(bx0, Math.max(traced[0], (int) Math.floor(basin.x - beyond * basin.width)));
            by0 = Math.min(by0, Math.max(traced[1], (int) Math.floor(basin.y - beyond * basin.height)));
            bx1 = Math.max(bx1, Math.min(traced[2], (int) Math.ceil(basin.x + basin.width * (1 + beyond))));
            by1 = Math.max(by1, Math.min(traced[3], (int) Math.ceil(basin.y + basin.height * (1 + beyond))));
            withinBasin(polygon, basinCell, cx / f, cy / f);
        }
        if (basin == null) {
            int[] box = clipToNeighbours(new int[] {bx0, by0, bx1, by1}, new double[] {x0, y0, x1, y1}, group, basins,
                    settings.centres().basinMargin());
            bx0 = box[0];
            by0 = box[1];
            bx1 = box[2];
            by1 = box[3];
        }

        boolean edge = bx0 <= 0 || by0 <= 0 || bx1 >= fullW || by1 >= fullH;
        for (int[] p : polygon) {
            edge |= p[0] <= 0 || p[1] <= 0 || p[0] >= fullW - 1 || p[1] >= fullH - 1;
        }
        MatOfPoint poly = new MatOfPoint(polygon.stream().map(p -> new Point(p[0], p[1])).toArray(Point[]::new));
        double area = Imgproc.contourArea(poly);
        poly.release();
        return new SegmentedCell(id, polygon, new org.hemareview.geometry.Box(bx0, by0, bx1 - bx0, by1 - by0), area, new double[] {cx / f, cy / f}, edge,
                nucleusAtFullResolution(nucleusBox, nucleusRoi, f, fullW, fullH));
    }

    /** Border points outside the cell's basin (a trace that leaked over a neighbour) are pulled back along their ray to the basin. */
    private static void withinBasin(List<int[]> polygon, CentreBasins.Cell basin, double cx, double cy) {
        for (int[] p : polygon) {
            double t = 1.0;
            while (t > 0 && !basin.holds(cx + t * (p[0] - cx), cy + t * (p[1] - cy))) {
                t -= 0.05;
            }
            t = Math.max(0, t);
            p[0] = (int) Math.round(cx + t * (p[0] - cx));
            p[1] = (int) Math.round(cy + t * (p[1] - cy));
        }
    }

    /**
     * A border that leaked over a touching cell cannot carry the box across it: on each side that
     * faces another cell's basin of the centre map, the box ends where that basin begins, plus
     * {@code margin} of its size (touching cells overlap a little); towards the background, and for cells
     * without a centre, nothing changes. The nucleus box always stays inside.
     *
     * @param box     {x0, y0, x1, y1} (x1, y1 exclusive), full-resolution pixels
     * @param nucleus {x0, y0, x1, y1} of the nucleus (inclusive)
     */
    static int[] clipToNeighbours(int[] box, double[] nucleus, int group, Map<Integer, Rect> basins, double margin) {
        Rect own = basins.get(group);
        int[] b = box.clone();
        if (own == null) {
            return b;
        }
        double ocx = own.x + own.width / 2.0;
        double ocy = own.y + own.height / 2.0;
        for (var e : basins.entrySet()) {
            Rect o = e.getValue();
            if (e.getKey() == group || o.x >= b[2] || o.y >= b[3] || o.x + o.width <= b[0] || o.y + o.height <= b[1]) {
                continue;
            }
            double dx = o.x + o.width / 2.0 - ocx;
            double dy = o.y + o.height / 2.0 - ocy;
            double m = margin * Math.max(o.width, o.height);
            if (Math.abs(dx) >= Math.abs(dy)) {
                if (dx > 0) {
                    b[2] = Math.min(b[2], Math.max((int) Math.ceil(nucleus[2] + 1), (int) Math.ceil(o.x + m)));
                } else {
                    b[0] = Math.max(b[0], Math.min((int) Math.floor(nucleus[0]), (int) Math.floor(o.x + o.width - m)));
                }
            } else if (dy > 0) {
                b[3] = Math.min(b[3], Math.max((int) Math.ceil(nucleus[3] + 1), (int) Math.ceil(o.y + m)));
            } else {
                b[1] = Math.max(b[1], Math.min((int) Math.floor(nucleus[1]), (int) Math.floor(o.y + o.height - m)));
            }
        }
        return b;
    }

    /**
     * A nucleus piece lying inside a larger cell's border is part of that cell (a monocyte's
     * folded nucleus, a lobe pulled away), not a cell of its own. Ids are renumbered.
     */
    static List<SegmentedCell> dropNested(List<SegmentedCell> cells) {
        List<org.opencv.core.MatOfPoint2f> borders = new ArrayList<>();
        for (SegmentedCell c : cells) {
            borders.add(new org.opencv.core.MatOfPoint2f(c.polygon().stream().map(p -> new Point(p[0], p[1])).toArray(Point[]::new)));
        }
        List<SegmentedCell> kept = new ArrayList<>();
        try {
            for (int i = 0; i < cells.size(); i++) {
                SegmentedCell c = cells.get(i);
                Point centre = new Point(c.centroid()[0], c.centroid()[1]);
                boolean nested = false;
                for (int j = 0; j < cells.size() && !nested; j++) {
                    nested = j != i && cells.get(j).area() > c.area() && Imgproc.pointPolygonTest(borders.get(j), centre, false) > 0;
                }
                if (!nested) {
                    kept.add(new SegmentedCell(kept.size(), c.polygon(), c.box(), c.area(), c.centroid(), c.edge(), c.nucleus()));
                }
            }
        } finally {
            borders.forEach(Mat::release);
        }
        return kept;
    }

    private static CellMask nucleusAtFullResolution(Rect r, Mat roi, double f, int fullW, int fullH) {
        int x = (int) Math.floor(r.x / f);
        int y = (int) Math.floor(r.y / f);
        int w = Math.max(1, Math.min(fullW - x, (int) Math.round(r.width / f)));
        int h = Math.max(1, Math.min(fullH - y, (int) Math.round(r.height / f)));
        Mat up = new Mat();
        try {
            if (f < 1.0) {
                Imgproc.resize(roi, up, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
                Imgproc.threshold(up, up, 127, 255, Imgproc.THRESH_BINARY);
            } else {
                roi.copyTo(up);
            }
            byte[] data = new byte[(int) up.total()];
            up.get(0, 0, data);
            return new CellMask(x, y, up.cols(), up.rows(), data);
        } finally {
            up.release();
        }
    }

    private static Rect[] boundingBoxes(Mat labels, int n) {
        int[] lab = new int[(int) labels.total()];
        labels.get(0, 0, lab);
        return boundingBoxes(lab, labels.cols(), n);
    }

    /** Per label 1..n-1 its bounding box, or null when the label has no pixel. */
    static Rect[] boundingBoxes(int[] lab, int w, int n) {
        int[] x0 = new int[n];
        int[] y0 = new int[n];
        int[] x1 = new int[n];
        int[] y1 = new int[n];
        java.util.Arrays.fill(x0, Integer.MAX_VALUE);
        java.util.Arrays.fill(y0, Integer.MAX_VALUE);
        java.util.Arrays.fill(x1, -1);
        java.util.Arrays.fill(y1, -1);
        for (int i = 0; i < lab.length; i++) {
            int g = lab[i];
            if (g > 0 && g < n) {
                int x = i % w;
                int y = i / w;
                x0[g] = Math.min(x0[g], x);
                y0[g] = Math.min(y0[g], y);
                x1[g] = Math.max(x1[g], x);
                y1[g] = Math.max(y1[g], y);
            }
        }
        Rect[] out = new Rect[n];
        for (int g = 1; g < n; g++) {
            if (x1[g] >= 0) {
                out[g] = new Rect(x0[g], y0[g], x1[g] - x0[g] + 1, y1[g] - y0[g] + 1);
            }
        }
        return out;
    }

    private static Rect pad(Rect r, int p, int w, int h) {
        int x = Math.max(0, r.x - p);
        int y = Math.max(0, r.y - p);
        return new Rect(x, y, Math.min(w, r.x + r.width + p) - x, Math.min(h, r.y + r.height + p) - y);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private static long lap(Map<String, Double> ms, String stage, long since) {
        long now = System.nanoTime();
        ms.put(stage, (now - since) / 1e6);
        return now;
    }
}
