package org.hemareview.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hemareview.model.ModelRegistry;
import org.hemareview.review.Workspace;

/** The model registry's events (register, promote, roll back) in the workspace's audit log. */
public final class ModelAudit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelAudit() {
    }

    public static ModelRegistry.AuditSink into(Workspace ws) {
        return (action, actor, id, details) -> {
            try {
                ws.audit().record(actor, action, "model:" + id, JSON.writeValueAsString(details));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        };
    }
}
