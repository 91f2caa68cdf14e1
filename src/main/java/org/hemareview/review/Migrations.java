package org.hemareview.review;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forward-only schema migrations. Script N lives at {@code /db/V<N>__*.sql}; the
 * {@code schema_version} table records each applied version. A workspace whose version is
 * higher than {@link #LATEST} came from a newer HemaReview and is refused untouched.
 */
final class Migrations {
    private static final Logger logger = LoggerFactory.getLogger(Migrations.class);
    static final List<String> SCRIPTS = List.of("V1__smears_and_audit.sql", "V2__cells.sql", "V3__predictions.sql", "V4__decisions.sql", "V5__tamper_evidence.sql",
            "V6__decision_chain.sql", "V7__practice.sql", "V8__shift.sql");
    static final int LATEST = SCRIPTS.size();

    private Migrations() {
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                return rs.getInt(1);
            }
        }
    }

    /** Brings the schema to {@link #LATEST}, one transaction per version. */
    static void migrate(Connection connection, String fileName) throws SQLException {
        int current = currentVersion(connection);
        if (current > LATEST) {
            throw new NewerSchemaException(fileName, current, LATEST);
        }
        for (int version = current + 1; version <= LATEST; version++) {
            String script = load(SCRIPTS.get(version - 1));
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                for (String sql : splitStatements(script)) {
                    st.execute(sql);
                }
                if (version == 5) {
                    AuditChain.sealUnchained(connection); // the events of an older workspace join the chain
                }
                if (version == 6) {
                    DecisionChain.sealUnchained(connection); // so do its decisions
                }
                st.execute("INSERT INTO schema_version(version, applied_at) VALUES (" + version + ", '" + Instant.now() + "')");
                connection.commit();
                logger.info("workspace {} migrated to schema {}", fileName, version);
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        }
    }

    /** Splits on ';' at line ends, keeping trigger bodies (BEGIN ... END;) whole. */
    static List<String> splitStatements(String script) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inTrigger = false;
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            String upper = trimmed.toUpperCase();
            if (upper.startsWith("CREATE TRIGGER")) {
                inTrigger = true;
            }
            if (trimmed.endsWith(";") && (!inTrigger || upper.endsWith("END;"))) {
                out.add(current.toString().strip());
                current.setLength(0);
                inTrigger = false;
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String load(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the build: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
