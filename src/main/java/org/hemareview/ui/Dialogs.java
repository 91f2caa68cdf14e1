package org.hemareview.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.stage.Window;

/** Messages to the user. Non-blocking: the app keeps running while a message is shown. */
final class Dialogs {
    private Dialogs() {
    }

    static Alert error(Window owner, String header, String details) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle("HemaReview");
        alert.setHeaderText(header);
        Label content = new Label(details);
        content.setWrapText(true);
        content.setId("errorDetails");
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().setMinWidth(480);
        alert.show();
        return alert;
    }
}
