package org.hemareview.io;

import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;

/**
 * File names from untrusted text (smear file names, class names from a manifest): one path
 * component, never "." or "..", no separators or control characters, bounded length; and a
 * last check that the resolved path stays inside the export folder.
 */
public final class SafeNames {
    private static final int MAX = 100;

    private SafeNames() {
    }

    /** One safe path component; letters and digits of any script are kept. */
    public static String component(String text) {
        String n = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder(n.length());
        n.codePoints().forEach(cp -> sb.appendCodePoint(Character.isLetterOrDigit(cp) || cp == '-' || cp == '_' || cp == '.' ? cp : '_'));
        String s = sb.toString().replaceAll("_+", "_");
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        if (s.length() > MAX) {
            s = s.substring(0, MAX);
        }
        return s.isEmpty() ? "_" : s;
    }

    /** The file name without its extension, made safe. */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return component(dot > 0 ? fileName.substring(0, dot) : fileName);
    }

    /** {@code root.resolve(first, more...)}, refused if it would leave {@code root}. */
    public static Path inside(Path root, String first, String... more) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        Path p = base.resolve(Path.of(first, more)).normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw new IOException("refusing to write outside the export folder: " + p);
        }
        return p;
    }
}
