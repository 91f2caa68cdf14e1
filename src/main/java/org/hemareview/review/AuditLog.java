package org.hemareview.review;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The append-only audit log; events are written inside the transaction of the change they record. */
public final class AuditLog {
    private final Workspace workspace;

    AuditLog(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Appends within an open transaction (the caller's {@link Workspace#write}). */
    static void append(Connection c, String actor, String action, String subject, String detailsJson) throws SQLException {
        String at = Instant.now().toString();
        String chain = AuditChain.link(AuditChain.last(c), at, actor, action, subject, detailsJson);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log(at, actor, action, subject, details, chain) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, at);
            ps.setString(2, actor);
            ps.setString(3, action);
            ps.setString(4, subject);
            ps.setString(5, detailsJson);
            ps.setString(6, chain);
            ps.executeUpdate();
        }
    }

    /** Records an event that has no other row to go with (e.g. "workspace opened"). */
    public void record(String actor, String action, String subject, String detailsJson) {
        workspace.write(c -> {
            append(c, actor, action, subject, detailsJson);
            return null;
        });
    }

    public List<AuditEvent> latest(int limit) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, at, actor, action, subject, details FROM audit_log ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<AuditEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEvent(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    public long count() {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log"); ResultSet rs = ps.executeQuery()) {
                return rs.getLong(1);
            }
        });
    }
}
