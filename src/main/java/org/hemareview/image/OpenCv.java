package org.hemareview.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads OpenCV's native library once per JVM, from the natives bundled in the openpnp jar. */
public final class OpenCv {
    private static final Logger logger = LoggerFactory.getLogger(OpenCv.class);
    private static volatile boolean loaded;

    private OpenCv() {
    }

    /** Idempotent and thread-safe; cheap after the first call (~0.35 s the first time). */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (OpenCv.class) {
            if (!loaded) {
                long t0 = System.nanoTime();
                // loadLocally, not loadShared: the latter logs SEVERE on Java 12+
                nu.pattern.OpenCV.loadLocally();
                loaded = true;
                logger.debug("OpenCV {} loaded in {} ms", org.opencv.core.Core.VERSION, (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }
}
