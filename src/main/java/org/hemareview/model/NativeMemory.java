package org.hemareview.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tunes glibc's allocator for libtorch. Every activation of a forward pass is a fresh multi-MiB
 * tensor; by default glibc serves those with mmap and hands them back with munmap, so each layer
 * pays page faults on fresh zeroed pages (a ReLU on a 2 MiB tensor took 3 ms instead of 0.05 ms).
 * Keeping allocations below 32 MiB on the heap and not trimming it below 256 MiB makes the
 * slim network ~1.4x faster on CPU (docs/benchmarks.md). The same as setting
 * MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_, which a {@code java -jar} start cannot do.
 * A no-op where there is no glibc (macOS, Windows, musl).
 */
public final class NativeMemory {
    private static final Logger logger = LoggerFactory.getLogger(NativeMemory.class);
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int MMAP_THRESHOLD = 32 << 20;
    private static final int TRIM_THRESHOLD = 256 << 20;
    private static boolean tuned;

    private NativeMemory() {
    }

    /** Applies the settings once per process; true when glibc accepted them. */
    public static synchronized boolean tune() {
        if (tuned) {
            return true;
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                || System.getenv("MALLOC_MMAP_THRESHOLD_") != null || Boolean.getBoolean("hemareview.noMallocTuning")) {
            return false;
        }
        try {
            Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
            tuned = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
                    && mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
            logger.debug("malloc tuning for libtorch {}", tuned ? "applied" : "refused");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            logger.debug("malloc tuning not available: {}", e.toString());
        }
        return tuned;
    }
}
