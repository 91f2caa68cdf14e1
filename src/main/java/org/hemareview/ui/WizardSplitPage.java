package org.hemareview.ui;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.hemareview.train.DecisionData;
import org.hemareview.train.GroupedSplit;

/** Page 2: the 7:1:2 split by smear, with why, and the cells per class on each side. */
final class WizardSplitPage implements TrainingWizard.Page {
    private final WizardState state;
    private final VBox view = new VBox(10);
    private final GridPane table = new GridPane();

    WizardSplitPage(WizardState state) {
        this.state = state;
        table.setId("wizardSplitTable");
        table.setHgap(16);
        Label why = new Label("The cells are split 7 : 1 : 2 into training, validation and test, as in the ResNeXt-CC paper, "
                + "stratified by class and grouped by smear: all cells of one smear fall on the same side. Cells of one smear share the "
                + "patient, the stain and the scanner; with some of them in training and others in the test, the test would reward "
                + "recognising the smear rather than the cell, and overstate how the model does on a new patient. Validation picks the "
                + "best epoch and calibrates the confidence; the test part is used once, to compare the new model with the active one.");
        why.setWrapText(true);
        view.getChildren().addAll(why, table);
    }

    @Override
    public String title() {
        return "Split";
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public void enter() {
        DecisionData d = state.data;
        table.getChildren().clear();
        table.addRow(0, WizardDataPage.bold("class"), WizardDataPage.bold("training"), WizardDataPage.bold("validation"), WizardDataPage.bold("test"));
        Map<String, int[]> counts = new HashMap<>();
        Map<GroupedSplit.Part, Set<Long>> smears = new HashMap<>();
        d.split().partOfSmear().forEach((smear, part) -> smears.computeIfAbsent(part, k -> new HashSet<>()).add(smear));
        for (int i = 0; i < d.size(); i++) {
            GroupedSplit.Part part = d.split().partOfCell().get(d.cellIds().get(i));
            counts.computeIfAbsent(d.classes().get(d.labels()[i]), k -> new int[3])[part.ordinal()]++;
        }
        int row = 1;
        int[] total = new int[3];
        for (String c : d.classes()) {
            int[] n = counts.getOrDefault(c, new int[3]);
            table.addRow(row++, new Label(c), new Label(Integer.toString(n[0])), new Label(Integer.toString(n[1])), new Label(Integer.toString(n[2])));
            for (int k = 0; k < 3; k++) {
                total[k] += n[k];
            }
        }
        Label[] totals = new Label[3];
        for (int k = 0; k < 3; k++) {
            int groups = smears.getOrDefault(GroupedSplit.Part.values()[k], Set.of()).size();
            totals[k] = WizardDataPage.bold(total[k] + " cells, " + groups + " smears");
            totals[k].setId("wizardSplitTotal" + k);
        }
        table.addRow(row, WizardDataPage.bold("all"), totals[0], totals[1], totals[2]);
    }
}
