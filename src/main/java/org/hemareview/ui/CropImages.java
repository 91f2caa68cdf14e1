package org.hemareview.ui;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import javafx.application.Platform;
import javafx.scene.image.Image;

/**
 * The gallery's crop images: the stored PNGs of the open smear's cells, decoded on one background
 * thread only when a tile or the cell panel needs them (tile-size thumbnails, a few full-size
 * crops), kept in small LRU caches. Used on the JavaFX thread; results arrive there.
 */
final class CropImages implements AutoCloseable {
    private final double thumbnailSide;
    private final Map<Long, byte[]> pngs = new HashMap<>();
    private final Map<Long, Image> thumbs = lru(1000);
    private final Map<Long, Image> full = lru(48);
    private final Set<Long> decoding = new HashSet<>();
    private final ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "crop-decoder");
        t.setDaemon(true);
        return t;
    });
    private LongConsumer thumbnailReady = id -> { };
    private LongConsumer cropReady = id -> { };

    CropImages(double thumbnailSide) {
        this.thumbnailSide = thumbnailSide;
    }

    void onThumbnailReady(LongConsumer handler) {
        thumbnailReady = handler;
    }

    void onCropReady(LongConsumer handler) {
        cropReady = handler;
    }

    void replaceAll(Map<Long, byte[]> cropPngs) {
        pngs.clear();
        pngs.putAll(cropPngs);
        thumbs.clear();
        full.clear();
    }

    void put(long cellId, byte[] png) {
        if (png != null) {
            pngs.put(cellId, png);
        }
    }

    void remove(long cellId) {
        pngs.remove(cellId);
        thumbs.remove(cellId);
        full.remove(cellId);
    }

    /** The tile-size image if decoded; else null, and it is decoded in the background. */
    Image thumbnail(long cellId) {
        Image img = thumbs.get(cellId);
        if (img == null) {
            decode(cellId, true);
        }
        return img;
    }

    /** The full-size crop if decoded; else null, and it is decoded in the background. */
    Image crop(long cellId) {
        Image img = full.get(cellId);
        if (img == null) {
            decode(cellId, false);
        }
        return img;
    }

    private void decode(long cellId, boolean thumbnail) {
        byte[] png = pngs.get(cellId);
        long key = thumbnail ? cellId : -cellId - 1;
        if (png == null || !decoding.add(key)) {
            return;
        }
        decoder.submit(() -> {
            Image img = thumbnail ? new Image(new ByteArrayInputStream(png), thumbnailSide, thumbnailSide, true, true) : decode(png);
            Platform.runLater(() -> {
                decoding.remove(key);
                if (!pngs.containsKey(cellId) || img.isError()) {
                    return;
                }
                if (thumbnail) {
                    thumbs.put(cellId, img);
                    thumbnailReady.accept(cellId);
                } else {
                    full.put(cellId, img);
                    cropReady.accept(cellId);
                }
            });
        });
    }

    /** Decodes a stored crop (PNG); called off the JavaFX thread. */
    static Image decode(byte[] png) {
        return new Image(new ByteArrayInputStream(png));
    }

    private static <V> Map<Long, V> lru(int capacity) {
        return new java.util.LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public void close() {
        decoder.shutdownNow();
    }
}
