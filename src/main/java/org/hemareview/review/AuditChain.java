package org.hemareview.review;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hemareview.io.Hashing;

/**
 * Tamper evidence for the workspace's history. Every audit event carries {@code chain}: the SHA-256
 * of the previous event's chain and this event's content, so an event changed, removed or slipped in
 * with plain sqlite3 breaks the chain from there on. The decisions and sign-offs are checked against
 * the events that recorded them: a decision deleted or inserted behind the app's back, or a
 * {@code signed_by} edited, no longer matches its event. Without a secret key this shows edits made
 * by hand; it cannot stop someone who rewrites the whole chain with this code.
 */
public final class AuditChain {
    /** One reader for every event's details: the check runs on each open, over the whole log. */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private AuditChain() {
    }

    /** The chain value of an event that follows {@code previous} (null: the first event). */
    static String link(String previous, String at, String actor, String action, String subject, String details) {
        String content = String.join("\u001f", Objects.toString(previous, ""), at, actor, action, subject, details);
        return Hashing.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    /** The chain value of the latest event, inside the caller's transaction. */
    static String last(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT chain FROM audit_log ORDER BY id DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Chains the events written before schema 5 (their chain is empty), in order; run once by the migration. */
    static void sealUnchained(Connection c) throws SQLException {
        String previous = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, at, actor, action, subject, details, chain FROM audit_log ORDER BY id");
             PreparedStatement set = c.prepareStatement("UPDATE audit_log SET chain = ? WHERE id = ?");
             ResultSet rs = ps.executeQuery()) {
            List<long[]> ids = new ArrayList<>();
            List<String> chains = new ArrayList<>();
            while (rs.next()) {
                String chain = link(previous, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                ids.add(new long[] {rs.getLong(1)});
                chains.add(chain);
                previous = chain;
            }
            // the append-only trigger forbids UPDATE: lift it for this one sealing, inside the migration's transaction
            try (var st = c.createStatement()) {
                st.execute("DROP TRIGGER audit_log_no_update");
                for (int i = 0; i < ids.size(); i++) {
                    set.setString(1, chains.get(i));
                    set.setLong(2, ids.get(i)[0]);
                    set.executeUpdate();
                }
                st.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                        + "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END");
            }
        }
    }

    /** Every break found, named (empty when the history is intact). */
    public static List<String> verify(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        String previous = null;
        Map<Long, List<String[]>> decidedEvents = new HashMap<>();
        Map<Long, String[]> lastSignEvent = new HashMap<>();
        Map<Long, Long> callsSinceAnalysis = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, at, actor, action, subject, details, chain FROM audit_log ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String expected = link(previous, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                if (!expected.equals(rs.getString(7))) {
                    problems.add("audit event " + id + " (" + rs.getString(4) + " " + rs.getString(5) + ") does not follow from the one before: "
                            + "it, or an event before it, was changed, removed or inserted outside HemaReview");
                    expected = rs.getString(7); // report each break once, then follow the stored chain
                }
                previous = expected;
                String action = rs.getString(4);
                String subject = rs.getString(5);
                if ((action.equals("cell.decided") || action.equals("decision.undone")) && subject.startsWith("cell:")) {
                    decidedEvents.computeIfAbsent(Long.parseLong(subject.substring(5)), k -> new ArrayList<>())
                            .add(new String[] {rs.getString(3), labelOf(rs.getString(6))});
                } else if ((action.equals("smear.signed") || action.equals("smear.unsigned")) && subject.startsWith("smear:")) {
                    lastSignEvent.put(Long.parseLong(subject.substring(6)), new String[] {action, rs.getString(3)});
                } else if (action.equals("smear.analysed") && subject.startsWith("smear:")) {
                    callsSinceAnalysis.put(Long.parseLong(subject.substring(6)), 0L); // its old cells and their calls are gone
                } else if (action.equals("smear.classified") && subject.startsWith("smear:")) {
                    callsSinceAnalysis.merge(Long.parseLong(subject.substring(6)), countOf(rs.getString(6)), Long::sum);
                }
            }
        }
        checkDecisions(c, decidedEvents, problems);
        checkSignOffs(c, lastSignEvent, problems);
        checkCalls(c, callsSinceAnalysis, problems);
        DecisionChain.verify(c, problems);
        return problems;
    }

    /** Each cell's decisions, in order, are the ones its audit events recorded: same reviewer, same label. */
    private static void checkDecisions(Connection c, Map<Long, List<String[]>> events, List<String> problems) throws SQLException {
        Map<Long, List<String[]>> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cell_id, reviewer, label, id FROM decisions ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new String[] {rs.getString(2), String.valueOf(rs.getString(3)),
                        Long.toString(rs.getLong(4))});
            }
        }
        java.util.Set<Long> cells = new java.util.TreeSet<>(rows.keySet());
        cells.addAll(events.keySet());
        for (long cell : cells) {
            List<String[]> stored = rows.getOrDefault(cell, List.of());
            List<String[]> recorded = events.getOrDefault(cell, List.of());
            boolean same = stored.size() == recorded.size();
            for (int i = 0; same && i < stored.size(); i++) {
                same = stored.get(i)[0].equals(recorded.get(i)[0]) && stored.get(i)[1].equals(recorded.get(i)[1]);
            }
            if (!same) {
                problems.add("cell " + cell + ": its " + stored.size() + " decision(s) do not match the " + recorded.size()
                        + " the audit log recorded (a decision was deleted, inserted or changed outside HemaReview)");
            }
        }
    }

    /** A signed smear's signer is the one its last sign-off event names; a smear its last event left signed is still signed. */
    private static void checkSignOffs(Connection c, Map<Long, String[]> lastEvent, List<String> problems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status, signed_by FROM smears"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long smear = rs.getLong(1);
                boolean signed = "SIGNED".equals(rs.getString(2));
                String[] last = lastEvent.get(smear);
                boolean recordedSigned = last != null && last[0].equals("smear.signed");
                if (signed != recordedSigned || signed && !last[1].equals(rs.getString(3))) {
                    problems.add("smear " + smear + ": its sign-off (" + (signed ? "signed by " + rs.getString(3) : "not signed")
                            + ") is not what the audit log recorded (" + (last == null ? "never signed" : last[0] + " by " + last[1]) + ")");
                }
            }
        }
    }

    /**
     * Each smear's cells hold as many model calls as the classifications recorded since its last
     * analysis (an analysis replaces the cells and their calls; a reclassification adds calls).
     */
    private static void checkCalls(Connection c, Map<Long, Long> recorded, List<String> problems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM predictions p JOIN cells c ON c.id = p.cell_id WHERE c.smear_id = ?")) {
            for (var e : new java.util.TreeMap<>(recorded).entrySet()) {
                ps.setLong(1, e.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    long stored = rs.next() ? rs.getLong(1) : 0;
                    if (stored != e.getValue()) {
                        problems.add("smear " + e.getKey() + ": its cells hold " + stored + " model call(s) where the audit log recorded "
                                + e.getValue() + " (calls were deleted or inserted outside HemaReview)");
                    }
                }
            }
        }
    }

    private static long countOf(String detailsJson) {
        try {
            return JSON.readTree(detailsJson).path("cells").asLong(0);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return 0;
        }
    }

    private static String labelOf(String detailsJson) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(detailsJson).path("label");
            return n.isMissingNode() ? "null" : n.asText();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
