package org.hemareview.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Predictions per cell and model version; the newest one per cell is the one shown. */
public final class PredictionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Workspace workspace;

    PredictionStore(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Stores one model's calls on a smear's cells in one transaction, audited as one event; refused on a signed smear. */
    public void record(long smearId, List<StoredPrediction> predictions, String actor) {
        workspace.write(c -> {
            insert(c, smearId, predictions, actor);
            return null;
        });
    }

    /** The same inside the caller's transaction (a smear's cells and their calls are written together). */
    static void insert(Connection c, long smearId, List<StoredPrediction> predictions, String actor) throws SQLException {
        if (predictions.isEmpty()) {
            return;
        }
        DecisionStore.requireUnlocked(c, smearId); // a signed smear's calls are part of what was signed
        String now = Instant.now().toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO predictions(cell_id, model, model_sha256, label, confidence, "
                + "probabilities, created_at, shift, shift_threshold) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (StoredPrediction p : predictions) {
                ps.setLong(1, p.cellId());
                ps.setString(2, p.model());
                ps.setString(3, p.modelSha256());
                ps.setString(4, p.label());
                ps.setDouble(5, p.confidence());
                ps.setString(6, JSON.writeValueAsString(p.probabilities()));
                ps.setString(7, now);
                ps.setObject(8, p.shift());
                ps.setObject(9, p.shiftThreshold());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (JsonProcessingException e) {
            throw new SQLException(e);
        }
        AuditLog.append(c, actor, "smear.classified", "smear:" + smearId, SmearStore.json(Map.of(
                "model", predictions.get(0).model(), "cells", predictions.size())));
    }

    /** The newest prediction of each (not deleted) cell of a smear, by cell id. */
    public Map<Long, StoredPrediction> latest(long smearId) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.cell_id, p.model, p.model_sha256, p.label, p.confidence, p.probabilities, p.shift, p.shift_threshold "
                    + "FROM predictions p JOIN cells c ON c.id = p.cell_id WHERE c.smear_id = ? AND c.deleted = 0 "
                    + "AND p.id = (SELECT MAX(id) FROM predictions WHERE cell_id = p.cell_id)")) {
                ps.setLong(1, smearId);
                Map<Long, StoredPrediction> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Double> probs = JSON.readValue(rs.getString(6), new TypeReference<LinkedHashMap<String, Double>>() { });
                        out.put(rs.getLong(1), new StoredPrediction(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getDouble(5), probs, StoredPrediction.nullable(rs, 7), StoredPrediction.nullable(rs, 8)));
                    }
                }
                return out;
            } catch (JsonProcessingException e) {
                throw new SQLException("stored probabilities are not valid JSON", e);
            }
        });
    }
}
