package org.hemareview.model;

import java.nio.file.Path;
import java.util.Optional;

/** A second process for {@code RegistryLockTest}: opens (creating) a registry seeded with a package, then registers another. */
public final class RegistryWriterMain {
    private RegistryWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ModelRegistry r = ModelRegistry.open(dir, Optional.of(Path.of(args[1])), "proc", (a, b, c, d) -> { });
        r.register(Path.of(args[2]), ModelRegistry.Source.IMPORTED, "proc");
    }
}
