package org.hemareview.review;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hemareview.io.Hashing;

/**
 * Every decision carries a hash of its content and of the decision before it, as the audit events
 * do ({@link AuditChain}): a decision's label, reviewer, kind or time edited with plain sqlite3
 * (behind a dropped trigger), or a decision removed or inserted, breaks the chain from there on.
 */
final class DecisionChain {
    private static final String COLUMNS = "id, cell_id, reviewer, label, previous_label, kind, model, decided_at, undoes, chain";

    private DecisionChain() {
    }

    /** The chain value of a decision that follows {@code previous} (null: the first). */
    static String link(String previous, long cellId, String reviewer, String label, String previousLabel, String kind, String model,
                       String decidedAt, Long undoes) {
        String content = String.join("\u001f", Objects.toString(previous, ""), Long.toString(cellId), reviewer, Objects.toString(label, "\u0000"),
                Objects.toString(previousLabel, "\u0000"), kind, Objects.toString(model, "\u0000"), decidedAt, Objects.toString(undoes, "\u0000"));
        return Hashing.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    /** The chain value of the latest decision, inside the caller's transaction. */
    static String last(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT chain FROM decisions ORDER BY id DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String linkOf(String previous, ResultSet rs) throws SQLException {
        long undone = rs.getLong(9);
        Long undoes = rs.wasNull() ? null : undone; // read before any other column: wasNull speaks of the last one read
        return link(previous, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                undoes);
    }

    /** Chains the decisions written before schema 6, in order; run once by the migration. */
    static void sealUnchained(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<String> chains = new ArrayList<>();
        String previous = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM decisions ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                previous = linkOf(previous, rs);
                ids.add(rs.getLong(1));
                chains.add(previous);
            }
        }
        // decisions are append-only: the trigger is lifted for this one sealing, inside the migration's transaction
        try (var st = c.createStatement(); PreparedStatement set = c.prepareStatement("UPDATE decisions SET chain = ? WHERE id = ?")) {
            st.execute("DROP TRIGGER decisions_no_update");
            for (int i = 0; i < ids.size(); i++) {
                set.setString(1, chains.get(i));
                set.setLong(2, ids.get(i));
                set.executeUpdate();
            }
            st.execute("CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions "
                    + "BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END");
        }
    }

    /** Each break, named once (empty when intact). */
    static void verify(Connection c, List<String> problems) throws SQLException {
        String previous = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM decisions ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String expected = linkOf(previous, rs);
                String stored = rs.getString(10);
                if (!expected.equals(stored)) {
                    problems.add("decision " + rs.getLong(1) + " (cell " + rs.getLong(2) + ", " + rs.getString(3) + ") does not follow from the one "
                            + "before: it, or a decision before it, was changed, removed or inserted outside HemaReview");
                    expected = stored; // report each break once, then follow the stored chain
                }
                previous = expected;
            }
        }
    }
}
