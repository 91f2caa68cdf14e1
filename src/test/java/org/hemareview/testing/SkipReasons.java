package org.hemareview.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line on the console for each skipped test and why (a disabled test's reason, an
 * assumption's message such as "../shared/data is absent"); Surefire alone says it only in its XML.
 */
public final class SkipReasons implements TestExecutionListener {
    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        System.out.println("[SKIPPED] " + test.getDisplayName() + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            System.out.println("[SKIPPED] " + test.getDisplayName() + ": " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }
}
