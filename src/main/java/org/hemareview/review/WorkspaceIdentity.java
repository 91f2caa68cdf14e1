package org.hemareview.review;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A workspace file says what it is: SQLite's {@code application_id} holds HemaReview's. A new or
 * empty file is claimed; a workspace made before the id existed (our schema, id 0) is claimed too;
 * any other SQLite file is refused, never turned into a workspace.
 */
final class WorkspaceIdentity {
    /** "HEMA" in ASCII. */
    static final int APPLICATION_ID = 0x48454D41;

    private WorkspaceIdentity() {
    }

    static void claimOrRefuse(Connection c, Path file) throws SQLException {
        int id = pragmaInt(c, "PRAGMA application_id");
        if (id == APPLICATION_ID) {
            return;
        }
        if (id != 0) {
            throw new WorkspaceException(file + " is an SQLite database of another application (application id 0x"
                    + Integer.toHexString(id) + "), not a HemaReview workspace; it is left as it is");
        }
        int tables = countTables(c);
        if (tables > 0 && !hasOurSchema(c)) {
            throw new WorkspaceException(file + " is an SQLite database with " + tables + " table(s) of its own, not a HemaReview workspace; "
                    + "it is left as it is (give a new file name to create a workspace)");
        }
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA application_id = " + APPLICATION_ID);
        }
    }

    /** The first column of a one-row query. */
    private static int pragmaInt(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static int countTables(Connection c) throws SQLException {
        return pragmaInt(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    }

    /** A workspace of an earlier HemaReview: its schema_version and smears tables are there. */
    private static boolean hasOurSchema(Connection c) throws SQLException {
        return pragmaInt(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'smears', 'audit_log')") == 3;
    }
}
