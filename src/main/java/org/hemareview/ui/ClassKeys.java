package org.hemareview.ui;

import java.util.List;

/** The number keys that assign classes, in the model's class order: 1-9, then 0 for a tenth class. */
final class ClassKeys {
    static final int MAX = 10;

    private ClassKeys() {
    }

    /** The key's label for the class at {@code index}, or "" past the tenth. */
    static String label(int index) {
        return index < MAX ? Integer.toString((index + 1) % 10) : "";
    }

    /** The class index a digit assigns, or -1 where the digit assigns none. */
    static int indexOf(int digit, int classes) {
        int index = digit == 0 ? 9 : digit - 1;
        return digit >= 0 && digit <= 9 && index < Math.min(MAX, classes) ? index : -1;
    }

    /** The digit of a number key, top row or keypad ("1" or "Numpad 1"), or -1 for any other key. */
    static int digitOf(javafx.scene.input.KeyCode k) {
        if (!k.isDigitKey()) {
            return -1;
        }
        String name = k.getName();
        char c = name.charAt(name.length() - 1);
        return Character.isDigit(c) ? c - '0' : -1;
    }

    /** "1–8" or "1–9, 0" as the key hint shows it. */
    static String range(List<String> classes) {
        int n = Math.min(MAX, classes.size());
        return n == 10 ? "1\u20139, 0" : "1\u2013" + n;
    }
}
