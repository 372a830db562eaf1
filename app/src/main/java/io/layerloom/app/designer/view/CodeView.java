package io.layerloom.app.designer.view;

import atlantafx.base.theme.Styles;
import io.layerloom.app.designer.viewmodel.CodeViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The generated Java source, read-only, regenerated off the UI thread while this view is showing.
 * When the graph has errors it says why there is no source instead.
 */
public final class CodeView extends BorderPane {

    public static final String STYLE_CLASS = "code-view";

    /**
     * Saving the shown source: the window asks where (its file dialogs) and writes it on its file
     * thread. {@code suggestedName} is "LeNet5.java", the name Java requires for the class.
     */
    @FunctionalInterface
    public interface SaveAs {
        void save(String suggestedName, String source);
    }

    private final CodeViewModel model;
    private final SaveAs saveAs;

    public CodeView(CodeViewModel model, SaveAs saveAs) {
        this.model = model;
        this.saveAs = java.util.Objects.requireNonNull(saveAs, "saveAs");
        getStyleClass().add(STYLE_CLASS);
        getStylesheets().add(PanelStyles.url());

        TextArea code = new TextArea();
        code.setId("code-text");
        code.setEditable(false);
        code.getStyleClass().add("code-text");
        code.textProperty().bind(model.codeProperty());
        code.visibleProperty().bind(model.hasCodeProperty());

        Label why = new Label();
        why.setId("code-message");
        why.getStyleClass().add("code-message");
        why.setWrapText(true);
        why.textProperty().bind(model.messageProperty());
        Label whyTitle = new Label("No Java source");
        whyTitle.getStyleClass().add(Styles.TITLE_4);
        VBox message = new VBox(6, whyTitle, why);
        message.getStyleClass().add("code-message-box");
        message.setMaxWidth(720);
        message.visibleProperty().bind(model.messageProperty().isNotEmpty().and(model.hasCodeProperty().not()));
        StackPane.setAlignment(message, Pos.TOP_LEFT);

        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(28, 28);
        busy.visibleProperty().bind(model.busyProperty().and(model.hasCodeProperty().not()));

        setCenter(new StackPane(code, message, busy));
        setTop(toolbar());

        // Generate only while the view is on screen. A TabPane keeps every tab's content in the
        // scene and hides the unselected ones by making their direct parent invisible.
        javafx.beans.value.ChangeListener<Object> update = (obs, old, now) -> updateActive();
        parentProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.visibleProperty().removeListener(update);
            }
            if (now != null) {
                now.visibleProperty().addListener(update);
            }
            updateActive();
        });
        sceneProperty().addListener(update);
        visibleProperty().addListener(update);
        updateActive();
    }

    public CodeViewModel model() {
        return model;
    }

    private void updateActive() {
        model.activeProperty().set(getScene() != null && isVisible() && isTreeVisible());
    }

    /** Whether every ancestor is visible: a TabPane hides unselected tabs' content this way. */
    private boolean isTreeVisible() {
        for (javafx.scene.Parent p = getParent(); p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private Region toolbar() {
        TextField pkg = new TextField();
        pkg.setId("code-package");
        pkg.setPromptText("default package");
        pkg.textProperty().bindBidirectional(model.packageNameProperty());
        pkg.setPrefColumnCount(16);
        TextField cls = new TextField();
        cls.setId("code-class");
        cls.textProperty().bindBidirectional(model.classNameProperty());
        cls.setPrefColumnCount(14);
        model.packageProblemProperty().addListener((obs, old, now) -> flag(pkg, now));
        model.classProblemProperty().addListener((obs, old, now) -> flag(cls, now));
        flag(pkg, model.packageProblemProperty().get());
        flag(cls, model.classProblemProperty().get());

        Button copy = new Button("Copy");
        copy.setId("code-copy");
        copy.disableProperty().bind(model.hasCodeProperty().not());
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(model.codeProperty().get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        Button save = new Button("Save As\u2026");
        save.setId("code-save");
        save.disableProperty().bind(model.hasCodeProperty().not());
        save.setOnAction(e -> saveAs.save(model.suggestedFileName(), model.codeProperty().get()));

        Label pkgLabel = new Label("Package");
        Label clsLabel = new Label("Class");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, pkgLabel, pkg, clsLabel, cls, gap, copy, save);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("code-toolbar");
        Label tip = new Label();
        tip.getStyleClass().add("field-problem");
        tip.textProperty().bind(Bindings.createStringBinding(() -> !model.classProblemProperty().get().isEmpty()
                        ? model.classProblemProperty().get() : model.packageProblemProperty().get(),
                model.classProblemProperty(), model.packageProblemProperty()));
        tip.visibleProperty().bind(tip.textProperty().isNotEmpty());
        tip.managedProperty().bind(tip.visibleProperty());
        VBox top = new VBox(bar, tip);
        top.getStyleClass().add("code-top");
        return top;
    }

    private static void flag(TextField field, String problem) {
        field.pseudoClassStateChanged(Styles.STATE_DANGER, problem != null && !problem.isEmpty());
    }
}
