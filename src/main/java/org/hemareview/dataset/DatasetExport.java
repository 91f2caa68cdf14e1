package org.hemareview.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.hemareview.io.Csv;
import org.hemareview.review.ReviewedCell;
import org.hemareview.review.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hemareview.io.AtomicFiles;
import org.hemareview.io.SafeNames;

/**
 * Exports a workspace's cells as a dataset others can read: an ImageFolder tree of crops by
 * class, a CSV with one row per cell, or COCO JSON next to copies of the smear images.
 * De-identification replaces smear names and paths by opaque ids and drops reviewer names.
 * Every path is built through {@link SafeNames}, so nothing is written outside the folder.
 */
public final class DatasetExport {
    private static final Logger logger = LoggerFactory.getLogger(DatasetExport.class);

    public enum Format {
        IMAGEFOLDER, CSV, COCO;

        public static Format parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown export format '" + s + "' (known: imagefolder, csv, coco)");
            }
        }
    }

    /** What to export and how. */
    /** @param overwrite empty a non-empty folder first (else an export needs an empty or new folder) */
    public record Options(Format format, boolean reviewedOnly, boolean deidentify, boolean overwrite) {
        public Options(Format format, boolean reviewedOnly, boolean deidentify) {
            this(format, reviewedOnly, deidentify, false);
        }
    }

    /** Progress: done of total cells. */
    public interface Progress {
        void update(int done, int total);
    }

    /** What was written: cells exported, smears they came from, files written, per-class counts. */
    public record Summary(int cells, int smears, int files, Map<String, Integer> perClass, List<String> warnings) {
    }

    private final Workspace workspace;

    public DatasetExport(Workspace workspace) {
        this.workspace = workspace;
    }

    public Summary export(Options options, Path out, Progress progress, BooleanSupplier cancelled) throws IOException {
        List<String> broken = workspace.verifyHistory();
        if (!broken.isEmpty()) {
            // an export is evidence for others: it is not made from a history that was changed behind the app's back
            throw new IOException("the workspace's history was changed outside HemaReview, so nothing is exported: " + String.join("; ", broken));
        }
        freshFolder(out, options.overwrite());
        List<ReviewedCell> all = workspace.decisions().reviewedCells();
        List<ReviewedCell> cells = all.stream().filter(c -> options.format() == Format.CSV
                ? !options.reviewedOnly() || c.decided() != null
                : c.exportLabel(options.reviewedOnly()) != null).toList();
        logger.info("export {} of {} cells as {} to {}", cells.size(), all.size(), options.format(), out);
        Map<Long, String> names = smearNames(cells, options.deidentify());
        Summary s = switch (options.format()) {
            case IMAGEFOLDER -> imageFolder(cells, names, options, out, progress, cancelled);
            case CSV -> csv(cells, names, options, out, progress, cancelled);
            case COCO -> coco(cells, names, options, out, progress, cancelled);
        };
        smearCounts(cells, names, options, out);
        return new Summary(s.cells(), s.smears(), s.files() + 1, s.perClass(), s.warnings());
    }

    /**
     * smears.csv: each exported smear's differential count with its blasts ("blasts: N (x %)" as the
     * window shows it), from the same labels the cells are exported under.
     */
    private static void smearCounts(List<ReviewedCell> cells, Map<Long, String> names, Options o, Path out) throws IOException {
        Map<Long, Map<String, Integer>> bySmear = new LinkedHashMap<>();
        TreeSet<String> classes = new TreeSet<>();
        for (ReviewedCell c : cells) {
            String label = c.exportLabel(o.reviewedOnly());
            Map<String, Integer> m = bySmear.computeIfAbsent(c.smearId(), k -> new LinkedHashMap<>());
            if (label != null && org.hemareview.review.ReviewLabels.isClass(label)) {
                m.merge(label, 1, Integer::sum);
                classes.add(label);
            }
        }
        StringBuilder b = new StringBuilder("smear,cells,blasts,blast_percent");
        classes.forEach(c -> b.append(',').append(Csv.field(c)));
        b.append('\n');
        bySmear.forEach((id, m) -> {
            var blasts = org.hemareview.review.BlastCount.of(m);
            b.append(Csv.field(names.get(id))).append(',').append(blasts.counted()).append(',').append(blasts.blasts())
                    .append(String.format(java.util.Locale.ROOT, ",%.1f", blasts.percent()));
            classes.forEach(c -> b.append(',').append(m.getOrDefault(c, 0)));
            b.append('\n');
        });
        AtomicFiles.write(out.resolve("smears.csv"), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Each exported smear's name in file names: its file-name stem and its workspace id ("composed-001-3"),
     * so that two smears never share a file whatever their own names (the text after the last '-' is the
     * id, and ids differ); an opaque id alone de-identified.
     */
    static Map<Long, String> smearNames(List<ReviewedCell> cells, boolean deidentify) {
        Map<Long, String> out = new LinkedHashMap<>();
        cells.forEach(c -> out.putIfAbsent(c.smearId(), deidentify ? String.format("smear-%05d", c.smearId())
                : SafeNames.stem(c.smearPath().getFileName().toString()) + "-" + c.smearId()));
        return out;
    }

    /** An export goes into an empty or new folder; a stale file of an earlier export would read as part of this one. */
    private static void freshFolder(Path out, boolean overwrite) throws IOException {
        if (Files.isDirectory(out)) {
            try (java.util.stream.Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    if (!overwrite) {
                        throw new IOException(out + " is not empty; export into an empty or new folder (or use --overwrite to empty it first)");
                    }
                    try (java.util.stream.Stream<Path> all = Files.walk(out)) {
                        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            if (!p.equals(out)) {
                                Files.delete(p);
                            }
                        }
                    }
                }
            }
        }
        Files.createDirectories(out);
    }

    private Summary imageFolder(List<ReviewedCell> cells, Map<Long, String> names, Options o, Path out, Progress progress, BooleanSupplier cancelled) throws IOException {
        Map<String, Integer> perClass = new LinkedHashMap<>();
        TreeSet<Long> smears = new TreeSet<>();
        int done = 0;
        for (ReviewedCell c : cells) {
            check(cancelled);
            String label = c.exportLabel(o.reviewedOnly());
            byte[] png = workspace.cells().crop(c.cellId()).orElseThrow(() -> new IOException("crop of cell " + c.cellId() + " is missing"));
            Path file = SafeNames.inside(out, SafeNames.component(label), names.get(c.smearId()) + "_" + c.number() + ".png");
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, png);
            perClass.merge(label, 1, Integer::sum);
            smears.add(c.smearId());
            progress.update(++done, cells.size());
        }
        return new Summary(done, smears.size(), done, perClass, List.of());
    }

    private Summary csv(List<ReviewedCell> cells, Map<Long, String> names, Options o, Path out, Progress progress, BooleanSupplier cancelled) throws IOException {
        StringBuilder sb = new StringBuilder("smear,smear_path,cell_id,cell_number,box_x,box_y,box_w,box_h,area,predicted,confidence,decided,reviewer,decided_at,shift,unlike_training_data\n");
        Map<String, Integer> perClass = new LinkedHashMap<>();
        TreeSet<Long> smears = new TreeSet<>();
        int done = 0;
        for (ReviewedCell c : cells) {
            check(cancelled);
            List<String> row = List.of(names.get(c.smearId()), o.deidentify() ? "" : c.smearPath().toString(), Long.toString(c.cellId()),
                    Integer.toString(c.number()), Integer.toString(c.box().x()), Integer.toString(c.box().y()), Integer.toString(c.box().width()),
                    Integer.toString(c.box().height()), String.format(Locale.ROOT, "%.1f", c.area()), nz(c.predicted()),
                    c.confidence() == null ? "" : String.format(Locale.ROOT, "%.4f", c.confidence()), nz(c.decided()),
                    o.deidentify() ? "" : nz(c.reviewer()), o.deidentify() ? "" : nz(c.decidedAt()), // dates identify a case too
                    c.shift() == null ? "" : String.format(Locale.ROOT, "%.4f", c.shift()), c.shift() == null ? "" : Boolean.toString(c.unlikeTraining()));
            sb.append(String.join(",", row.stream().map(Csv::field).toList())).append('\n');
            String label = c.decided() != null ? c.decided() : c.predicted();
            if (label != null) {
                perClass.merge(label, 1, Integer::sum);
            }
            smears.add(c.smearId());
            progress.update(++done, cells.size());
        }
        AtomicFiles.write(out.resolve("cells.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
        return new Summary(done, smears.size(), 1, perClass, List.of());
    }

    /**
     * Writes the smear's image into the export if the file at its path is still the one reviewed (same
     * SHA-256); de-identified, re-encoded from its pixels as PNG, so no EXIF or TIFF tag travels along.
     * Returns what went wrong, or null.
     */
    private String copySmear(ReviewedCell c, Path target, boolean deidentify) throws IOException {
        if (!Files.isRegularFile(c.smearPath())) {
            return "smear image not found";
        }
        byte[] bytes = Files.readAllBytes(c.smearPath());
        String stored = workspace.smears().byId(c.smearId()).map(org.hemareview.review.Smear::sha256).orElse("");
        if (!org.hemareview.io.Hashing.sha256(bytes).equalsIgnoreCase(stored)) {
            return "the file at the smear's path is not the image that was reviewed (its SHA-256 differs)";
        }
        if (!deidentify) {
            AtomicFiles.write(target, bytes);
            return null;
        }
        try (org.hemareview.image.SmearImage img = new org.hemareview.image.SmearImageReader().read(c.smearPath())) {
            org.opencv.core.MatOfByte png = new org.opencv.core.MatOfByte();
            try {
                org.opencv.imgcodecs.Imgcodecs.imencode(".png", img.bgr(), png);
                AtomicFiles.write(target, png.toArray());
            } finally {
                png.release();
            }
            return null;
        } catch (org.hemareview.image.ImageReadException e) {
            return "smear image cannot be decoded (" + e.getMessage() + ")";
        }
    }

    private Summary coco(List<ReviewedCell> cells, Map<Long, String> names, Options o, Path out, Progress progress, BooleanSupplier cancelled) throws IOException {
        TreeSet<String> labels = new TreeSet<>();
        cells.forEach(c -> labels.add(c.exportLabel(o.reviewedOnly())));
        Map<String, Integer> categoryIds = new LinkedHashMap<>();
        List<Map<String, Object>> categories = new ArrayList<>();
        for (String l : labels) {
            categoryIds.put(l, categoryIds.size() + 1);
            categories.add(Map.of("id", categoryIds.get(l), "name", l, "supercategory", "white_cell"));
        }
        Map<Long, Map<String, Object>> images = new LinkedHashMap<>();
        List<Map<String, Object>> annotations = new ArrayList<>();
        Map<String, Integer> perClass = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        int files = 0;
        int done = 0;
        for (ReviewedCell c : cells) {
            check(cancelled);
            if (!images.containsKey(c.smearId())) {
                String source = c.smearPath().getFileName().toString();
                String ext = o.deidentify() ? ".png" : source.contains(".") ? source.substring(source.lastIndexOf('.')).toLowerCase(Locale.ROOT) : "";
                String name = names.get(c.smearId()) + (ext.matches("\\.[a-z0-9]{1,5}") ? ext : "");
                Path target = SafeNames.inside(out, "images", name);
                Files.createDirectories(target.getParent());
                String problem = copySmear(c, target, o.deidentify());
                if (problem == null) {
                    files++;
                } else {
                    warnings.add(problem + ", annotations written without it: " + (o.deidentify() ? name : c.smearPath()));
                }
                Map<String, Object> image = new LinkedHashMap<>();
                image.put("id", images.size() + 1);
                image.put("file_name", "images/" + name);
                image.put("width", c.smearWidth());
                image.put("height", c.smearHeight());
                images.put(c.smearId(), image);
            }
            String label = c.exportLabel(o.reviewedOnly());
            List<Double> flat = new ArrayList<>();
            for (int[] p : c.polygon()) {
                flat.add((double) p[0]);
                flat.add((double) p[1]);
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", annotations.size() + 1);
            a.put("image_id", images.get(c.smearId()).get("id"));
            a.put("category_id", categoryIds.get(label));
            a.put("bbox", List.of((double) c.box().x(), (double) c.box().y(), (double) c.box().width(), (double) c.box().height()));
            a.put("area", c.area());
            a.put("segmentation", flat.size() >= 6 ? List.of(flat) : List.of());
            a.put("iscrowd", 0);
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("reviewed", c.decided() != null);
            if (c.predicted() != null) {
                attributes.put("predicted", c.predicted());
                attributes.put("confidence", c.confidence());
            }
            if (c.shift() != null) {
                attributes.put("shift", c.shift());
                attributes.put("unlike_training_data", c.unlikeTraining());
            }
            if (c.reviewer() != null && !o.deidentify()) {
                attributes.put("reviewer", c.reviewer());
            }
            a.put("attributes", attributes);
            annotations.add(a);
            perClass.merge(label, 1, Integer::sum);
            progress.update(++done, cells.size());
        }
        Map<String, Object> coco = new LinkedHashMap<>();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("description", "HemaReview export" + (o.reviewedOnly() ? " (reviewed cells only)" : ""));
        info.put("version", "1.0");
        if (!o.deidentify()) {
            info.put("date_created", java.time.Instant.now().toString()); // a date can identify a case: dropped when de-identified
        }
        coco.put("info", info);
        coco.put("licenses", List.of());
        coco.put("images", new ArrayList<>(images.values()));
        coco.put("annotations", annotations);
        coco.put("categories", categories);
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(coco);
        AtomicFiles.write(out.resolve("annotations.json"), json);
        warnings.forEach(logger::warn);
        return new Summary(done, images.size(), files + 1, perClass, warnings);
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("export cancelled");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
