package org.hemareview.review;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cells of the workspace's smears. Re-analysing a smear replaces its segmenter cells in one
 * transaction; reviewers delete false cells (kept, flagged deleted) and draw missed ones; each of
 * these is an audit event.
 */
public final class CellStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, smear_id, number, polygon, box_x, box_y, box_w, box_h, area, centroid_x, centroid_y, edge, source";
    private final Workspace workspace;

    CellStore(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Replaces the smear's cells with a new analysis: all or nothing. */
    public List<Cell> replace(long smearId, List<NewCell> cells, double umPerPx, String scaleSource, String actor) {
        return replace(smearId, cells, umPerPx, scaleSource, actor, stored -> List.of());
    }

    /**
     * Replaces the smear's cells and records the model's calls on them in one transaction: a killed
     * analysis leaves the old cells and calls or the new ones, never cells without calls.
     *
     * @param calls the calls on the stored cells (whose ids the store assigns), in one go
     */
    public List<Cell> replace(long smearId, List<NewCell> cells, double umPerPx, String scaleSource, String actor,
                              java.util.function.Function<List<Cell>, List<StoredPrediction>> calls) {
        return workspace.write(c -> {
            DecisionStore.requireUnlocked(c, smearId);
            int decided = DecisionStore.decisionsOnSmear(c, smearId);
            if (decided > 0) {
                throw new WorkspaceException("This smear already has " + decided + " reviewer decision(s); re-analysing it would discard "
                        + "them, so it is refused. Draw missed cells or delete false ones instead.");
            }
            int edits = reviewerEdits(c, smearId);
            if (edits > 0) {
                throw new WorkspaceException("A reviewer drew or deleted " + edits + " cell(s) on this smear; re-analysing it would undo "
                        + "that, so it is refused.");
            }
            int removed;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cells WHERE smear_id = ?")) {
                ps.setLong(1, smearId);
                removed = ps.executeUpdate();
            }
            int number = 1;
            for (NewCell cell : cells) {
                insert(c, smearId, number++, cell, "segmenter");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE smears SET um_per_px = ?, scale_source = ?, analysed_at = ? WHERE id = ?")) {
                ps.setDouble(1, umPerPx);
                ps.setString(2, scaleSource);
                ps.setString(3, Instant.now().toString());
                ps.setLong(4, smearId);
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("no smear " + smearId);
                }
            }
            AuditLog.append(c, actor, "smear.analysed", "smear:" + smearId, SmearStore.json(Map.of(
                    "cells", cells.size(), "replaced", removed, "um_per_px", umPerPx, "scale_source", scaleSource)));
            List<Cell> stored = list(c, smearId);
            PredictionStore.insert(c, smearId, calls.apply(stored), actor);
            return stored;
        });
    }

    /** Cells a reviewer drew or deleted on the smear. */
    private static int reviewerEdits(Connection c, long smearId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM cells WHERE smear_id = ? AND (source = 'reviewer' OR deleted = 1)")) {
            ps.setLong(1, smearId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.getInt(1);
            }
        }
    }

    /** A cell the reviewer drew (a box is enough); numbered after the smear's last cell. */
    public Cell addDrawn(long smearId, NewCell cell, String actor) {
        return workspace.write(c -> {
            DecisionStore.requireUnlocked(c, smearId);
            int number;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(number), 0) + 1 FROM cells WHERE smear_id = ?")) {
                ps.setLong(1, smearId);
                try (ResultSet rs = ps.executeQuery()) {
                    number = rs.getInt(1);
                }
            }
            long id = insert(c, smearId, number, cell, "reviewer");
            AuditLog.append(c, actor, "cell.drawn", "cell:" + id, SmearStore.json(Map.of("smear", smearId, "number", number,
                    "box", List.of(cell.box().x(), cell.box().y(), cell.box().width(), cell.box().height()))));
            return byId(c, id).orElseThrow();
        });
    }

    /** Marks a false cell deleted (the row stays, for the record). */
    public void delete(long cellId, String actor) {
        workspace.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT smear_id FROM cells WHERE id = ?")) {
                ps.setLong(1, cellId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        DecisionStore.requireUnlocked(c, rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE cells SET deleted = 1 WHERE id = ? AND deleted = 0")) {
                ps.setLong(1, cellId);
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("cell " + cellId + " does not exist or is already deleted");
                }
            }
            AuditLog.append(c, actor, "cell.deleted", "cell:" + cellId, "{}");
            return null;
        });
    }

    /** The smear's cells, not deleted, by number. */
    public List<Cell> cells(long smearId) {
        return workspace.read(c -> list(c, smearId));
    }

    public Optional<byte[]> crop(long cellId) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT crop_png FROM cells WHERE id = ?")) {
                ps.setLong(1, cellId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    private static long insert(Connection c, long smearId, int number, NewCell cell, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cells(smear_id, number, polygon, box_x, box_y, box_w, box_h, area, "
                + "centroid_x, centroid_y, edge, source, crop_png) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, smearId);
            ps.setInt(2, number);
            ps.setString(3, JSON.writeValueAsString(cell.polygon()));
            ps.setInt(4, cell.box().x());
            ps.setInt(5, cell.box().y());
            ps.setInt(6, cell.box().width());
            ps.setInt(7, cell.box().height());
            ps.setDouble(8, cell.area());
            ps.setDouble(9, cell.centroid()[0]);
            ps.setDouble(10, cell.centroid()[1]);
            ps.setInt(11, cell.edge() ? 1 : 0);
            ps.setString(12, source);
            ps.setBytes(13, cell.cropPng());
            ps.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException(e);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            return rs.getLong(1);
        }
    }

    private static List<Cell> list(Connection c, long smearId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM cells WHERE smear_id = ? AND deleted = 0 ORDER BY number")) {
            ps.setLong(1, smearId);
            List<Cell> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        }
    }

    private static Optional<Cell> byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM cells WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static Cell map(ResultSet rs) throws SQLException {
        try {
            List<int[]> polygon = JSON.readValue(rs.getString(4), new TypeReference<List<int[]>>() { });
            return new Cell(rs.getLong(1), rs.getLong(2), rs.getInt(3), polygon,
                    new org.hemareview.geometry.Box(rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8)), rs.getDouble(9),
                    new double[] {rs.getDouble(10), rs.getDouble(11)}, rs.getInt(12) == 1, rs.getString(13));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("cell polygon is not valid JSON", e);
        }
    }
}
