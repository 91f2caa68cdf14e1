package org.hemareview.cli;

import java.nio.file.Path;
import org.hemareview.model.DefaultModel;
import org.hemareview.model.ModelPackageException;

/** {@code --model DIR}, defaulting to the bundled model. */
final class ModelOption {
    private ModelOption() {
    }

    static Path resolve(Path given) throws ModelPackageException {
        if (given != null) {
            return given;
        }
        return DefaultModel.folder().orElseThrow(() -> new ModelPackageException(
                "no --model given and the bundled model (models/" + DefaultModel.NAME + ") was not found"));
    }
}
