package org.hemareview.ui;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.hemareview.classify.CamMethod;
import org.hemareview.classify.CellClassifier;
import org.hemareview.classify.GradCam;
import org.hemareview.classify.Heatmap;
import org.hemareview.classify.HeatmapImages;
import org.hemareview.classify.Prediction;
import org.hemareview.review.PracticeAnswer;
import org.hemareview.review.PracticeDeck;
import org.hemareview.review.PracticeStore;
import org.hemareview.review.Workspace;
import org.hemareview.segment.Crop;
import org.opencv.core.Mat;

/**
 * Review > Practice: a trainee names the class of crops whose answer a pathologist signed (or,
 * on a new install, the bundled teaching set), one at a time and without the model's call; then
 * sees the answer, the model's call and where the network found evidence for their class and for
 * the right one. The Record tab shows their accuracy per class, confusion matrix and progress per
 * round, and exports it as CSV. Answers go to practice_answers only: they change no decision.
 */
final class PracticeWindow {
    static final int ROUND = 10;
    final Stage stage = new Stage();
    final Label progress = new Label();
    final ImageView crop = new ImageView();
    final FlowPane choices = new FlowPane(6, 6);
    final Label verdict = new Label();
    final Label modelCall = new Label();
    final ImageView yourMap = new ImageView();
    final ImageView rightMap = new ImageView();
    final Label yourMapLabel = new Label();
    final Label rightMapLabel = new Label();
    final ChoiceBox<CamMethod> method = new ChoiceBox<>();
    final Button next = new Button("_Next (Enter)");
    final VBox reveal;
    final TableView<Object[]> perClass = new TableView<>();
    final LineChart<Number, Number> chart = new LineChart<>(new NumberAxis(), new NumberAxis(0, 1, 0.25));
    final Label confusion = new Label();
    final Button export = new Button("Export record as CSV\u2026");
    final TabPane tabs = new TabPane();
    private final Workspace workspace;
    private final String trainee;
    private final CellClassifier classifier;
    private final BackgroundWork work;
    private final List<String> classes;
    private final List<PracticeDeck.Item> round;
    private final int roundNumber;
    private int index = -1;
    private final GradCam cam;
    private boolean answered;
    /** The crop on show and the trainee's answer to it (a change of method redraws its maps). */
    private byte[] currentCrop;
    private String lastAnswer;

    /** What a round starts from, read off the JavaFX thread: its number, its crops, the trainee's answers so far. */
    record Start(int roundNumber, List<PracticeDeck.Item> round, List<PracticeAnswer> history) {
    }

