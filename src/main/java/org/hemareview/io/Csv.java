package org.hemareview.io;

import java.util.ArrayList;
import java.util.List;

/** CSV fields as exports write them and data sets' label files hold them (RFC 4180 quoting). */
public final class Csv {
    private Csv() {
    }

    /** A field to write: quoted where needed, and never read as a formula by a spreadsheet (a leading = + - @). */
    public static String field(String s) {
        boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9.]+") ? "'" + s : s;
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** The fields of one line; a quoted field may hold commas ("Blast, no lineage spec") and doubled quotes. */
    public static String[] fields(String line) {
        List<String> f = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                f.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        f.add(b.toString());
        return f.toArray(String[]::new);
    }
}
