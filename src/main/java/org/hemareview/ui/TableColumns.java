package org.hemareview.ui;

import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** Sizes a table's columns to their widest text, header included, as a spreadsheet's "fit" does. */
final class TableColumns {
    /** Cell padding and the header's sort arrow. */
    private static final double PADDING = 26;

    private TableColumns() {
    }

    /** Sets each column's width to its widest cell or header; returns the table's total column width. */
    static <T> double fitToContent(TableView<T> table) {
        Font font = Font.getDefault();
        double total = 0;
        for (TableColumn<T, ?> c : table.getColumns()) {
            double w = width(c.getText(), font);
            for (T item : table.getItems()) {
                Object v = c.getCellObservableValue(item) == null ? null : c.getCellObservableValue(item).getValue();
                w = Math.max(w, width(v == null ? "" : v.toString(), font));
            }
            c.setPrefWidth(Math.ceil(w + PADDING));
            c.setMinWidth(Math.ceil(width(c.getText(), font) + PADDING));
            total += c.getPrefWidth();
        }
        return total;
    }

    private static double width(String s, Font font) {
        Text t = new Text(s == null ? "" : s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }
}