    PracticeWindow(Window owner, Workspace workspace, String trainee, CellClassifier classifier, BackgroundWork work, Start start) {
        this.workspace = workspace;
        this.trainee = trainee;
        this.classifier = classifier;
        this.work = work;
        this.classes = classifier.manifest().classes();
        this.cam = GradCam.forReview(classifier);
        this.roundNumber = start.roundNumber();
        this.round = start.round();
        stage.initOwner(owner);
        WindowPlacement.centreOnOwner(stage, owner);
        stage.setTitle("Practice \u2014 " + trainee + " \u2014 HemaReview");
        for (ImageView v : List.of(crop, yourMap, rightMap)) {
            v.setPreserveRatio(true);
        }
        crop.setFitWidth(256);
        crop.setFitHeight(256);
        yourMap.setFitWidth(200);
        rightMap.setFitWidth(200);
        crop.setId("practiceCrop");
        progress.setId("practiceProgress");
        verdict.setId("practiceVerdict");
        verdict.setStyle("-fx-font-size: 1.2em; -fx-font-weight: bold;");
        modelCall.setId("practiceModelCall");
        next.setId("practiceNext");
        export.setId("practiceExport");
        perClass.setId("practicePerClass");
        chart.setId("practiceChart");
        confusion.setId("practiceConfusion");
        confusion.setStyle("-fx-font-family: monospace;");
        for (int i = 0; i < Math.min(ClassKeys.MAX, classes.size()); i++) {
            String cls = classes.get(i);
            Button b = new Button(ClassKeys.label(i) + "  " + cls);
            b.setId("practiceAnswer-" + cls);
            b.setOnAction(e -> answer(cls));
            choices.getChildren().add(b);
        }
        method.getItems().addAll(CamMethod.values());
        method.setValue(CamMethod.DEFAULT);
        method.setId("practiceMethod");
        method.valueProperty().addListener((o, a, m) -> {
            if (answered) {
                explainBoth(lastAnswer);
            }
        });
        VBox yours = new VBox(4, yourMapLabel, yourMap);
        VBox right = new VBox(4, rightMapLabel, rightMap);
        for (Label l : List.of(yourMapLabel, rightMapLabel, verdict, modelCall)) {
            l.setWrapText(true);
        }
        yours.setPrefWidth(210);
        right.setPrefWidth(210);
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        HBox controls = new HBox(8, new Label("Explanation:"), method, gap, next);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        reveal = new VBox(8, verdict, modelCall, controls, new HBox(12, yours, right));
        reveal.setId("practiceReveal");
        Label hint = new Label("Which class is this cell? Press its key or click it. The model's call is shown after you answer.");
        hint.setWrapText(true);
        VBox quiz = new VBox(10, progress, crop, hint, choices, reveal);
        quiz.setPadding(new Insets(12));
        TableColumn<Object[], String> cls = new TableColumn<>("class");
        cls.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper((String) d.getValue()[0]));
        TableColumn<Object[], String> asked = new TableColumn<>("asked");
        asked.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(String.valueOf(d.getValue()[1])));
        TableColumn<Object[], String> rightCol = new TableColumn<>("right");
        rightCol.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(String.valueOf(d.getValue()[2])));
        TableColumn<Object[], String> acc = new TableColumn<>("accuracy");
        acc.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper((String) d.getValue()[3]));
        perClass.getColumns().addAll(List.of(cls, asked, rightCol, acc));
        perClass.setPrefHeight(240);
        chart.setTitle("Accuracy per practice round");
        chart.setAnimated(false);
        NumberAxis rounds = (NumberAxis) chart.getXAxis();
        rounds.setLabel("round");
        rounds.setAutoRanging(false);
        rounds.setTickUnit(1);
        rounds.setMinorTickVisible(false);
        chart.getYAxis().setLabel("accuracy");
        chart.setPrefHeight(220);
        export.setOnAction(e -> exportRecord());
        VBox record = new VBox(8, perClass, new Label("Confusion (rows: right class, columns: your answer)"), confusion, chart, export);
        record.setPadding(new Insets(12));
        Tab quizTab = new Tab("Quiz", new javafx.scene.control.ScrollPane(quiz));
        Tab recordTab = new Tab("Record", new javafx.scene.control.ScrollPane(record));
        quizTab.setClosable(false);
        recordTab.setClosable(false);
        tabs.getTabs().addAll(quizTab, recordTab);
        next.setOnAction(e -> nextItem());
        Scene scene = new Scene(tabs, 760, 760);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
        stage.setScene(scene);
        showRecord(start.history());
        nextItem();
    }

    /** The round's crops, in order (tests read it). */
    List<PracticeDeck.Item> round() {
        return round;
    }

    int index() {
        return index;
    }

    boolean answered() {
        return answered;
    }

    private void keys(KeyEvent e) {
        if (e.getCode() == KeyCode.ENTER && answered) {
            nextItem();
            e.consume();
            return;
        }
        int i = ClassKeys.indexOf(ClassKeys.digitOf(e.getCode()), classes.size());
        if (!answered && i >= 0) {
            answer(classes.get(i));
            e.consume();
        }
    }

    /** Shows the next crop, alone; after the last, the record. */
    void nextItem() {
        index++;
        answered = false;
        reveal.setVisible(false);
        reveal.setManaged(false);
        next.setDisable(true);
        choices.setDisable(false);
        yourMap.setImage(null);
        rightMap.setImage(null);
        if (index >= round.size()) {
            progress.setText(round.isEmpty() ? "Nothing to practise on yet: sign a smear, or use the teaching set."
                    : "Round " + roundNumber + " done. Your record is on the next tab.");
            crop.setImage(null);
            choices.setDisable(true);
            showRecord();
            tabs.getSelectionModel().select(1);
            return;
        }
        PracticeDeck.Item item = round.get(index);
        progress.setText("Round " + roundNumber + " \u00B7 cell " + (index + 1) + " of " + round.size());
        Task<byte[]> load = new Task<>() {
            @Override
            protected byte[] call() throws Exception {
                return item.file() != null ? Files.readAllBytes(item.file()) : workspace.cells().crop(item.cellId()).orElseThrow();
            }
        };
        load.setOnSucceeded(e -> {
            currentCrop = load.getValue();
            crop.setImage(new Image(new java.io.ByteArrayInputStream(currentCrop)));
        });
        load.setOnFailed(e -> progress.setText("This crop cannot be read: " + load.getException().getMessage()));
        work.run(load);
    }

    /** The trainee's answer: stored, then the reveal (the model's call and the two maps) in the background. */
    void answer(String given) {
        if (answered || index < 0 || index >= round.size() || currentCrop == null) {
            return;
        }
        answered = true;
        lastAnswer = given;
        choices.setDisable(true);
        PracticeDeck.Item item = round.get(index);
        byte[] bytes = currentCrop;
        Task<Prediction> call = ModelActions.holding(classifier, new Task<>() {
            @Override
            protected Prediction call() {
                try (Crop c = Crop.fromPng(bytes, Double.NaN)) {
                    Prediction p = classifier.classify(List.of(c.pixels())).get(0);
                    workspace.practice().record(new PracticeAnswer(trainee, roundNumber, item.key(), item.truth(), given, p.predicted(),
                            (double) p.confidence(), Instant.now()));
                    return p;
                }
            }
        });
        call.setOnSucceeded(e -> {
            Prediction p = call.getValue();
            boolean right = item.truth().equals(given);
            verdict.setText(right ? "Right: " + item.truth() : "Not quite: this is " + item.truth() + " (you said " + given + ")");
            verdict.setTextFill(right ? TextColours.OK : TextColours.ALERT);
            modelCall.setText(String.format(Locale.ROOT, "The model's call: %s %.0f %%%s", p.predicted(), 100 * p.confidence(),
                    p.predicted().equals(item.truth()) ? " (agrees)" : " (the signed answer is " + item.truth() + ")"));
            reveal.setVisible(true);
            reveal.setManaged(true);
            next.setDisable(false);
            explainBoth(given);
            showRecord();
        });
        call.setOnFailed(e -> progress.setText("The answer was not saved: " + call.getException().getMessage()));
        work.run(call);
    }

    private void explainBoth(String given) {
        PracticeDeck.Item item = round.get(index);
        CamMethod m = method.getValue();
        byte[] bytes = currentCrop;
        yourMapLabel.setText(m.label() + ": evidence for your answer, " + given);
        rightMapLabel.setText(classes.contains(item.truth()) ? m.label() + ": evidence for the right class, " + item.truth()
                : "The model has no class " + item.truth());
        Task<Image[]> maps = ModelActions.holding(classifier, new Task<>() {
            @Override
            protected Image[] call() {
                try (Crop c = Crop.fromPng(bytes, Double.NaN)) {
                    Image yours = overlay(c.pixels(), cam.explain(c.pixels(), classes.indexOf(given), m));
                    Image right = classes.contains(item.truth()) ? overlay(c.pixels(), cam.explain(c.pixels(), classes.indexOf(item.truth()), m)) : null;
                    return new Image[] {yours, right};
                }
            }
        });
        maps.setOnSucceeded(e -> {
            yourMap.setImage(maps.getValue()[0]);
            rightMap.setImage(maps.getValue()[1]);
        });
        work.run(maps);
    }

    private static Image overlay(Mat crop, Heatmap h) {
        Mat over = HeatmapImages.overlay(crop, h, 0.5);
        try {
            return ImagePyramid.toImage(over);
        } finally {
            over.release();
        }
    }

    /** The Record tab from the stored answers (read in the background). */
    void showRecord() {
        Task<List<PracticeAnswer>> read = new Task<>() {
            @Override
            protected List<PracticeAnswer> call() {
                return workspace.practice().answers(trainee);
            }
        };
        read.setOnSucceeded(e -> showRecord(read.getValue()));
        work.run(read);
    }

    private void showRecord(List<PracticeAnswer> answers) {
        perClass.getItems().clear();
        PracticeStore.byClass(answers).forEach((cls, rc) -> perClass.getItems().add(new Object[] {cls, rc[1], rc[0],
                String.format(Locale.ROOT, "%.0f %%", 100.0 * rc[0] / rc[1])}));
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(trainee);
        PracticeStore.byRound(answers).forEach((r, a) -> s.getData().add(new XYChart.Data<>(r, a)));
        chart.getData().setAll(List.of(s));
        NumberAxis rounds = (NumberAxis) chart.getXAxis();
        rounds.setLowerBound(0);
        rounds.setUpperBound(Math.max(2, s.getData().size()) + 1);
        TableColumns.fitToContent(perClass);
        PracticeStore.Confusion m = PracticeStore.confusion(answers);
        StringBuilder sb = new StringBuilder(String.format("%-13s", ""));
        m.classes().forEach(c -> sb.append(String.format(" %5.5s", c)));
        for (int i = 0; i < m.classes().size(); i++) {
            sb.append(String.format("%n%-13.13s", m.classes().get(i)));
            for (int v : m.counts()[i]) {
                sb.append(String.format(" %5d", v));
            }
        }
        confusion.setText(answers.isEmpty() ? "No answers yet." : sb.toString());
    }

    private void exportRecord() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setInitialFileName(org.hemareview.io.SafeNames.component(trainee) + "-practice.csv");
        java.io.File f = chooser.showSaveDialog(stage);
        if (f != null) {
            exportTo(f.toPath());
        }
    }

    /** Writes the trainee's record (File chooser's path; tests call it directly). */
    void exportTo(java.nio.file.Path file) {
        Task<Void> t = new Task<>() {
            @Override
            protected Void call() throws Exception {
                workspace.practice().exportCsv(trainee, file);
                return null;
            }
        };
        t.setOnSucceeded(e -> progress.setText("Record written to " + file));
        t.setOnFailed(e -> progress.setText("The record was not written: " + t.getException().getMessage()));
        work.run(t);
    }
}
