package org.hemareview.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hemareview.classify.InputEncoder;
import org.hemareview.image.OpenCv;
import org.hemareview.review.ReviewedCell;
import org.hemareview.review.Workspace;
import org.hemareview.segment.Crop;

/**
 * Training data from reviewer decisions: every cell whose latest decision names one of the
 * model's classes, with its stored crop, split 7:1:2 by smear ({@link GroupedSplit}).
 *
 * @param classes   the classes, in the model's output order
 * @param crops     PNG crops as stored
 * @param labels    class index per crop
 * @param perClass  decided cells per class
 * @param tooFew    classes with fewer than the minimum cells (the wizard flags them)
 */
public record DecisionData(List<String> classes, List<Long> cellIds, List<byte[]> crops, int[] labels, GroupedSplit.Result split,
                           Map<String, Integer> perClass, List<String> tooFew) {

    public static DecisionData fromWorkspace(Workspace ws, List<String> classes, int minPerClass, long seed) {
        return fromWorkspace(ws, List.of(), classes, minPerClass, seed);
    }

    /**
     * Decisions plus ImageFolder folders (an export of another workspace, a public set): folder
     * names are matched to the classes ignoring case, other folders are left out (see
     * {@link #unmatchedFolders}); each image is its own group in the split (no smear is known).
     */
    public static DecisionData fromWorkspace(Workspace ws, List<Path> extraFolders, List<String> classes, int minPerClass, long seed) {
        return fromWorkspace(ws, extraFolders, Map.of(), classes, minPerClass, seed);
    }

    /**
     * As above, with folder names mapped to classes by hand first ({@code mapping}: folder name ->
     * class, e.g. "NEU" -> "neutrophil"; a name mapped to null or absent falls back to the
     * case-insensitive match).
     */
    public static DecisionData fromWorkspace(Workspace ws, List<Path> extraFolders, Map<String, String> mapping, List<String> classes,
                                             int minPerClass, long seed) {
        List<Long> ids = new ArrayList<>();
        List<byte[]> crops = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        List<GroupedSplit.Item> items = new ArrayList<>();
        Map<String, Integer> perClass = new LinkedHashMap<>();
        classes.forEach(c -> perClass.put(c, 0));
        for (ReviewedCell c : ws.decisions().reviewedCells()) {
            if (c.decided() == null || !classes.contains(c.decided())) {
                continue;
            }
            byte[] png = ws.cells().crop(c.cellId()).orElse(null);
            if (png == null) {
                continue;
            }
            ids.add(c.cellId());
            crops.add(png);
            ys.add(classes.indexOf(c.decided()));
            items.add(new GroupedSplit.Item(c.cellId(), c.smearId(), c.decided()));
            perClass.merge(c.decided(), 1, Integer::sum);
        }
        long group = -1;
        for (Path root : extraFolders) {
            org.hemareview.dataset.ImageFolder folder;
            try {
                folder = org.hemareview.dataset.ImageFolder.scan(root);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(root + ": not a readable ImageFolder (" + e.getMessage() + ")", e);
            }
            for (Map.Entry<String, List<Path>> e : folder.imagesByClass().entrySet()) {
                String mapped = mapping.get(e.getKey());
                String cls = mapped != null && classes.contains(mapped) ? mapped : matchClass(classes, e.getKey());
                if (cls == null) {
                    continue;
                }
                for (Path img : e.getValue()) {
                    try {
                        crops.add(java.nio.file.Files.readAllBytes(img));
                    } catch (java.io.IOException ex) {
                        continue;
                    }
                    long id = group--;
                    ids.add(id);
                    ys.add(classes.indexOf(cls));
                    items.add(new GroupedSplit.Item(id, id, cls));
                    perClass.merge(cls, 1, Integer::sum);
                }
            }
        }
        List<String> tooFew = perClass.entrySet().stream().filter(e -> e.getValue() < minPerClass).map(Map.Entry::getKey).toList();
        return new DecisionData(classes, ids, crops, ys.stream().mapToInt(Integer::intValue).toArray(), GroupedSplit.paper(seed).split(items),
                perClass, tooFew);
    }

    static String matchClass(List<String> classes, String folderName) {
        return classes.stream().filter(c -> c.equalsIgnoreCase(folderName.strip())).findFirst().orElse(null);
    }

    /** Folder names of an ImageFolder that match none of the classes by name (the wizard offers to map them). */
    public static List<String> unmatchedFolders(Path root, List<String> classes) throws java.io.IOException {
        return org.hemareview.dataset.ImageFolder.scan(root).classes().stream().filter(n -> matchClass(classes, n) == null).toList();
    }

    public int size() {
        return crops.size();
    }

    /** A class needs a cell to learn from (training) and one to be scored on (validation or test). */
    public static final int MIN_FOR_SPLIT = 2;

    /**
     * Why training cannot start on these cells, in the words the wizard shows (empty: it can). Checked
     * before a run, so that no run fails on its data after it started.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (size() == 0) {
            out.add("No decided cells yet: review some smears first, or add an ImageFolder.");
            return out;
        }
        List<String> present = perClass.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        if (present.size() < 2) {
            out.add("Only one class (" + present.get(0) + ") among the decided cells: a model learns to tell classes apart, so it needs "
                    + "cells of at least two. Decide cells of other classes first.");
        }
        perClass.forEach((c, n) -> {
            if (n > 0 && n < MIN_FOR_SPLIT) {
                out.add(c + ": " + n + (n == 1 ? " cell" : " cells") + ", fewer than the " + MIN_FOR_SPLIT + " a class needs for the split (one to "
                        + "learn from, one to score on). Decide more " + c + " cells, or mark " + (n == 1 ? "it" : "these") + " unsure to leave "
                        + (n == 1 ? "it" : "them") + " out.");
            }
        });
        long smears = split.partOfSmear().size();
        for (GroupedSplit.Part part : List.of(GroupedSplit.Part.VALIDATION, GroupedSplit.Part.TEST)) {
            if (split.partOfCell().values().stream().noneMatch(p -> p == part)) {
                out.add("The split by smear leaves no cells for " + (part == GroupedSplit.Part.TEST ? "the test, so the new version could not be "
                        + "compared with the active one" : "validation, which picks the best epoch and calibrates") + ": the decided cells lie on "
                        + smears + (smears == 1 ? " smear" : " smears") + ". Decide cells on at least 3 smears.");
            }
        }
        return out;
    }

    /** The crops of one part, decoded and resized for a network of input size {@code size}. */
    public CropDataset part(GroupedSplit.Part part, int size) {
        OpenCv.load();
        InputEncoder encoder = new InputEncoder(size, InputEncoder.ColourSpace.HSV);
        List<byte[]> images = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int i = 0; i < crops.size(); i++) {
            if (split.partOfCell().get(cellIds.get(i)) != part) {
                continue;
            }
            try (Crop crop = Crop.fromPng(crops.get(i), Double.NaN)) {
                images.add(encoder.resize(crop.pixels()));
                ys.add(labels[i]);
            } catch (IllegalArgumentException e) {
                // an unreadable stored crop is left out of training, as a missing one is
            }
        }
        return new CropDataset(classes, images, ys.stream().mapToInt(Integer::intValue).toArray(), size);
    }
}
