package org.hemareview.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hemareview.io.Hashing;

/**
 * Every model version a workspace knows: the bundled default, imported and trained ones, each a
 * model package folder under the workspace's models directory, with exactly one active. State
 * lives in {@code registry.json} beside them (written atomically); promote and roll back keep a
 * history so a roll back returns to the version active before. Each change is reported to the
 * caller's {@link AuditSink} (the workspace audit log), since this package does not know it.
 */
public final class ModelRegistry {
    private static final Logger logger = LoggerFactory.getLogger(ModelRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String STATE = "registry.json";

    /** Receives one event per change: action (model.registered, model.promoted, model.rolled_back), actor, model id, details. */
    @FunctionalInterface
    public interface AuditSink {
        void record(String action, String actor, String modelId, Map<String, Object> details);
    }

    /** Where a version came from. */
    public enum Source { BUNDLED, IMPORTED, TRAINED }

    /** A registered version: its id (the folder name), folder, manifest and origin. */
    public record Entry(String id, Path folder, Manifest manifest, Source source, Instant registeredAt) {
        public String label() {
            return manifest.name() + " " + manifest.version();
        }
    }

    /** registry.json */
    record State(String active, List<String> history, List<Registration> entries) {
    }

    record Registration(String id, Source source, @JsonProperty("registered_at") String registeredAt,
                        @JsonProperty("package_sha256") String packageSha256) {
    }

    private final Path dir;
    private final AuditSink audit;
    private State state;

    private ModelRegistry(Path dir, AuditSink audit, State state) {
        this.dir = dir;
        this.audit = audit;
        this.state = state;
    }

    /**
     * Opens (or creates) the registry in {@code dir}. On first open the bundled default, when
     * given, is copied in and made active.
     */
    public static synchronized ModelRegistry open(Path dir, Optional<Path> bundled, String actor, AuditSink audit) throws IOException {
        Files.createDirectories(dir);
        // under the registry's lock: two processes creating it at once would each seed it and one registration would be lost
        return RegistryLock.hold(dir, () -> {
            Path file = dir.resolve(STATE);
            State state = Files.exists(file) ? JSON.readValue(file.toFile(), State.class) : new State(null, List.of(), List.of());
            ModelRegistry r = new ModelRegistry(dir, audit, state);
            if (!Files.exists(file)) {
                r.save();
                if (bundled.isPresent()) {
                    Entry e = r.register(bundled.get(), Source.BUNDLED, actor);
                    r.promote(e.id(), actor);
                }
            }
            return r;
        });
    }

    /** The registry of a workspace file: the folder {@code <name>-models} beside it. */
    public static ModelRegistry forWorkspace(Path workspaceFile, Optional<Path> bundled, String actor, AuditSink audit) throws IOException {
        return open(folderOf(workspaceFile), bundled, actor, audit);
    }

    /** Where a workspace file's registry lives (whether or not it exists yet). */
    public static Path folderOf(Path workspaceFile) {
        String name = workspaceFile.getFileName().toString().replaceFirst("\\.db$", "");
        return workspaceFile.toAbsolutePath().resolveSibling(name + "-models");
    }

    public Path directory() {
        return dir;
    }

    public synchronized List<Entry> list() {
        refresh();
        List<Entry> out = new ArrayList<>();
        for (Registration reg : state.entries()) {
            try {
                out.add(new Entry(reg.id(), dir.resolve(reg.id()), ModelPackage.readManifest(dir.resolve(reg.id())), reg.source(),
                        Instant.parse(reg.registeredAt())));
            } catch (ModelPackageException e) {
                logger.warn("registered model {} is unreadable: {}", reg.id(), e.getMessage());
            }
        }
        return out;
    }

    public synchronized Optional<Entry> active() {
        refresh();
        return state.active() == null ? Optional.empty() : find(state.active());
    }

    public synchronized Optional<Entry> find(String id) {
        return list().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /**
     * Copies a model package into the registry (not active yet). The package is checked first:
     * manifest readable, weights present and matching their SHA-256.
     */
    public synchronized Entry register(Path packageDir, Source source, String actor) throws IOException {
        return RegistryLock.hold(dir, () -> registerLocked(packageDir, source, actor));
    }

    private Entry registerLocked(Path packageDir, Source source, String actor) throws IOException {
        refresh();
        Manifest m = ModelPackage.readManifest(packageDir);
        PackageCheck.noLinks(packageDir); // nothing is followed out of the folder
        byte[] weights = Files.readAllBytes(PackageCheck.weightsFile(packageDir, m));
        if (!Hashing.sha256(weights).equalsIgnoreCase(m.weightsSha256())) {
            throw new ModelPackageException(packageDir + ": the weights do not match the manifest's SHA-256; not registered");
        }
        String base = safe(m.name() + "-" + m.version());
        String id = base;
        for (int n = 2; Files.exists(dir.resolve(id)); n++) {
            id = base + "-" + n;
        }
        Path target = dir.resolve(id);
        Path tmp = dir.resolve("." + id + ".part");
        copyTree(packageDir, tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        List<Registration> entries = new ArrayList<>(state.entries());
        String packageSha = PackageCheck.packageSha256(target);
        entries.add(new Registration(id, source, Instant.now().toString(), packageSha));
        state = new State(state.active(), state.history(), entries);
        save();
        audit.record("model.registered", actor, id, Map.of("name", m.name(), "version", m.version(), "source", source.name().toLowerCase(),
                "sha256", m.weightsSha256(), "package_sha256", packageSha, "metrics", m.metrics() == null ? Map.of() : m.metrics()));
        return find(id).orElseThrow();
    }

    /**
     * The package of a registered version, checked against the hash recorded when it was registered:
     * a manifest, weights or card changed since is refused. Registries older than the hash are trusted as they are.
     */
    public synchronized Path verifiedFolder(String id) throws ModelPackageException {
        Path folder = dir.resolve(id);
        PackageCheck.noLinks(folder);
        requireUnchanged(id, PackageCheck.packageSha256(folder));
        return folder;
    }

    /** Refuses a package of version {@code id} whose hash (as loaded) is not the one recorded at its registration. */
    public synchronized void requireUnchanged(String id, String packageSha256) throws ModelPackageException {
        refresh();
        Registration reg = state.entries().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new ModelPackageException("no registered model " + id));
        if (reg.packageSha256() != null && !reg.packageSha256().equalsIgnoreCase(packageSha256)) {
            throw new ModelPackageException("model " + id + " was changed after it was registered (its manifest, weights or card differ "
                    + "from what was checked then); it is not used. Register the package again if the change is intended.");
        }
    }

    /** Makes a registered version the active one (a person's decision; audited). */
    public synchronized Entry promote(String id, String actor) throws IOException {
        return RegistryLock.hold(dir, () -> promoteLocked(id, actor));
    }

    private Entry promoteLocked(String id, String actor) throws IOException {
        refresh();
        Entry e = find(id).orElseThrow(() -> new IllegalArgumentException("no registered model " + id));
        if (id.equals(state.active())) {
            return e;
        }
        String before = state.active();
        List<String> history = new ArrayList<>(state.history());
        history.add(id);
        state = new State(id, history, state.entries());
        save();
        audit.record("model.promoted", actor, id, Map.of("previous", String.valueOf(before)));
        return e;
    }

    /** Returns to the version that was active before the current one (audited); empty when there is none. */
    public synchronized Optional<Entry> rollback(String actor) throws IOException {
        return RegistryLock.hold(dir, () -> rollbackLocked(actor));
    }

    private Optional<Entry> rollbackLocked(String actor) throws IOException {
        refresh();
        List<String> history = new ArrayList<>(state.history());
        if (history.size() < 2) {
            return Optional.empty();
        }
        String from = history.remove(history.size() - 1);
        String to = history.get(history.size() - 1);
        state = new State(to, history, state.entries());
        save();
        audit.record("model.rolled_back", actor, to, Map.of("from", from));
        return find(to);
    }

    /**
     * Re-reads registry.json: another window or a command-line run ({@code hemareview models}) may
     * have changed it since; the file is small and written atomically.
     */
    private void refresh() {
        Path file = dir.resolve(STATE);
        try {
            if (Files.exists(file)) {
                state = JSON.readValue(file.toFile(), State.class);
            }
        } catch (IOException e) {
            logger.warn("cannot re-read {}: {}", file, e.getMessage());
        }
    }

    private void save() throws IOException {
        Path tmp = Files.createTempFile(dir, ".registry", ".part");
        JSON.writeValue(tmp.toFile(), state);
        Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String safe(String s) {
        String n = s.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        return n.isEmpty() ? "model" : n;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
