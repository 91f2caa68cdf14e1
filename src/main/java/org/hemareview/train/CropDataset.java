package org.hemareview.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.hemareview.classify.InputEncoder;
import org.hemareview.dataset.ImageFolder;
import org.hemareview.image.OpenCv;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labelled cell crops held in memory at the network's input size (BGR bytes; 4,000 crops at
 * 96 px are 110 MB), so every epoch is decode-free. Class indices follow {@code classes}.
 */
public final class CropDataset {
    private static final Logger logger = LoggerFactory.getLogger(CropDataset.class);
    private final List<String> classes;
    private final List<byte[]> images;
    private final int[] labels;
    private final int size;
    /** The laboratory of each image, or null for a single-source set. */
    private final String[] labs;
    /** Crops drawn per epoch when balancing labs and classes; 0: every crop once, shuffled. */
    private final int epochSize;
    /** For a balanced set: the running sum of each crop's draw probability (see {@link #balanced}). */
    private final double[] cumulative;

    public CropDataset(List<String> classes, List<byte[]> images, int[] labels, int size) {
        this(classes, images, labels, size, null, 0);
    }

    private CropDataset(List<String> classes, List<byte[]> images, int[] labels, int size, String[] labs, int epochSize) {
        this.classes = List.copyOf(classes);
        this.images = images;
        this.labels = labels;
        this.size = size;
        this.labs = labs;
        this.epochSize = epochSize;
        this.cumulative = epochSize > 0 ? drawProbabilities() : null;
    }

