package org.hemareview.ui;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.hemareview.model.ModelRegistry;

/**
 * Retrain from reviewer decisions in five pages: data, split, model, train (live chart, stop
 * keeps the best epoch), result (new against active on the same test cells, promote now or later).
 */
final class TrainingWizard {
    /** One page: a title, a view, what happens on entering it, and whether Next is possible. */
    interface Page {
        String title();

        Node view();

        default void enter() {
        }

        default ObservableBooleanValue ready() {
            return new SimpleBooleanProperty(true);
        }

        /** Called before Next leaves the page; false keeps the user on it (e.g. an invalid value). */
        default boolean leave() {
            return true;
        }
    }

    final Stage stage = new Stage();
    final WizardState state;
    final List<Page> pages;
    final Button back = new Button("< _Back");
    final Button next = new Button("_Next >");
    final Button close = new Button("Close");
    private final Label heading = new Label();
    private final BorderPane root = new BorderPane();
    private int index = -1;

    TrainingWizard(Window owner, WizardState state, BackgroundWork work, Consumer<ModelRegistry.Entry> promoted) {
        this.state = state;
        this.pages = List.of(new WizardDataPage(state, work, stage), new WizardSplitPage(state), new WizardModelPage(state),
                new WizardTrainPage(state, work), new WizardResultPage(state, promoted, work));
        stage.initOwner(owner);
        WindowPlacement.centreOnOwner(stage, owner);
        stage.setTitle("Train a new model version \u2014 HemaReview");
        heading.setId("wizardHeading");
        heading.setStyle("-fx-font-size: 1.3em; -fx-font-weight: bold;");
        back.setId("wizardBack");
        next.setId("wizardNext");
        close.setId("wizardClose");
        back.setOnAction(e -> go(index == pages.size() - 1 ? 2 : index - 1)); // from the result, back to the settings
        next.setOnAction(e -> {
            if (pages.get(index).leave()) {
                go(index + 1);
            }
        });
        close.setOnAction(e -> stage.close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, close, gap, back, next);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(8));
        root.setTop(heading);
        BorderPane.setMargin(heading, new Insets(10));
        root.setBottom(buttons);
        stage.setScene(new Scene(root, 960, 660));
        stage.setOnCloseRequest(e -> {
            if (state.training.get() && !confirmStop()) {
                e.consume();
            }
        });
        close.setOnAction(e -> {
            if (!state.training.get() || confirmStop()) {
                stage.close();
            }
        });
    }

    private boolean confirmStop() {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "A model is being trained. Closing stops it and nothing is registered.",
                ButtonType.OK, ButtonType.CANCEL);
        a.initOwner(stage);
        a.setHeaderText("Stop training and close?");
        boolean ok = a.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK;
        if (ok) {
            ((WizardTrainPage) pages.get(3)).abandon();
        }
        return ok;
    }

    void show() {
        go(0);
        stage.show();
    }

    int pageIndex() {
        return index;
    }

    Page page() {
        return pages.get(index);
    }

    void go(int i) {
        if (i < 0 || i >= pages.size()) {
            return;
        }
        index = i;
        Page p = pages.get(i);
        heading.setText((i + 1) + " of " + pages.size() + " \u2014 " + p.title());
        root.setCenter(p.view());
        BorderPane.setMargin(p.view(), new Insets(0, 10, 0, 10));
        next.disableProperty().unbind();
        back.disableProperty().unbind();
        next.disableProperty().bind(Bindings.createBooleanBinding(() -> !p.ready().get() || state.training.get() || index == pages.size() - 1,
                p.ready(), state.training));
        back.disableProperty().bind(Bindings.createBooleanBinding(() -> index == 0 || state.training.get(), state.training));
        p.enter();
    }
}
