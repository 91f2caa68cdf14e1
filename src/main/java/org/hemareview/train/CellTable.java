package org.hemareview.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Labelled cell crops from several laboratories, each with the group it must be split by (a
 * patient, a smear field) and the part it was put in: train, val or test. The split is made once
 * ({@code prepare-cells}) and written down, so every model of the leave-one-lab-out table and the
 * shipped one see the same held-out patients and fields. A row without a path is a labelled cell
 * the segmenter did not find (it counts against end-to-end accuracy).
 */
public record CellTable(Path dir, List<Row> rows) {
    public static final String HEADER = "path,class,lab,group,part";

    /** One labelled crop; {@code path} is relative to the table's folder or absolute. */
    public record Row(String path, String cls, String lab, String group, String part) {
        public boolean found() {
            return !path.isEmpty();
        }
    }

    public static CellTable read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IOException(csv + ": not a cell table (the first line must be '" + HEADER + "')");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 5) {
                throw new IOException(csv + " line " + (i + 1) + ": expected 5 fields, found " + f.length);
            }
            rows.add(new Row(f[0], f[1], f[2], f[3], f[4]));
        }
        return new CellTable(csv.toAbsolutePath().getParent(), List.copyOf(rows));
    }

    public void write(Path csv) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            b.append(String.join(",", r.path(), r.cls(), r.lab(), r.group(), r.part())).append('\n');
        }
        org.hemareview.io.AtomicFiles.write(csv, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    public Path resolve(Row r) {
        return dir.resolve(r.path());
    }

    /** Rows of the given labs and part ("train", "val", "test"); all labs when {@code labs} is empty. */
    public List<Row> select(Set<String> labs, String part) {
        return rows.stream().filter(r -> (labs.isEmpty() || labs.contains(r.lab())) && r.part().equals(part)).toList();
    }

    public Set<String> labs() {
        Set<String> s = new TreeSet<>();
        rows.forEach(r -> s.add(r.lab()));
        return s;
    }

    /** Sorted class names of the given rows. */
    public static List<String> classesOf(List<Row> rows) {
        return List.copyOf(new TreeSet<>(rows.stream().map(Row::cls).toList()));
    }
}
