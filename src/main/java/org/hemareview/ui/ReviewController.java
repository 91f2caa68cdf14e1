package org.hemareview.ui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
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
import org.hemareview.review.WorkspaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reviewing by keyboard and mouse: turns keys and menu picks into decisions, writes them on one
 * background writer thread (one transaction each, in order), and marks a tile saved only once
 * the write returned. The selection moves on at once, so a reviewer can keep typing.
 */
final class ReviewController implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ReviewController.class);
    private final MainWindow window;
    private final Workspace workspace;
    private final AppPreferences prefs;
    private final CellGallery gallery;
    private final CountsPanel counts;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "decision-writer");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyStringWrapper reviewer = new ReadOnlyStringWrapper(this, "reviewer", "");
    private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    private Smear smear;
    private SmearStatus status;
    private String signedBy;
    private List<String> classes = List.of();
    /** Writes and re-reads queued or running on the writer thread (their UI update included). */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    ReviewController(MainWindow window, Workspace workspace, AppPreferences prefs, CellGallery gallery, CountsPanel counts) {
        this.window = window;
        this.workspace = workspace;
        this.prefs = prefs;
        this.gallery = gallery;
        this.counts = counts;
        String given = System.getProperty("hemareview.reviewer");
        if (given != null && !given.isBlank()) {
            prefs.setReviewer(given); // --reviewer on the command line
        }
        reviewer.set(prefs.reviewer());
        gallery.grid.addEventHandler(KeyEvent.KEY_PRESSED, this::arrowKeys);
        gallery.grid.setContextMenu(new ContextMenu());
        gallery.grid.getContextMenu().setOnShowing(e -> buildContextMenu(gallery.grid.getContextMenu()));
        counts.sign.setOnAction(e -> sign());
        counts.unsign.setOnAction(e -> unsign());
    }

    ReadOnlyStringProperty reviewerProperty() {
        return reviewer.getReadOnlyProperty();
    }

    /** Asks for the reviewer's name when none is known yet (once per workspace session), or to switch. */
    void askReviewer(boolean force) {
        if (!force && !reviewer.get().isBlank()) {
            return;
        }
        TextInputDialog d = new TextInputDialog(reviewer.get());
        d.initOwner(window.stage());
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
        d.initOwner(window.stage());
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
                window.error("Not a count", "The target count is a whole number from 1 to 10000, not '" + text + "'.");
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
        pending.incrementAndGet();
        writer.submit(() -> {
            try {
                Map<Long, Decision> mine = who.isBlank() ? Map.of() : workspace.decisions().current(s.id(), who);
                SmearStatus st = workspace.smears().byId(s.id()).map(Smear::status).orElse(SmearStatus.UNREVIEWED);
                String by = workspace.decisions().signedBy(s.id()).orElse(null);
                Map<String, Agreement> onSmear = agreements(workspace.decisions().labelsByReviewer(s.id()), who);
                Map<String, Agreement> overall = agreements(workspace.decisions().labelsByReviewer(null), who);
                Platform.runLater(() -> {
                    pending.decrementAndGet();
                    if (smear == null || smear.id() != s.id()) {
                        return;
                    }
                    status = st;
                    signedBy = by;
                    gallery.setDecisions(mine);
                    counts.showAgreement(who, onSmear, overall, id -> gallery.allCells().stream().filter(c -> c.id() == id)
                            .findFirst().map(c -> "#" + c.number()).orElse("cell " + id));
                    updateCounts();
                });
            } catch (RuntimeException e) {
                Platform.runLater(pending::decrementAndGet);
                logger.warn("cannot read decisions: {}", e.getMessage());
            }
        });
    }

    private static Map<String, Agreement> agreements(Map<String, Map<Long, String>> byReviewer, String me) {
        Map<String, Agreement> out = new LinkedHashMap<>();
        Map<Long, String> mine = byReviewer.getOrDefault(me, Map.of());
        byReviewer.forEach((other, labels) -> {
            if (!other.equals(me)) {
                out.put(other, Agreement.between(mine, labels));
            }
        });
        return out;
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
            if ("?".equals(e.getCharacter())) {
                decide(ReviewLabels.UNSURE, Decision.Kind.ASSIGN, t0);
                e.consume();
            }
            return;
        }
        KeyCode k = e.getCode();
        int digit = k.isDigitKey() ? digitOf(k) : -1;
        if (digit >= 1 && digit <= Math.min(9, classes.size())) {
            decide(classes.get(digit - 1), Decision.Kind.ASSIGN, t0);
        } else if (k == KeyCode.ENTER) {
            confirm(t0);
        } else if (k == KeyCode.DELETE || k == KeyCode.BACK_SPACE) {
            decide(ReviewLabels.NOT_A_CELL, Decision.Kind.ASSIGN, t0);
        } else if (k == KeyCode.S) {
            decide(ReviewLabels.SKIPPED, Decision.Kind.ASSIGN, t0);
        } else if (k == KeyCode.U) {
            decide(ReviewLabels.UNSURE, Decision.Kind.ASSIGN, t0);
        } else {
            return;
        }
        e.consume();
    }

    private static int digitOf(KeyCode k) {
        String name = k.getName(); // "1" or "Numpad 1"
        char c = name.charAt(name.length() - 1);
        return Character.isDigit(c) ? c - '0' : -1;
    }

    /** Enter: the model's suggestion for the selected cell is right. */
    void confirm(long t0) {
        Cell c = gallery.selectedProperty().get();
        StoredPrediction p = c == null ? null : window.predictions().get(c.id());
        if (c != null && p == null) {
            window.status("Cell " + c.number() + " has no suggestion to confirm; pick its class with a number key.");
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
            window.status("Select a cell first (click it, or use the arrow keys in the gallery).");
            return;
        }
        StoredPrediction p = window.predictions().get(c.id());
        Decision.Kind k = kind == Decision.Kind.ASSIGN && p != null && p.label().equals(label) ? Decision.Kind.CONFIRM : kind;
        String who = reviewer.get();
        String model = p == null ? null : p.model();
        int index = gallery.indexOf(c);
        gallery.saving(c.id());
        gallery.advanceFrom(c, index);
        pending.incrementAndGet();
        writer.submit(() -> {
            try {
                Decision d = workspace.decisions().decide(c.id(), who, label, k, model);
                Platform.runLater(() -> {
                    pending.decrementAndGet();
                    gallery.saved(c.id(), d);
                    if (status == SmearStatus.UNREVIEWED) {
                        status = SmearStatus.IN_PROGRESS;
                    }
                    updateCounts();
                    double ms = (System.nanoTime() - t0) / 1e6;
                    latencies.add(ms);
                    window.status(String.format("Saved: cell %d \u2192 %s (%.0f ms)", c.number(), ReviewLabels.display(label), ms));
                });
            } catch (RuntimeException ex) {
                Platform.runLater(() -> {
                    pending.decrementAndGet();
                    gallery.failed(c.id());
                    window.error("Decision not saved", ex.getMessage());
                });
            }
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
        pending.incrementAndGet();
        writer.submit(() -> {
            try {
                var undone = workspace.decisions().undoLast(smearId, who);
                Platform.runLater(() -> {
                    pending.decrementAndGet();
                    if (undone.isEmpty()) {
                        window.status("Nothing to undo on this smear.");
                        return;
                    }
                    Decision d = undone.get();
                    gallery.saved(d.cellId(), d.label() == null ? null : d);
                    gallery.allCells().stream().filter(x -> x.id() == d.cellId()).findFirst()
                            .filter(x -> gallery.indexOf(x) >= 0).ifPresent(x -> gallery.selectedProperty().set(x));
                    updateCounts();
                    latencies.add((System.nanoTime() - t0) / 1e6);
                    window.status("Undone: cell back to " + ReviewLabels.display(d.label()));
                });
            } catch (RuntimeException ex) {
                Platform.runLater(() -> {
                    pending.decrementAndGet();
                    window.error("Undo not saved", ex.getMessage());
                });
            }
        });
    }

    void sign() {
        if (!ready()) {
            return;
        }
        long smearId = smear.id();
        String who = reviewer.get();
        pending.incrementAndGet();
        writer.submit(() -> {
            try {
                workspace.decisions().sign(smearId, who);
                Platform.runLater(() -> window.status("Smear signed by " + who + "; it is now locked."));
            } catch (RuntimeException ex) {
                Platform.runLater(() -> window.error("Cannot sign the smear", ex.getMessage()));
            }
            Platform.runLater(() -> {
                reload(); // counted before this sign/unsign stops counting: idle() never sees a gap
                pending.decrementAndGet();
            });
        });
    }

    void unsign() {
        if (smear == null || status != SmearStatus.SIGNED) {
            return;
        }
        TextInputDialog d = new TextInputDialog();
        d.initOwner(window.stage());
        d.setTitle("HemaReview");
        d.setHeaderText("Unsigning unlocks the smear for edits and is recorded in the audit log.");
        d.setContentText("Reason:");
        d.showAndWait().ifPresent(reason -> unsign(reason));
    }

    /** Unsigns with a reason (the dialog's path; tests call it directly). */
    void unsign(String reason) {
        long smearId = smear.id();
        String who = reviewer.get();
        pending.incrementAndGet();
        writer.submit(() -> {
            try {
                workspace.decisions().unsign(smearId, who, reason);
                Platform.runLater(() -> window.status("Smear unsigned; edits are possible again."));
            } catch (RuntimeException ex) {
                Platform.runLater(() -> window.error("Cannot unsign the smear", ex.getMessage()));
            }
            Platform.runLater(() -> {
                reload(); // counted before this sign/unsign stops counting: idle() never sees a gap
                pending.decrementAndGet();
            });
        });
    }

    boolean locked() {
        return status == SmearStatus.SIGNED;
    }

    /** True when nothing is waiting to be written. */
    boolean idle() {
        return pending.get() == 0;
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
            window.status("This smear is signed" + (signedBy == null ? "" : " by " + signedBy) + " and locked; unsign it to change decisions.");
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
        counts.show(DifferentialCount.of(shown, ids, labels, prefs.targetCount()), shown, status, signedBy);
    }

    private void buildContextMenu(ContextMenu menu) {
        menu.getItems().clear();
        for (int i = 0; i < classes.size(); i++) {
            String cls = classes.get(i);
            MenuItem item = new MenuItem((i < 9 ? (i + 1) + "  " : "") + cls);
            item.setOnAction(e -> decide(cls, Decision.Kind.ASSIGN, System.nanoTime()));
            menu.getItems().add(item);
        }
        MenuItem confirm = new MenuItem("Confirm suggestion (Enter)");
        confirm.setOnAction(e -> confirm(System.nanoTime()));
        MenuItem notCell = new MenuItem("Not a white cell (Del)");
        notCell.setOnAction(e -> decide(ReviewLabels.NOT_A_CELL, Decision.Kind.ASSIGN, System.nanoTime()));
        MenuItem unsure = new MenuItem("Unsure, needs a second look (?)");
        unsure.setOnAction(e -> decide(ReviewLabels.UNSURE, Decision.Kind.ASSIGN, System.nanoTime()));
        MenuItem skip = new MenuItem("Skip (S)");
        skip.setOnAction(e -> decide(ReviewLabels.SKIPPED, Decision.Kind.ASSIGN, System.nanoTime()));
        MenuItem undo = new MenuItem("Undo last decision (Ctrl+Z)");
        undo.setOnAction(e -> undo());
        menu.getItems().addAll(new SeparatorMenuItem(), confirm, notCell, unsure, skip, new SeparatorMenuItem(), undo);
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
