package org.hemareview.ui;

import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import org.hemareview.review.Agreement;
import org.hemareview.review.DifferentialCount;
import org.hemareview.review.ReviewLabels;
import org.hemareview.review.SmearStatus;

/**
 * The differential count of the smear under review: per class the count, percentage and the
 * key that assigns it; progress towards the target; flags; the smear's status with sign/unsign;
 * agreement with other reviewers.
 */
final class CountsPanel {
    final VBox root = new VBox(6);
    final Label title = new Label("Differential count");
    final ProgressBar progress = new ProgressBar(0);
    final Label progressText = new Label();
    final GridPane table = new GridPane();
    final Label flags = new Label();
    final Label status = new Label();
    final Button sign = new Button("Sign smear");
    final Button unsign = new Button("Unsign\u2026");
    final Label agreement = new Label();
    final Label keys = new Label();
    private final java.util.Map<String, Label[]> cells = new java.util.HashMap<>();
    private List<String> rowsFor;

    CountsPanel() {
        root.setId("countsPanel");
        root.setPadding(new Insets(6));
        title.setStyle("-fx-font-weight: bold;");
        progress.setId("countProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progressText.setId("countProgressText");
        progressText.setWrapText(true);
        table.setId("countTable");
        table.setHgap(8);
        table.setVgap(1);
        flags.setId("countFlags");
        flags.setWrapText(true);
        flags.setTextFill(TextColours.ALERT);
        status.setId("smearStatus");
        status.setWrapText(true);
        sign.setId("signSmear");
        unsign.setId("unsignSmear");
        sign.setFocusTraversable(false);
        unsign.setFocusTraversable(false);
        agreement.setId("agreement");
        agreement.setWrapText(true);
        keys.setWrapText(true);
        keys.setStyle("-fx-font-size: 0.85em; -fx-text-fill: -fx-mid-text-color;");
        root.getChildren().addAll(title, new VBox(2, progress, progressText), table, flags, new HBox(6, status), new HBox(6, sign, unsign),
                agreement, keys);
        show(null, List.of(), null, null);
    }

    /** Redraws from a count; {@code classes} in key order (key 1 = first class). Rows are rebuilt only when the classes change. */
    void show(DifferentialCount count, List<String> classes, SmearStatus smearStatus, String signedBy) {
        if (count == null) {
            table.getChildren().clear();
            rowsFor = null;
            progress.setProgress(0);
            progressText.setText("No smear under review");
            flags.setText("");
            status.setText("");
            sign.setDisable(true);
            unsign.setDisable(true);
            return;
        }
        if (!classes.equals(rowsFor)) {
            buildRows(classes);
        }
        progress.setProgress(count.progress());
        progressText.setText(count.counted() + " of " + count.target() + " cells counted"
                + (count.undecided() > 0 ? " \u00B7 " + count.undecided() + " undecided" : ""));
        for (String cls : classes) {
            cells.get(cls)[0].setText(Integer.toString(count.counts().getOrDefault(cls, 0)));
            cells.get(cls)[1].setText(String.format("%.0f", count.percent(cls)));
        }
        cells.get(ReviewLabels.NOT_A_CELL)[0].setText(Integer.toString(count.notACell()));
        cells.get(ReviewLabels.UNSURE)[0].setText(Integer.toString(count.unsure()));
        cells.get(ReviewLabels.SKIPPED)[0].setText(Integer.toString(count.skipped()));
        flags.setText(String.join("\n", count.flags()));
        boolean signed = smearStatus == SmearStatus.SIGNED;
        status.setText("Status: " + (smearStatus == null ? "\u2013" : smearStatus.label()) + (signed && signedBy != null ? " by " + signedBy : ""));
        status.setStyle(signed ? "-fx-font-weight: bold; -fx-text-fill: " + TextColours.css(TextColours.OK) + ";" : "");
        sign.setDisable(signed || count.undecided() > 0 || count.unsure() > 0);
        unsign.setDisable(!signed);
    }

    private void buildRows(List<String> classes) {
        table.getChildren().clear();
        cells.clear();
        int row = 0;
        table.addRow(row++, header("Key"), header("Class"), header("n"), header("%"));
        for (int i = 0; i < classes.size(); i++) {
            String cls = classes.get(i);
            Label name = new Label(cls, new Rectangle(9, 9, ClassColours.of(cls)));
            table.addRow(row++, new Label(ClassKeys.label(i)), name, countLabel(cls), new Label());
            cells.get(cls)[1] = (Label) table.getChildren().get(table.getChildren().size() - 1);
        }
        table.addRow(row++, new Label("Del"), new Label("not a white cell"), countLabel(ReviewLabels.NOT_A_CELL), new Label(""));
        table.addRow(row++, new Label("?"), new Label("unsure"), countLabel(ReviewLabels.UNSURE), new Label(""));
        table.addRow(row, new Label("S"), new Label("skipped"), countLabel(ReviewLabels.SKIPPED), new Label(""));
        rowsFor = List.copyOf(classes);
        keys.setText("Keys: " + ClassKeys.range(classes) + " class \u00B7 Enter confirm \u00B7 Del not a cell \u00B7 ? unsure \u00B7 "
                + "S skip \u00B7 arrows move \u00B7 Ctrl+Z undo");
    }

    private Label countLabel(String key) {
        Label n = new Label("0");
        n.setId("count-" + (key.equals(ReviewLabels.UNSURE) ? "unsure" : key));
        cells.put(key, new Label[] {n, null});
        return n;
    }

    /** One line per other reviewer: agreement on this smear and over the workspace. */
    void showAgreement(String reviewer, Map<String, Agreement> onSmear, Map<String, Agreement> inWorkspace,
                       java.util.function.LongFunction<String> cellName) {
        if (onSmear.isEmpty() && inWorkspace.isEmpty()) {
            agreement.setText("No second reviewer yet.");
            return;
        }
        StringBuilder sb = new StringBuilder("Agreement with other reviewers:");
        for (String other : inWorkspace.keySet()) {
            Agreement s = onSmear.get(other);
            Agreement w = inWorkspace.get(other);
            sb.append("\n").append(other).append(": ");
            if (s != null && s.compared() > 0) {
                sb.append(String.format("this smear %d/%d, \u03BA %.2f", s.agreed(), s.compared(), s.kappa()));
                if (!s.disagreements().isEmpty()) {
                    List<String> names = s.disagreements().stream().limit(8).map(cellName::apply).toList();
                    sb.append(" (differ on ").append(String.join(", ", names)).append(s.disagreements().size() > 8 ? ", \u2026" : "").append(")");
                }
                sb.append("; ");
            }
            sb.append(w.compared() == 0 ? "no cell decided by both yet"
                    : String.format("workspace %d/%d, \u03BA %.2f", w.agreed(), w.compared(), w.kappa()));
        }
        agreement.setText(sb.toString());
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }
}
