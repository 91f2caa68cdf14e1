package org.hemareview.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the UI runs heavy work: JavaFX {@link Task}s on named daemon threads. The latest
 * task is exposed so the status bar can show its progress and offer to cancel it.
 */
public final class BackgroundWork implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(BackgroundWork.class);
    private final AtomicInteger counter = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "hemareview-work-" + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyObjectWrapper<Task<?>> current = new ReadOnlyObjectWrapper<>(this, "current");
    private volatile int running; // changed on the JavaFX thread only; read by tests from theirs

    /** Starts {@code task}; must be called on the JavaFX thread. */
    public <T> Task<T> run(Task<T> task) {
        if (executor.isShutdown()) {
            // the window closed while an earlier task finished: its follow-up work has no window to serve
            logger.debug("window closed: task '{}' not started", task.getTitle());
            return task;
        }
        current.set(task);
        running++;
        task.stateProperty().addListener((o, old, state) -> {
            if (isDone(state)) {
                // let go on a later pulse, after the task's onSucceeded/onFailed handlers have run: a
                // task those handlers start is counted first, so idle() never sees a gap in a chain
                Platform.runLater(() -> running--);
            }
            if (state == Worker.State.FAILED && task.getException() != null) {
                logger.debug("task '{}' failed", task.getTitle(), task.getException());
            }
            if (isDone(state) && current.get() == task) {
                current.set(null);
            }
        });
        executor.submit(task);
        return task;
    }

    public ReadOnlyObjectProperty<Task<?>> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** True when no task is queued or running, including tasks that chained others (tests wait on this). */
    public boolean idle() {
        return running == 0;
    }

    static boolean isDone(Worker.State s) {
        return s == Worker.State.SUCCEEDED || s == Worker.State.FAILED || s == Worker.State.CANCELLED;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
