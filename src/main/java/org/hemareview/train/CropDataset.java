package org.hemareview.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    public CropDataset(List<String> classes, List<byte[]> images, int[] labels, int size) {
        this.classes = List.copyOf(classes);
        this.images = images;
        this.labels = labels;
        this.size = size;
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

    public List<String> classes() {
        return classes;
    }

    public int size() {
        return images.size();
    }

    public int imageSize() {
        return size;
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
