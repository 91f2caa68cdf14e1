package org.hemareview.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.ComputeDevice;
import org.hemareview.model.DefaultModel;
import org.hemareview.model.ModelPackageException;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cell classifier a workspace uses: its registry's active version (a new registry starts with
 * the bundled model), or a package named by hand ({@code --model}). It owns the loaded network:
 * when the active version changes, {@link #current()} loads the new one and retires the old one,
 * which is freed when the last piece of work holding it ends.
 */
public final class ActiveModel implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ActiveModel.class);
    private final Optional<ModelRegistry> registry;
    private final Optional<Path> fixed;
    private final ComputeDevice device;
    private CellClassifier loaded;

    private ActiveModel(Optional<ModelRegistry> registry, Optional<Path> fixed, ComputeDevice device) {
        this.registry = registry;
        this.fixed = fixed;
        this.device = device;
    }

    /** The workspace's registry (created beside it, with the bundled model, on first use). */
    public static ActiveModel ofWorkspace(Workspace ws, String actor, ComputeDevice device) throws IOException {
        return new ActiveModel(Optional.of(ModelRegistry.forWorkspace(ws.file(), DefaultModel.folder(), actor, ModelAudit.into(ws))),
                Optional.empty(), device);
    }

    /** One model package, whatever any registry says. */
    public static ActiveModel ofPackage(Path dir, ComputeDevice device) {
        return new ActiveModel(Optional.empty(), Optional.of(dir), device);
    }

    /**
     * For a command that has no workspace open: {@code --model} when given, else the active version of
     * the workspace's registry where one exists (never created here), else the bundled model.
     */
    public static ActiveModel forCommand(Path model, Path workspaceFile, ComputeDevice device) throws IOException, ModelPackageException {
        if (model != null) {
            return ofPackage(model, device);
        }
        Path dir = ModelRegistry.folderOf(workspaceFile);
        if (Files.exists(dir.resolve(ModelRegistry.STATE))) {
            return new ActiveModel(Optional.of(ModelRegistry.open(dir, Optional.empty(), "hemareview", (a, b, c, d) -> { })), Optional.empty(), device);
        }
        return ofPackage(DefaultModel.folder().orElseThrow(() -> new ModelPackageException(
                "no --model given and the bundled model (models/" + DefaultModel.NAME + ") was not found")), device);
    }

    public Optional<ModelRegistry> registry() {
        return registry;
    }

    /** The folder of the version in use now. */
    public Path folder() throws ModelPackageException {
        if (fixed.isPresent()) {
            return fixed.get();
        }
        ModelRegistry r = registry.orElseThrow();
        return active(r).folder();
    }

    private static ModelRegistry.Entry active(ModelRegistry r) throws ModelPackageException {
        return r.active().orElseThrow(() -> new ModelPackageException("no active model in "
                + r.directory() + " and the bundled model (models/" + DefaultModel.NAME + ") was not found; cells are found but not classified"));
    }

    /** The active version's classifier, loaded once per version (a changed version retires the one before). */
    public synchronized CellClassifier current() throws ModelPackageException {
        Path dir = folder();
        if (loaded != null && loaded.isOpen() && loaded.directory().equals(dir)) {
            return loaded;
        }
        CellClassifier next = CellClassifier.load(dir, device);
        if (registry.isPresent()) {
            try {
                // the hash of what was just loaded, against the one recorded at registration: the package is read once
                registry.get().requireUnchanged(active(registry.get()).id(), next.packageSha256());
            } catch (ModelPackageException e) {
                next.close();
                throw e;
            }
        }
        if (loaded != null) {
            logger.info("model {} replaced by {}", loaded.version(), next.version());
            loaded.retire();
        }
        loaded = next;
        return next;
    }

    @Override
    public synchronized void close() {
        if (loaded != null) {
            loaded.retire();
            loaded = null;
        }
    }
}