    /**
     * The found crops of {@code rows} of a cell table, with their labs. Classes are {@code classes}
     * (a row of another class is an error).
     */
    public static CropDataset load(CellTable table, List<CellTable.Row> rows, List<String> classes, int size) throws IOException {
        OpenCv.load();
        List<CellTable.Row> found = rows.stream().filter(CellTable.Row::found).toList();
        for (CellTable.Row r : found) {
            if (!classes.contains(r.cls())) {
                throw new IOException(r.path() + ": class '" + r.cls() + "' is not one of " + classes);
            }
        }
        List<Path> files = found.stream().map(table::resolve).toList();
        byte[][] data = readAll(files, size);
        List<byte[]> images = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        List<String> labs = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            if (data[i] != null) {
                images.add(data[i]);
                ys.add(classes.indexOf(found.get(i).cls()));
                labs.add(found.get(i).lab());
            }
        }
        return new CropDataset(classes, images, ys.stream().mapToInt(Integer::intValue).toArray(), size, labs.toArray(String[]::new), 0);
    }

    /** This set drawn {@code n} crops per epoch, every class equally often and, within a class, its labs alike. */
    public CropDataset balanced(int n) {
        if (labs == null) {
            throw new IllegalStateException("balancing needs the crops' labs (load from a cell table)");
        }
        return new CropDataset(classes, images, labels, size, labs, n);
    }

    /** This set followed by {@code other}'s crops (same classes and size; labs are dropped). */
    public CropDataset concat(CropDataset other) {
        if (!other.classes.equals(classes) || other.size != size) {
            throw new IllegalArgumentException("cannot join crop sets of other classes or sizes");
        }
        List<byte[]> imgs = new ArrayList<>(images);
        imgs.addAll(other.images);
        int[] ys = java.util.Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, ys, labels.length, other.labels.length);
        return new CropDataset(classes, imgs, ys, size);
    }

    /** The crops at {@code indices}, in that order, unbalanced (for fitting and scoring on a sample). */
    public CropDataset subset(int[] indices) {
        List<byte[]> imgs = new ArrayList<>(indices.length);
        int[] ys = new int[indices.length];
        String[] ls = labs == null ? null : new String[indices.length];
        for (int i = 0; i < indices.length; i++) {
            imgs.add(images.get(indices[i]));
            ys[i] = labels[indices[i]];
            if (ls != null) {
                ls[i] = labs[indices[i]];
            }
        }
        return new CropDataset(classes, imgs, ys, size, ls, 0);
    }

    public boolean isBalanced() {
        return epochSize > 0;
    }

    /** The laboratory of crop {@code i}, or "" for a single-source set. */
    public String lab(int i) {
        return labs == null ? "" : labs[i];
    }

    /**
     * The crops of one epoch: every crop once, shuffled; or, for a balanced set, {@link #epochSize}
     * draws with replacement (see {@link #draw}).
     */
    public int[] epochOrder(Random random) {
        if (epochSize > 0) {
            return draw(random, epochSize);
        }
        int n = images.size();
        int[] order = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * {@code count} crops of a balanced set, drawn with replacement: each class has the same share
     * and, within a class, each lab a share growing with its count up to 100 crops (a lab with one
     * basophil must not be drawn as often as one with five hundred).
     */
    public int[] draw(Random random, int count) {
        if (cumulative == null) {
            throw new IllegalStateException("only a balanced set is drawn from");
        }
        double total = cumulative[cumulative.length - 1];
        int[] out = new int[count];
        for (int d = 0; d < count; d++) {
            int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            out[d] = Math.min(cumulative.length - 1, at >= 0 ? at : -at - 1);
        }
        return out;
    }

    /** Computed once per balanced set: the running sum of each crop's probability of being drawn. */
    private double[] drawProbabilities() {
        int n = images.size();
        java.util.Map<Integer, java.util.Map<String, Integer>> perClassAndLab = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            perClassAndLab.computeIfAbsent(labels[i], k -> new java.util.HashMap<>()).merge(labs[i], 1, Integer::sum);
        }
        double[] classMass = new double[classes.size()];
        perClassAndLab.forEach((y, byLab) -> byLab.values().forEach(c -> classMass[y] += Math.min(100, c)));
        int present = perClassAndLab.size();
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            int inGroup = perClassAndLab.get(labels[i]).get(labs[i]);
            total += Math.min(100, inGroup) / classMass[labels[i]] / present / inGroup;
            cumulative[i] = total;
        }
        return cumulative;
    }

    /** Counts the class weights of the loss follow: the drawn shares of a balanced set are equal. */
    public int[] lossCounts() {
        if (epochSize > 0) {
            int[] c = classCounts();
            for (int i = 0; i < c.length; i++) {
                c[i] = c[i] > 0 ? 1 : 0;
            }
            return c;
        }
        return classCounts();
    }

    /** Crops in an epoch. */
    public int epochLength() {
        return epochSize > 0 ? epochSize : images.size();
    }

    /**
     * Loads an ImageFolder. With {@code classes} given, folders map onto those names (a folder with
     * another name is an error); otherwise the folder names, sorted, are the classes.
     */
    public static CropDataset load(Path root, List<String> classes, int size) throws IOException {
        OpenCv.load();
        ImageFolder folder = ImageFolder.scan(root);
        List<String> names = classes == null ? folder.classes() : classes;
        for (String c : folder.classes()) {
            if (!names.contains(c)) {
                throw new IOException(root + ": folder '" + c + "' is not one of the model's classes " + names);
            }
        }
        List<Path> files = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        folder.imagesByClass().forEach((c, list) -> list.forEach(p -> {
            files.add(p);
            ys.add(names.indexOf(c));
        }));
        byte[][] data = readAll(files, size);
        List<byte[]> images = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            if (data[i] != null) {
                images.add(data[i]);
                kept.add(ys.get(i));
            }
        }
        return new CropDataset(names, images, kept.stream().mapToInt(Integer::intValue).toArray(), size);
    }

    /** Decoded and resized crops, null where a file is unreadable (logged). */
    private static byte[][] readAll(List<Path> files, int size) {
        InputEncoder encoder = new InputEncoder(size, InputEncoder.ColourSpace.HSV);
        byte[][] data = new byte[files.size()][];
        AtomicInteger bad = new AtomicInteger();
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            Mat m = Imgcodecs.imread(files.get(i).toString(), Imgcodecs.IMREAD_COLOR);
            try {
                if (m.empty()) {
                    bad.incrementAndGet();
                    logger.warn("skipping unreadable image {}", files.get(i));
                } else {
                    data[i] = encoder.resize(m);
                }
            } finally {
                m.release();
            }
        });
        return data;
    }

    public List<String> classes() {
        return classes;
    }

    public int size() {
        return images.size();
    }

    /** The lab of crop {@code i}, or "" where the set was not loaded from a cell table. */
    public String labOf(int i) {
        return labs == null ? "" : labs[i];
    }

    public int imageSize() {
        return size;
    }

    /** Every crop, in order (the list itself, not a copy: do not change it). */
    public List<byte[]> images() {
        return java.util.Collections.unmodifiableList(images);
    }

    public byte[] image(int i) {
        return images.get(i);
    }

    public int label(int i) {
        return labels[i];
    }

    public int[] labels() {
        return labels.clone();
    }

    /** Images per class, in class order. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }
}
