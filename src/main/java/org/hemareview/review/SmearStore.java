package org.hemareview.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workspace's smears: registration (deduplicated by file hash), listing, previews. */
public final class SmearStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, path, sha256, width, height, added_at, status";
    private final Workspace workspace;

    SmearStore(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
    }

    /** The result of registering a file: the smear, and whether it was already in the workspace. */
    public record Registration(Smear smear, boolean alreadyPresent) {
    }

    /**
     * Registers a smear, or returns the one with the same file hash: opening the same file
     * twice (or a copy of it under another name) never duplicates it. One transaction, audited.
     */
    public Registration register(NewSmear s, String actor) {
        return workspace.write(c -> {
            Optional<Smear> existing = bySha256(c, s.sha256());
            if (existing.isPresent()) {
                return new Registration(existing.get(), true);
            }
            long id;
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO smears(path, sha256, width, height, added_at, status, thumbnail) VALUES (?,?,?,?,?,?,?)")) {
                ps.setString(1, s.path().toAbsolutePath().toString());
                ps.setString(2, s.sha256());
                ps.setInt(3, s.width());
                ps.setInt(4, s.height());
                ps.setString(5, now.toString());
                ps.setString(6, SmearStatus.UNREVIEWED.name());
                ps.setBytes(7, s.thumbnailJpeg());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
                id = rs.getLong(1);
            }
            AuditLog.append(c, actor, "smear.added", "smear:" + id, json(Map.of(
                    "path", s.path().toAbsolutePath().toString(), "sha256", s.sha256(), "width", s.width(), "height", s.height())));
            return new Registration(new Smear(id, s.path().toAbsolutePath(), s.sha256(), s.width(), s.height(), now, SmearStatus.UNREVIEWED), false);
        });
    }

    public Optional<Smear> bySha256(String sha256) {
        return workspace.read(c -> bySha256(c, sha256));
    }

    public Optional<Smear> byId(long id) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM smears WHERE id = ?")) {
                ps.setLong(1, id);
                return first(ps);
            }
        });
    }

    /** All smears, newest first. */
    public List<Smear> list() {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM smears ORDER BY id DESC"); ResultSet rs = ps.executeQuery()) {
                List<Smear> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        });
    }

    public int count() {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM smears"); ResultSet rs = ps.executeQuery()) {
                return rs.getInt(1);
            }
        });
    }

    /** The scale the smear was last analysed at, with the key of its source, if it was. */
    public Optional<StoredScale> scale(long smearId) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT um_per_px, scale_source FROM smears WHERE id = ?")) {
                ps.setLong(1, smearId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    double v = rs.getDouble(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(new StoredScale(v, rs.getString(2) == null ? "given" : rs.getString(2)));
                }
            }
        });
    }

    /** The scale the smear was last analysed at, if it was. */
    public Optional<Double> umPerPx(long smearId) {
        return scale(smearId).map(StoredScale::umPerPx);
    }

    /** The stored preview (JPEG), if any. */
    public Optional<byte[]> thumbnail(long smearId) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT thumbnail FROM smears WHERE id = ?")) {
                ps.setLong(1, smearId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    private static Optional<Smear> bySha256(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM smears WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            return first(ps);
        }
    }

    private static Optional<Smear> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static Smear map(ResultSet rs) throws SQLException {
        return new Smear(rs.getLong(1), Path.of(rs.getString(2)), rs.getString(3), rs.getInt(4), rs.getInt(5),
                Instant.parse(rs.getString(6)), SmearStatus.valueOf(rs.getString(7)));
    }

    static String json(Map<String, ?> details) {
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(details));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
