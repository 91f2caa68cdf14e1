package org.hemareview.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing decisions is killed with SIGKILL mid-stream: the workspace must pass
 * SQLite's integrity check and hold every decision the writer reported as committed.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void everyReportedDecisionSurvivesSigkillAndTheFileIsIntact() throws Exception {
        Path db = dir.resolve("crash.db");
        long smear;
        try (Workspace ws = Workspace.open(db)) {
            smear = DecisionStoreTest.smearWithCells(ws, "crash", 50).get(0).smearId();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DecisionWriterMain.class.getName(),
                db.toString(), Long.toString(smear)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Long, String> reported = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    String[] p = line.split(" ");
                    reported.put(Long.parseLong(p[1]), p[3]);
                    if (reported.size() == 300) {
                        // SIGKILL from outside (Process.destroyForcibly would also close our end of its output):
                        // no shutdown hook, no close, the writer dies wherever it is; lines it already
                        // printed are still read below
                        new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start().waitFor();
                    }
                }
            }
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "the writer was killed by SIGKILL, not finished");
        assertTrue(reported.size() >= 300);

        try (Workspace ws = Workspace.open(db)) {
            String check = ws.read(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                    return rs.getString(1);
                }
            });
            assertEquals("ok", check);
            Map<Long, String> stored = ws.read(c -> {
                Map<Long, String> m = new LinkedHashMap<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, label FROM decisions")) {
                    while (rs.next()) {
                        m.put(rs.getLong(1), rs.getString(2));
                    }
                }
                return m;
            });
            List<Long> missing = reported.keySet().stream().filter(id -> !reported.get(id).equals(stored.get(id))).toList();
            assertEquals(List.of(), missing, "decisions reported committed but not found after the kill");
            // the audit log holds one event per stored decision: the two were one transaction
            long decided = ws.audit().latest(100000).stream().filter(e -> e.action().equals("cell.decided")).count();
            assertEquals(stored.size(), decided);
        }
    }
}
