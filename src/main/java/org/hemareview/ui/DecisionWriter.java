package org.hemareview.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The one thread that writes a reviewer's decisions, in order, one transaction each; what follows a
 * write runs on the JavaFX thread. A write counts as pending until its follow-up has run, so a
 * follow-up that queues the next read is counted before the write stops counting (tests wait on
 * {@link #idle()}, and never see a gap).
 */
final class DecisionWriter implements AutoCloseable {
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "decision-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();

    /** Runs {@code work} on the writer thread, then {@code done} with its result or {@code failed} with its error on the JavaFX thread. */
    <T> void submit(Callable<T> work, Consumer<T> done, Consumer<RuntimeException> failed) {
        pending.incrementAndGet();
        writer.submit(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> finish(() -> done.accept(result)));
            } catch (RuntimeException e) {
                Platform.runLater(() -> finish(() -> failed.accept(e)));
            } catch (Exception e) {
                Platform.runLater(() -> finish(() -> failed.accept(new IllegalStateException(e))));
            }
        });
    }

    private void finish(Runnable then) {
        try {
            then.run();
        } finally {
            pending.decrementAndGet();
        }
    }

    /** True when nothing is waiting to be written or followed up. */
    boolean idle() {
        return pending.get() == 0;
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
