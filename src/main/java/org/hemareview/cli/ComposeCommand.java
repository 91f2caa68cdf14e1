package org.hemareview.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hemareview.dataset.ComposedSmearWriter;
import org.hemareview.dataset.ComposerSettings;
import org.hemareview.dataset.ImageFolder;
import org.hemareview.dataset.SmearComposer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Composes realistic smears with ground truth from single-cell crops (e.g. PBC). */
@Command(name = "compose", mixinStandardHelpOptions = true,
        description = "Compose 2560x1920 smears with known white cells from single-cell crops in ImageFolder layout.")
final class ComposeCommand implements Callable<Integer> {
    @Option(names = "--cells-from", required = true, paramLabel = "DIR", description = "ImageFolder of single-cell crops, e.g. shared/data/pbc/train.")
    Path source;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the JPEG + JSON pairs go.")
    Path out;

    @Option(names = "--count", defaultValue = "5", description = "How many smears (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "First seed; smear i uses seed+i (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cells", defaultValue = "18", description = "White cells per smear (default ${DEFAULT-VALUE}).")
    int cells;

    @Option(names = "--quality", defaultValue = "88", description = "JPEG quality (default ${DEFAULT-VALUE}).")
    int quality;

    @Override
    public Integer call() throws Exception {
        ComposerSettings settings = ComposerSettings.cnmcLike().withSize(2560, 1920, cells);
        SmearComposer composer = new SmearComposer(ImageFolder.scan(source), settings);
        for (int i = 0; i < count; i++) {
            long s = seed + i;
            long t0 = System.nanoTime();
            try (SmearComposer.Composed c = composer.compose(s, String.format("composed-%03d.jpg", s))) {
                Path written = ComposedSmearWriter.write(c, out, quality);
                System.out.printf("%s  %d white cells  %.1f s%n", written, c.truth().cells().size(), (System.nanoTime() - t0) / 1e9);
            }
        }
        return 0;
    }
}
