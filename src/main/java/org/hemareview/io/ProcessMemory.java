package org.hemareview.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as Linux reports it in /proc/self (-1 elsewhere): for benchmarks. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Resident set size now, KiB. */
    public static long residentKb() {
        return status("VmRSS:");
    }

    /** Resident high-water mark since the start or the last {@link #resetPeak}, KiB. */
    public static long peakKb() {
        return status("VmHWM:");
    }

    /** Lets the high-water mark start from now (no-op where not permitted). */
    public static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not permitted: the peak then counts from process start
        }
    }

    private static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
