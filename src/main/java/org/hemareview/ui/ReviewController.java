package org.hemareview.ui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.hemareview.review.Agreement;
import org.hemareview.review.Cell;
import org.hemareview.review.Decision;
import org.hemareview.review.DifferentialCount;
import org.hemareview.review.ReviewLabels;
import org.hemareview.review.Smear;
import org.hemareview.review.SmearStatus;
import org.hemareview.review.StoredPrediction;
import org.hemareview.review.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reviewing by keyboard and mouse: turns keys and menu picks into decisions, writes them on one
 * background writer thread (one transaction each, in order), and marks a tile saved only once
 * the write returned. The selection moves on at once, so a reviewer can keep typing.
 */
final class ReviewController implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ReviewController.class);
    private final SmearSession session;
    private final Feedback feedback;
    private final Workspace workspace;
    private final AppPreferences prefs;
    private final CellGallery gallery;
    private final CountsPanel counts;
    private final DecisionWriter writes = new DecisionWriter();
    private final javafx.beans.property.StringProperty reviewer;
    private Commands commands;
    /** Told when the smear's status changed (signed, unsigned, started), so the smear list follows at once. */
    private Runnable statusChanged = () -> { };
    private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    private Smear smear;
    private SmearStatus status;
    private String signedBy;
    private List<String> classes = List.of();
    /** The count on show in the panel, what the sign confirmation repeats. */
    private DifferentialCount shownCount;

    ReviewController(SmearSession session, Feedback feedback, AppPreferences prefs, CellGallery gallery, CountsPanel counts) {
        this.session = session;
        this.feedback = feedback;
        this.workspace = session.workspace;
        this.reviewer = session.reviewer;
        this.prefs = prefs;
        this.gallery = gallery;
        this.counts = counts;
        String given = System.getProperty("hemareview.reviewer");
        if (given != null && !given.isBlank()) {
            prefs.setReviewer(given); // --reviewer on the command line
        }
        reviewer.set(prefs.reviewer());
        gallery.grid.addEventHandler(KeyEvent.KEY_PRESSED, this::arrowKeys);
        session.smearProperty().addListener((o, was, now) -> smearShown(now));
    }

    /** The window's commands: the review keys fire them, the gallery's context menu and the sign buttons show them. */
    void useCommands(Commands c, Runnable onStatusChanged) {
        commands = c;
        statusChanged = onStatusChanged;
        gallery.grid.setOnContextMenuRequested(e -> {
            ContextMenu m = c.cellMenu(classes, cls -> decide(cls, Decision.Kind.ASSIGN, System.nanoTime()),
                    "confirm", "notCell", "unsure", "skip", null, "undo");
            m.show(gallery.grid, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        counts.sign.setOnAction(e -> c.fire("sign"));
        counts.unsign.setOnAction(e -> c.fire("unsign"));
    }

    javafx.beans.property.ReadOnlyStringProperty reviewerProperty() {
        return reviewer;
    }

    /** Asks for the reviewer's name when none is known yet (once per workspace session), or to switch. */
    void askReviewer(boolean force) {
        if (!force && !reviewer.get().isBlank()) {
            return;
        }
        TextInputDialog d = new TextInputDialog(reviewer.get());
        d.initOwner(feedback.owner());
        d.setTitle("HemaReview");
        d.setHeaderText("Who is reviewing? Every decision carries this name.");
        d.setContentText("Reviewer:");
        d.showAndWait().map(String::strip).filter(s -> !s.isEmpty()).ifPresent(this::setReviewer);
    }

    /** Switches the reviewer: their own decisions are shown, the other reviewers' only as agreement. */
    void setReviewer(String name) {
        prefs.setReviewer(name);
        reviewer.set(name);
        reload();
    }

    /** Review > Target Count…: cells to count per smear (a preference). */
    void askTargetCount() {
        TextInputDialog d = new TextInputDialog(Integer.toString(prefs.targetCount()));
        d.initOwner(feedback.owner());
        d.setTitle("HemaReview");
        d.setHeaderText("How many white cells make a differential count on a smear?");
        d.setContentText("Target count:");
        d.showAndWait().ifPresent(text -> {
            try {
                int n = Integer.parseInt(text.strip());
                if (n < 1 || n > 10000) {
                    throw new NumberFormatException();
                }
                prefs.setTargetCount(n);
                updateCounts();
            } catch (NumberFormatException e) {
                feedback.error("Not a count", "The target count is a whole number from 1 to 10000, not '" + text + "'.");
            }
        });
    }

    void setClasses(List<String> modelClasses) {
        classes = List.copyOf(modelClasses);
        gallery.setClassOrder(classes);
        updateCounts();
    }

    List<String> classes() {
        return classes;
    }

    /** The smear on screen changed (or its cells were reloaded): read this reviewer's decisions. */
    void smearShown(Smear s) {
        smear = s;
        reload();
    }

    /** Re-reads decisions, status and agreement on the writer thread (after any queued writes). */
    void reload() {
        Smear s = smear;
        String who = reviewer.get();
        if (s == null) {
            counts.show(null, classes, null, null);
            return;
        }
        record Readout(Map<Long, Decision> mine, SmearStatus status, String signedBy, Map<String, Agreement> onSmear, Map<String, Agreement> overall) {
        }
        writes.submit(() -> new Readout(who.isBlank() ? Map.of() : workspace.decisions().current(s.id(), who),
                workspace.smears().byId(s.id()).map(Smear::status).orElse(SmearStatus.UNREVIEWED),
                workspace.decisions().signedBy(s.id()).orElse(null),
                Agreement.withOthers(workspace.decisions().labelsByReviewer(s.id()), who),
                Agreement.withOthers(workspace.decisions().labelsByReviewer(null), who)), r -> {
                    if (smear == null || smear.id() != s.id()) {
                        return;
                    }
                    boolean changed = status != null && status != r.status();
                    status = r.status();
                    signedBy = r.signedBy();
                    session.locked.set(status == SmearStatus.SIGNED);
                    if (changed) {
                        statusChanged.run();
                    }
                    gallery.setDecisions(r.mine());
                    counts.showAgreement(who, r.onSmear(), r.overall(), id -> gallery.allCells().stream().filter(c -> c.id() == id)
                            .findFirst().map(c -> "#" + c.number()).orElse("cell " + id));
                    updateCounts();
                }, e -> logger.warn("cannot read decisions: {}", e.getMessage()));
    }

    private void arrowKeys(KeyEvent e) {
        int delta = switch (e.getCode()) {
            case LEFT -> -1;
            case RIGHT -> 1;
            case UP -> -gallery.columns();
            case DOWN -> gallery.columns();
            case HOME -> -Integer.MAX_VALUE / 2;
            case END -> Integer.MAX_VALUE / 2;
            default -> 0;
        };
        if (delta != 0) {
            gallery.move(delta);
            e.consume();
        }
    }

    /** The review keys, wherever the focus is (except in text fields): classes, Enter, Delete, ?, S. */
    void handleKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown() || e.getTarget() instanceof javafx.scene.control.TextInputControl) {
            return;
        }
        long t0 = System.nanoTime();
        if (e.getEventType() == KeyEvent.KEY_TYPED) {
            if ("?".equals(e.getCharacter()) && commands != null) {
                commands.fire("unsure");
                e.consume();
            }
            return;
        }
        KeyCode k = e.getCode();
        int digit = ClassKeys.digitOf(k);
        if (ClassKeys.indexOf(digit, classes.size()) >= 0) {
            decide(classes.get(ClassKeys.indexOf(digit, classes.size())), Decision.Kind.ASSIGN, t0);
        } else if (commands == null || !fireReviewKey(k)) {
            return;
        }
        e.consume();
    }

    /** The review commands by key (declared in {@link MainWindow}'s commands: Enter, Del, Backspace, S, U). */
    private boolean fireReviewKey(KeyCode k) {
        String id = switch (k) {
            case ENTER -> "confirm";
            case DELETE, BACK_SPACE -> "notCell";
            case S -> "skip";
            case U -> "unsure";
            default -> null;
        };
        if (id != null) {
            commands.fire(id);
        }
        return id != null;
    }

    /** Enter: the model's suggestion for the selected cell is right. */
    void confirm(long t0) {
        Cell c = gallery.selectedProperty().get();
        StoredPrediction p = c == null ? null : session.predictions.get(c.id());
        if (c != null && p == null) {
            feedback.status("Cell " + c.number() + " has no suggestion to confirm; pick its class with a number key.");
            return;
        }
        if (p != null) {
            decide(p.label(), Decision.Kind.CONFIRM, t0);
        }
    }

    /** Decides the selected cell, moves to the next one, writes in the background. */
    void decide(String label, Decision.Kind kind, long t0) {
        Cell c = gallery.selectedProperty().get();
        if (!ready()) {
            return;
        }
        if (c == null) {
            feedback.status("Select a cell first (click it, or use the arrow keys in the gallery).");
            return;
        }
        StoredPrediction p = session.predictions.get(c.id());
        Decision.Kind k = kind == Decision.Kind.ASSIGN && p != null && p.label().equals(label) ? Decision.Kind.CONFIRM : kind;
        String who = reviewer.get();
        String model = p == null ? null : p.model();
        int index = gallery.indexOf(c);
        gallery.saving(c.id());
        gallery.advanceFrom(c, index);
        writes.submit(() -> workspace.decisions().decide(c.id(), who, label, k, model), d -> {
            gallery.saved(c.id(), d);
            if (status == SmearStatus.UNREVIEWED) {
                status = SmearStatus.IN_PROGRESS;
                statusChanged.run();
            }
            updateCounts();
            double ms = (System.nanoTime() - t0) / 1e6;
            latencies.add(ms);
            feedback.status(String.format("Saved: cell %d \u2192 %s (%.0f ms)", c.number(), ReviewLabels.display(label), ms));
        }, ex -> {
            gallery.failed(c.id());
            feedback.error("Decision not saved", ex.getMessage());
        });
    }

    /** Ctrl+Z: reverses this reviewer's last decision on the smear (a new, audited row). */
    void undo() {
        if (!ready()) {
            return;
        }
        long t0 = System.nanoTime();
        long smearId = smear.id();
        String who = reviewer.get();
        writes.submit(() -> workspace.decisions().undoLast(smearId, who), undone -> {
            if (undone.isEmpty()) {
                feedback.status("Nothing to undo on this smear.");
                return;
            }
            Decision d = undone.get();
            gallery.saved(d.cellId(), d.label() == null ? null : d);
            gallery.allCells().stream().filter(x -> x.id() == d.cellId()).findFirst()
                    .filter(x -> gallery.indexOf(x) >= 0).ifPresent(x -> gallery.selectedProperty().set(x));
            updateCounts();
            latencies.add((System.nanoTime() - t0) / 1e6);
            feedback.status("Undone: cell back to " + ReviewLabels.display(d.label()));
        }, ex -> feedback.error("Undo not saved", ex.getMessage()));
    }

    /** Sign: shows the differential count and asks once; signing locks the smear. */
    void sign() {
        if (!ready()) {
            return;
        }
        javafx.scene.control.ButtonType signIt = new javafx.scene.control.ButtonType("Sign", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION, "",
                signIt, javafx.scene.control.ButtonType.CANCEL);
        a.initOwner(feedback.owner());
        a.setTitle("Sign smear");
        a.setHeaderText("Sign " + smear.name() + " as " + reviewer.get() + "?");
        Label body = new Label((shownCount == null ? "" : shownCount.summary()) + "\n\nSigning locks the smear's decisions; unsigning later is recorded with a reason.");
        body.setWrapText(true);
        body.setId("signSummary");
        a.getDialogPane().setContent(body);
        a.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        if (a.showAndWait().filter(b -> b == signIt).isPresent()) {
            signNow();
        }
    }

    /** Signs without asking (after the confirmation). */
    void signNow() {
        if (!ready()) {
            return;
        }
        long smearId = smear.id();
        String who = reviewer.get();
        writes.submit(() -> {
            workspace.decisions().sign(smearId, who);
            return who;
        }, by -> {
            feedback.status("Smear signed by " + by + "; it is now locked.");
            reload();
        }, ex -> {
            feedback.error("Cannot sign the smear", ex.getMessage());
            reload();
        });
    }

    void unsign() {
        if (smear == null || status != SmearStatus.SIGNED) {
            return;
        }
        TextInputDialog d = new TextInputDialog();
        d.initOwner(feedback.owner());
        d.setTitle("HemaReview");
        d.setHeaderText("Unsigning unlocks the smear for edits and is recorded in the audit log.");
        d.setContentText("Reason:");
        d.showAndWait().ifPresent(reason -> unsign(reason));
    }

    /** Unsigns with a reason (the dialog's path; tests call it directly). */
    void unsign(String reason) {
        long smearId = smear.id();
        String who = reviewer.get();
        writes.submit(() -> {
            workspace.decisions().unsign(smearId, who, reason);
            return reason;
        }, r -> {
            feedback.status("Smear unsigned; edits are possible again.");
            reload();
        }, ex -> {
            feedback.error("Cannot unsign the smear", ex.getMessage());
            reload();
        });
    }

    boolean locked() {
        return status == SmearStatus.SIGNED;
    }

    /** True when nothing is waiting to be written. */
    boolean idle() {
        return writes.idle();
    }

    /** Key-to-UI latencies of the decisions of this session, in ms (the review benchmark reads them). */
    List<Double> latencies() {
        synchronized (latencies) {
            return List.copyOf(latencies);
        }
    }

    private boolean ready() {
        if (smear == null) {
            return false;
        }
        if (reviewer.get().isBlank()) {
            askReviewer(true);
            return false;
        }
        if (locked()) {
            feedback.status("This smear is signed" + (signedBy == null ? "" : " by " + signedBy) + " and locked; unsign it to change decisions.");
            return false;
        }
        return true;
    }

    private void updateCounts() {
        if (smear == null) {
            counts.show(null, classes, null, null);
            return;
        }
        Map<Long, String> labels = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        for (Cell c : gallery.allCells()) {
            ids.add(c.id());
            Decision d = gallery.decision(c.id());
            if (d != null) {
                labels.put(c.id(), d.label());
            }
        }
        List<String> shown = classes.isEmpty() ? labels.values().stream().filter(ReviewLabels::isClass).distinct().sorted().toList() : classes;
        shownCount = DifferentialCount.of(shown, ids, labels, prefs.targetCount());
        counts.show(shownCount, shown, status, signedBy);
    }

    @Override
    public void close() {
        writes.close();
    }
}
