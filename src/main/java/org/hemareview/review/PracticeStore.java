package org.hemareview.review;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Trainees' practice answers (table practice_answers, schema 7). Kept apart from decisions on
 * purpose: an answer changes no cell, count, sign-off, export or training set.
 */
public final class PracticeStore {
    private final Workspace workspace;

    PracticeStore(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Stores one answer (one transaction); the round is the trainee's, from {@link #nextRound}. */
    public void record(PracticeAnswer a) {
        workspace.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO practice_answers(trainee, round, item, truth, answer, model_label, "
                    + "model_confidence, answered_at) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setString(1, a.trainee());
                ps.setInt(2, a.round());
                ps.setString(3, a.item());
                ps.setString(4, a.truth());
                ps.setString(5, a.answer());
                ps.setString(6, a.modelLabel());
                if (a.modelConfidence() == null) {
                    ps.setNull(7, java.sql.Types.REAL);
                } else {
                    ps.setDouble(7, a.modelConfidence());
                }
                ps.setString(8, a.answeredAt().toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every answer of the trainee, oldest first. */
    public List<PracticeAnswer> answers(String trainee) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT trainee, round, item, truth, answer, model_label, model_confidence, answered_at "
                    + "FROM practice_answers WHERE trainee = ? ORDER BY id")) {
                ps.setString(1, trainee);
                List<PracticeAnswer> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double conf = rs.getDouble(7);
                        Double confidence = rs.wasNull() ? null : conf;
                        out.add(new PracticeAnswer(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                confidence, Instant.parse(rs.getString(8))));
                    }
                }
                return out;
            }
        });
    }

    /** The trainees who have practised, by name. */
    public List<String> trainees() {
        return workspace.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT trainee FROM practice_answers ORDER BY trainee"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** The number of the trainee's next round (1 for a first one). */
    public int nextRound(String trainee) {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(round), 0) + 1 FROM practice_answers WHERE trainee = ?")) {
                ps.setString(1, trainee);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Right / asked per true class. */
    public static Map<String, int[]> byClass(List<PracticeAnswer> answers) {
        Map<String, int[]> out = new java.util.TreeMap<>();
        for (PracticeAnswer a : answers) {
            int[] rc = out.computeIfAbsent(a.truth(), k -> new int[2]);
            rc[0] += a.right() ? 1 : 0;
            rc[1]++;
        }
        return out;
    }

    /** Accuracy per round, in round order: the progress chart. */
    public static Map<Integer, Double> byRound(List<PracticeAnswer> answers) {
        Map<Integer, int[]> counts = new java.util.TreeMap<>();
        for (PracticeAnswer a : answers) {
            int[] rc = counts.computeIfAbsent(a.round(), k -> new int[2]);
            rc[0] += a.right() ? 1 : 0;
            rc[1]++;
        }
        Map<Integer, Double> out = new LinkedHashMap<>();
        counts.forEach((r, rc) -> out.put(r, rc[0] / (double) rc[1]));
        return out;
    }

    /** The trainee's confusion matrix: rows the true class, columns the answer, over the classes seen in either. */
    public static Confusion confusion(List<PracticeAnswer> answers) {
        TreeSet<String> classes = new TreeSet<>();
        answers.forEach(a -> {
            classes.add(a.truth());
            classes.add(a.answer());
        });
        List<String> order = List.copyOf(classes);
        int[][] m = new int[order.size()][order.size()];
        answers.forEach(a -> m[order.indexOf(a.truth())][order.indexOf(a.answer())]++);
        return new Confusion(order, m);
    }

    /** A confusion matrix with its class order. */
    public record Confusion(List<String> classes, int[][] counts) {
    }

    /** Writes the trainee's record as CSV (one row per answer), atomically. */
    public void exportCsv(String trainee, Path out) throws IOException {
        StringBuilder sb = new StringBuilder("trainee,round,item,truth,answer,right,model_label,model_confidence,answered_at\n");
        for (PracticeAnswer a : answers(trainee)) {
            sb.append(String.join(",", csv(a.trainee()), Integer.toString(a.round()), csv(a.item()), csv(a.truth()), csv(a.answer()),
                    Boolean.toString(a.right()), csv(a.modelLabel() == null ? "" : a.modelLabel()),
                    a.modelConfidence() == null ? "" : String.format(Locale.ROOT, "%.4f", a.modelConfidence()), a.answeredAt().toString())).append('\n');
        }
        org.hemareview.io.AtomicFiles.write(out, sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String csv(String s) {
        return org.hemareview.io.Csv.field(s); // trainee names are free text: quoted, never a formula
    }
}
