package org.hemareview.review;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reviewer decisions: append-only rows, one transaction each (decision + audit event + smear
 * status), so a decision the caller saw returned is on disk. Undo appends a reversing row.
 * Sign-off locks a smear: decisions, cell edits and re-analysis are refused until an audited unsign.
 */
public final class DecisionStore {
    private static final String COLUMNS = "d.id, d.cell_id, d.reviewer, d.label, d.previous_label, d.kind, d.model, d.decided_at, d.undoes";
    private static final String CURRENT = " AND d.id = (SELECT MAX(x.id) FROM decisions x WHERE x.cell_id = d.cell_id AND x.reviewer = d.reviewer)";
    private static final com.fasterxml.jackson.databind.ObjectMapper POLYGON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Workspace workspace;

    DecisionStore(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Records a reviewer's call on a cell; refused on a signed smear or a deleted cell. */
    public Decision decide(long cellId, String reviewer, String label, Decision.Kind kind, String model) {
        if (label == null || label.isBlank() || kind == Decision.Kind.UNDO) {
            throw new IllegalArgumentException("a decision needs a label and is an assign or a confirm");
        }
        requireReviewer(reviewer);
        return workspace.write(c -> {
            long smearId = smearOfCell(c, cellId);
            requireUnlocked(c, smearId);
            String previous = currentLabel(c, cellId, reviewer);
            return insert(c, smearId, cellId, reviewer, label, previous, kind, model, null);
        });
    }

    /**
     * Reverses the reviewer's latest decision on the smear that is not itself an undo and has not
     * been undone: a new row restores its previous label. Repeated undos walk back in time.
     */
    public Optional<Decision> undoLast(long smearId, String reviewer) {
        requireReviewer(reviewer);
        return workspace.write(c -> {
            requireUnlocked(c, smearId);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM decisions d JOIN cells c ON c.id = d.cell_id "
                    + "WHERE c.smear_id = ? AND c.deleted = 0 AND d.reviewer = ? AND d.kind <> 'undo' "
                    + "AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id) ORDER BY d.id DESC LIMIT 1")) {
                ps.setLong(1, smearId);
                ps.setString(2, reviewer);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Decision>empty();
                    }
                    Decision last = map(rs);
                    String current = currentLabel(c, last.cellId(), reviewer);
                    return Optional.of(insert(c, smearId, last.cellId(), reviewer, last.previousLabel(), current, Decision.Kind.UNDO,
                            last.model(), last.id()));
                }
            }
        });
    }

    /** The reviewer's current calls on the smear's cells (cells still undecided are absent). */
    public Map<Long, Decision> current(long smearId, String reviewer) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM decisions d JOIN cells c ON c.id = d.cell_id "
                    + "WHERE c.smear_id = ? AND c.deleted = 0 AND d.reviewer = ?" + CURRENT)) {
                ps.setLong(1, smearId);
                ps.setString(2, reviewer);
                Map<Long, Decision> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Decision d = map(rs);
                        if (d.label() != null) {
                            out.put(d.cellId(), d);
                        }
                    }
                }
                return out;
            }
        });
    }

    /** Every reviewer's current labels, per reviewer then cell; {@code smearId} null = the whole workspace. */
    public Map<String, Map<Long, String>> labelsByReviewer(Long smearId) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.reviewer, d.cell_id, d.label FROM decisions d JOIN cells c ON c.id = d.cell_id "
                    + "WHERE c.deleted = 0 AND d.label IS NOT NULL" + (smearId == null ? "" : " AND c.smear_id = ?") + CURRENT
                    + " ORDER BY d.reviewer, d.cell_id")) {
                if (smearId != null) {
                    ps.setLong(1, smearId);
                }
                Map<String, Map<Long, String>> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getLong(2), rs.getString(3));
                    }
                }
                return out;
            }
        });
    }

    /** The full history of a cell, oldest first (all reviewers). */
    public List<Decision> history(long cellId) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM decisions d WHERE d.cell_id = ? ORDER BY d.id")) {
                ps.setLong(1, cellId);
                List<Decision> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
                return out;
            }
        });
    }

    public int count() {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decisions"); ResultSet rs = ps.executeQuery()) {
                return rs.getInt(1);
            }
        });
    }

    /** Every cell of the workspace (not deleted) with its latest prediction and decision, by smear and number. */
    public List<ReviewedCell> reviewedCells() {
        return workspace.read(c -> {
            String sql = "SELECT s.id, s.path, s.width, s.height, c.id, c.number, c.box_x, c.box_y, c.box_w, c.box_h, c.area, c.polygon, "
                    + "p.label, p.confidence, p.model, d.label, d.reviewer, d.decided_at, p.shift, p.shift_threshold FROM cells c JOIN smears s ON s.id = c.smear_id "
                    + "LEFT JOIN predictions p ON p.id = (SELECT MAX(x.id) FROM predictions x WHERE x.cell_id = c.id) "
                    + "LEFT JOIN decisions d ON d.id = (SELECT MAX(y.id) FROM decisions y WHERE y.cell_id = c.id "
                    // a signed smear exports what its signer signed, under the signer's name, whoever changed a cell later
                    + "AND (s.status <> 'SIGNED' OR y.reviewer = s.signed_by)) "
                    + "WHERE c.deleted = 0 ORDER BY s.id, c.number";
            List<ReviewedCell> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double conf = rs.getDouble(14);
                    Double confidence = rs.wasNull() ? null : conf;
                    List<int[]> polygon;
                    try {
                        polygon = POLYGON.readValue(rs.getString(12), new com.fasterxml.jackson.core.type.TypeReference<List<int[]>>() { });
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new SQLException("cell polygon is not valid JSON", e);
                    }
                    out.add(new ReviewedCell(rs.getLong(1), java.nio.file.Path.of(rs.getString(2)), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                            rs.getInt(6), new org.hemareview.geometry.Box(rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10)), rs.getDouble(11), polygon,
                            rs.getString(13), confidence, rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18), StoredPrediction.nullable(rs, 19),
                            StoredPrediction.nullable(rs, 20)));
                }
            }
            return out;
        });
    }

    /** Cells of the smear the reviewer has not settled (undecided or unsure), by cell id. */
    public List<Long> unsettled(long smearId, String reviewer) {
        Map<Long, Decision> now = current(smearId, reviewer);
        return workspace.cells().cells(smearId).stream().map(Cell::id)
                .filter(id -> now.get(id) == null || !now.get(id).settles()).toList();
    }

    /** Signs the smear off: every cell settled by this reviewer; the smear is then locked. */
    public void sign(long smearId, String reviewer) {
        requireReviewer(reviewer);
        workspace.write(c -> {
            requireUnlocked(c, smearId);
            // inside the transaction: no decision can slip in between the check and the lock
            List<Long> open = unsettled(smearId, reviewer);
            if (!open.isEmpty()) {
                throw new WorkspaceException(open.size() + " cell(s) are still undecided or marked unsure; decide or skip every cell before signing.");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE smears SET status = 'SIGNED', signed_by = ?, signed_at = ? WHERE id = ?")) {
                ps.setString(1, reviewer);
                ps.setString(2, Instant.now().toString());
                ps.setLong(3, smearId);
                ps.executeUpdate();
            }
            AuditLog.append(c, reviewer, "smear.signed", "smear:" + smearId, "{}");
            return null;
        });
    }

    /** Lifts the lock (audited, with the reason, which may not be empty); the smear goes back to in progress. */
    public void unsign(long smearId, String reviewer, String reason) {
        requireReviewer(reviewer);
        if (reason == null || reason.isBlank()) {
            throw new WorkspaceException("Unsigning needs a reason (it is kept in the audit log with your name).");
        }
        workspace.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE smears SET status = 'IN_PROGRESS', signed_by = NULL, signed_at = NULL "
                    + "WHERE id = ? AND status = 'SIGNED'")) {
                ps.setLong(1, smearId);
                if (ps.executeUpdate() != 1) {
                    throw new WorkspaceException("The smear is not signed.");
                }
            }
            AuditLog.append(c, reviewer, "smear.unsigned", "smear:" + smearId, SmearStore.json(Map.of("reason", reason == null ? "" : reason)));
            return null;
        });
    }

    /** Who signed the smear, if it is signed. */
    public Optional<String> signedBy(long smearId) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, signed_by FROM smears WHERE id = ?")) {
                ps.setLong(1, smearId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && "SIGNED".equals(rs.getString(1)) ? Optional.ofNullable(rs.getString(2)).or(() -> Optional.of("")) : Optional.empty();
                }
            }
        });
    }

    /** Throws when the smear is signed; used by every store that edits a smear's cells. */
    static void requireUnlocked(Connection c, long smearId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status, signed_by FROM smears WHERE id = ?")) {
            ps.setLong(1, smearId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && "SIGNED".equals(rs.getString(1))) {
                    throw new SmearLockedException(smearId, rs.getString(2));
                }
            }
        }
    }

    /** Number of decision rows on the smear's cells (re-analysis would discard them). */
    static int decisionsOnSmear(Connection c, long smearId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM decisions d JOIN cells c ON c.id = d.cell_id WHERE c.smear_id = ?")) {
            ps.setLong(1, smearId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.getInt(1);
            }
        }
    }

    private static void requireReviewer(String reviewer) {
        if (reviewer == null || reviewer.isBlank()) {
            throw new IllegalArgumentException("a decision needs a reviewer name");
        }
    }

    private static long smearOfCell(Connection c, long cellId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT smear_id FROM cells WHERE id = ? AND deleted = 0")) {
            ps.setLong(1, cellId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new WorkspaceException("Cell " + cellId + " does not exist or was deleted.");
                }
                return rs.getLong(1);
            }
        }
    }

    private static String currentLabel(Connection c, long cellId, String reviewer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT label FROM decisions WHERE cell_id = ? AND reviewer = ? ORDER BY id DESC LIMIT 1")) {
            ps.setLong(1, cellId);
            ps.setString(2, reviewer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Decision insert(Connection c, long smearId, long cellId, String reviewer, String label, String previous, Decision.Kind kind,
                                   String model, Long undoes) throws SQLException {
        Instant now = Instant.now();
        String chain = DecisionChain.link(DecisionChain.last(c), cellId, reviewer, label, previous, kind.sql(), model, now.toString(), undoes);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decisions(cell_id, reviewer, label, previous_label, kind, model, decided_at, undoes, chain) "
                + "VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, cellId);
            ps.setString(2, reviewer);
            ps.setString(3, label);
            ps.setString(4, previous);
            ps.setString(5, kind.sql());
            ps.setString(6, model);
            ps.setString(7, now.toString());
            if (undoes == null) {
                ps.setNull(8, java.sql.Types.INTEGER);
            } else {
                ps.setLong(8, undoes);
            }
            ps.setString(9, chain);
            ps.executeUpdate();
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            id = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE smears SET status = 'IN_PROGRESS' WHERE id = ? AND status = 'UNREVIEWED'")) {
            ps.setLong(1, smearId);
            ps.executeUpdate();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("smear", smearId);
        details.put("label", String.valueOf(label));
        details.put("previous", String.valueOf(previous));
        details.put("kind", kind.sql());
        if (model != null) {
            details.put("model", model);
        }
        if (undoes != null) {
            details.put("undoes", undoes);
        }
        AuditLog.append(c, reviewer, kind == Decision.Kind.UNDO ? "decision.undone" : "cell.decided", "cell:" + cellId, SmearStore.json(details));
        return new Decision(id, cellId, reviewer, label, previous, kind, model, now, undoes);
    }

    private static Decision map(ResultSet rs) throws SQLException {
        long undoes = rs.getLong(9);
        Long u = rs.wasNull() ? null : undoes;
        return new Decision(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Decision.Kind.valueOf(rs.getString(6).toUpperCase(java.util.Locale.ROOT)), rs.getString(7), Instant.parse(rs.getString(8)), u);
    }
}
