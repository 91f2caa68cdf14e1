package org.hemareview.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The command a mistyped word was most likely meant to be. */
final class CommandNames {
    private CommandNames() {
    }

    /** The closest name within an edit distance of a third of the word (at least 2), or a name the word begins. */
    static Optional<String> nearest(String word, Collection<String> names) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        int allowed = Math.max(2, w.length() / 3);
        return names.stream().filter(n -> n.startsWith(w) || distance(w, n) <= allowed)
                .min(Comparator.comparingInt((String n) -> n.startsWith(w) ? 0 : distance(w, n)).thenComparing(n -> n));
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
