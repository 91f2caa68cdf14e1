package org.hemareview.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One workspace = one SQLite file (WAL, foreign keys on, versioned schema). All access goes
 * through one connection guarded by this object's lock; every write runs in a transaction, so a
 * write that returned is on disk and a failed one left nothing behind.
 */
public final class Workspace implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Workspace.class);
    private final Path file;
    private final Connection connection;
    private final boolean created;
    private final SmearStore smears;
    private final AuditLog audit;
    private final PracticeStore practice;
    private final CellStore cells;
    private final PredictionStore predictions;
    private final DecisionStore decisions;

    private Workspace(Path file, Connection connection, boolean created) {
        this.file = file;
        this.connection = connection;
        this.created = created;
        this.audit = new AuditLog(this);
        this.practice = new PracticeStore(this);
        this.smears = new SmearStore(this, audit);
        this.cells = new CellStore(this);
        this.predictions = new PredictionStore(this);
        this.decisions = new DecisionStore(this);
    }

    /** Opens the workspace at {@code file}, creating it (and its folder) on first use. */
    public static Workspace open(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        boolean created = !Files.exists(absolute);
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new WorkspaceException("Cannot create the workspace folder " + absolute.getParent() + ": " + e.getMessage(), e);
        }
        if (!created && !Files.isRegularFile(absolute)) {
            throw new WorkspaceException(absolute + " is not a workspace file");
        }
        Connection connection = null;
        try {
            connection = connect(absolute);
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA foreign_keys=ON"); // belt and braces: the setting is driver-specific
            }
            WorkspaceIdentity.claimOrRefuse(connection, absolute);
            try (Statement st = connection.createStatement()) {
                // only now: switching to WAL rewrites the header of a file that may not be ours
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
            }
            Migrations.migrate(connection, absolute.getFileName().toString());
            logger.info("workspace {} ({})", absolute, created ? "created" : "opened");
            Workspace ws = new Workspace(absolute, connection, created);
            ws.historyProblems = ws.verifyHistory();
            ws.historyProblems.forEach(p -> logger.warn("workspace {}: {}", absolute, p));
            return ws;
        } catch (SQLException e) {
            closeQuietly(connection);
            String msg = e.getMessage() != null && e.getMessage().contains("NOTADB")
                    ? absolute + " is not a HemaReview workspace (not an SQLite database)"
                    : "Cannot open workspace " + absolute + ": " + e.getMessage();
            throw new WorkspaceException(msg, e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * The connection, its settings given as properties and its file as a URI: a path is never pasted
     * into the JDBC URL, where a {@code ?} in a folder name would be read as settings.
     */
    private static Connection connect(Path absolute) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5000);
        // BEGIN IMMEDIATE: a writer takes the write lock when its transaction starts, so two processes
        // wait on the busy timeout instead of failing at once when both upgrade a read lock
        config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
        return config.createConnection("jdbc:sqlite:" + absolute.toUri());
    }

    private List<String> historyProblems = List.of();

    public Path file() {
        return file;
    }

    /**
     * Checks the history (audit chain, decisions against their events, sign-offs): every break,
     * named; empty when intact. Run when a workspace opens, before an export and by {@code hemareview verify}.
     */
    public List<String> verifyHistory() {
        return read(AuditChain::verify);
    }

    /** The breaks found when the workspace was opened (the window shows them; an export refuses). */
    public List<String> historyProblems() {
        return historyProblems;
    }

    /** True when this open created the file (first run). */
    public boolean createdNow() {
        return created;
    }

    public SmearStore smears() {
        return smears;
    }

    public CellStore cells() {
        return cells;
    }

    public PredictionStore predictions() {
        return predictions;
    }

    public DecisionStore decisions() {
        return decisions;
    }

    /** Trainees' practice answers, never reviewer decisions. */
    public PracticeStore practice() {
        return practice;
    }

    public AuditLog audit() {
        return audit;
    }

    public int schemaVersion() {
        return read(Migrations::currentVersion);
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
    public synchronized <T> T write(SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs a read; reads see only committed data. */
    public synchronized <T> T read(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private WorkspaceException translate(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_FULL") || m.contains("disk is full")) {
            return new WorkspaceException("The disk holding the workspace " + file + " is full; nothing was saved by the last action.", e);
        }
        if (m.contains("SQLITE_READONLY")) {
            return new WorkspaceException("The workspace " + file + " is read-only; nothing was saved by the last action.", e);
        }
        return new WorkspaceException("Workspace error: " + m, e);
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                logger.warn("closing workspace: {}", e.getMessage());
            }
        }
    }
}
