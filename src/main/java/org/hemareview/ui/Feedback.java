package org.hemareview.ui;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.stage.Stage;

/** How commands tell the user what happened: a line in the status bar, or an error dialog over the window. */
final class Feedback {
    private final Stage owner;
    private final StatusBarView status;
    private final ReadOnlyStringWrapper lastError = new ReadOnlyStringWrapper(this, "lastError");

    Feedback(Stage owner, StatusBarView status) {
        this.owner = owner;
        this.status = status;
    }

    Stage owner() {
        return owner;
    }

    void status(String message) {
        status.message(message);
    }

    void error(String header, String details) {
        lastError.set(header + ": " + details);
        status.message(header);
        Dialogs.error(owner, header, details);
    }

    /** The last error shown (for tests and the log). */
    ReadOnlyStringProperty lastErrorProperty() {
        return lastError.getReadOnlyProperty();
    }
}
