package io.layerloom.app.designer.view;

import atlantafx.base.theme.Styles;
import io.layerloom.app.designer.viewmodel.InspectorViewModel;
import io.layerloom.app.designer.viewmodel.InspectorViewModel.Fact;
import io.layerloom.app.designer.viewmodel.ParamFieldViewModel;
import io.layerloom.model.analysis.Diagnostic;
import io.layerloom.model.analysis.Severity;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The inspector: the selected node's name, inputs, parameters and analysis; the graph's name and
 * totals when nothing is selected; summed figures for a multiple selection. A typed value is
 * committed on Enter or when the field loses focus, as one undoable edit.
 */
public final class InspectorView extends ScrollPane {

    public static final String STYLE_CLASS = "inspector-view";

    private final InspectorViewModel model;
    private final VBox content = new VBox();
    private final VBox header = new VBox(4);
    private final VBox identity = new VBox(6);
    private final VBox parameters = new VBox(8);
    private final GridPane facts = new GridPane();
    private final VBox diagnostics = new VBox(8);
    private final VBox factsSection;
    private final VBox diagnosticsSection;
    private final VBox parametersSection;
    /** The name fields live as long as the view: rebuilding them on every selection would pile up bindings. */
    private final TextField nameField = new TextField();
    private final Label nameProblem = problemLabel("");
    private final TextField graphNameField = new TextField();
    /** Unticked freezes the layer: training leaves its parameters as they are. */
    private final javafx.scene.control.CheckBox trainable = new javafx.scene.control.CheckBox("Trainable");
    /** A selected collapsed block's name, type, output layer and commands. */
    private final BlockInspectorPane blockPane;

    public InspectorView(InspectorViewModel model) {
        this.model = model;
        getStyleClass().add(STYLE_CLASS);
        getStylesheets().add(PanelStyles.url());
        setId("inspector");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setMinWidth(220);
        setPrefWidth(300);

        facts.getStyleClass().add("inspector-facts");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        facts.getColumnConstraints().setAll(labels, values);
        facts.setHgap(10);
        facts.setVgap(4);

        parametersSection = section("Parameters", parameters);
        factsSection = section("Analysis", facts);
        diagnosticsSection = section("Problems", diagnostics);
        content.getStyleClass().add("inspector-content");
        content.getChildren().setAll(header, identity, parametersSection, factsSection, diagnosticsSection);
        setContent(content);

        nameField.setId("inspector-name");
        bindCommitted(nameField, model.nameTextProperty(), model::commitName, model::revertName, () -> {
            String node = model.nodeIdProperty().get();
            String typed = nameField.getText();
            return () -> model.rename(node, typed);
        });
        model.nameProblemProperty().addListener((obs, old, now) -> showProblem(nameField, nameProblem, now));
        showProblem(nameField, nameProblem, model.nameProblemProperty().get());
        trainable.setId("inspector-trainable");
        trainable.setTooltip(new javafx.scene.control.Tooltip("Untick to freeze this layer: training leaves its "
                + "parameters as they are (fine-tuning keeps a pretrained body)."));
        trainable.setSelected(model.trainableProperty().get());
        model.trainableProperty().addListener((obs, old, now) -> trainable.setSelected(now));
        trainable.setOnAction(e -> model.setTrainable(trainable.isSelected()));
        graphNameField.setId("inspector-graph-name");
        graphNameField.setPromptText("Untitled");
        bindCommitted(graphNameField, model.graphNameTextProperty(), () -> {
            model.commitGraphName();
            return true;
        }, model::revertGraphName, () -> model::commitGraphName);

        blockPane = new BlockInspectorPane(model.block());
        model.modeProperty().addListener((obs, old, now) -> rebuildTop());
        model.block().blockIdProperty().addListener((obs, old, now) -> rebuildTop());
        model.nodeIdProperty().addListener((obs, old, now) -> rebuildTop());
        model.headlineProperty().addListener((obs, old, now) -> rebuildTop());
        model.inputs().addListener((ListChangeListener<String>) c -> rebuildTop());
        model.fields().addListener((ListChangeListener<ParamFieldViewModel>) c -> rebuildFields());
        model.facts().addListener((ListChangeListener<Fact>) c -> rebuildFacts());
        model.diagnostics().addListener((ListChangeListener<Diagnostic>) c -> rebuildDiagnostics());
        rebuildTop();
        rebuildFields();
        rebuildFacts();
        rebuildDiagnostics();
    }

    public InspectorViewModel model() {
        return model;
    }

    // Header, name and inputs

    private void rebuildTop() {
        header.getStyleClass().setAll("inspector-header");
        identity.getStyleClass().setAll("inspector-identity");
        switch (model.modeProperty().get()) {
            case NODE -> {
                Label kind = new Label(model.kindNameProperty().get());
                kind.getStyleClass().add(Styles.TITLE_4);
                HBox title = new HBox(8, new KindIconView(model.kindNameProperty().get(), 24), kind);
                title.setAlignment(Pos.CENTER_LEFT);
                Label summary = new Label(model.kindSummaryProperty().get());
                summary.getStyleClass().addAll("inspector-summary", Styles.TEXT_MUTED);
                summary.setWrapText(true);
                header.getChildren().setAll(title, summary);

                identity.getChildren().setAll(fieldLabel("Name"), nameField, nameProblem, fieldLabel("Inputs"), inputs(), trainable);
            }
            case MANY -> {
                Label title = new Label(model.headlineProperty().get());
                title.setId("inspector-headline");
                title.getStyleClass().add(Styles.TITLE_4);
                Label hint = new Label("Select one layer to edit its parameters.");
                hint.getStyleClass().add(Styles.TEXT_MUTED);
                hint.setWrapText(true);
                header.getChildren().setAll(title, hint);
                identity.getChildren().clear();
            }
            case BLOCK -> {
                header.getChildren().setAll(blockPane.header());
                identity.getChildren().setAll(blockPane.identity());
            }
            case GRAPH -> {
                Label title = new Label("Graph");
                title.getStyleClass().add(Styles.TITLE_4);
                Label hint = new Label("Nothing selected. Click a layer on the canvas to inspect it.");
                hint.getStyleClass().add(Styles.TEXT_MUTED);
                hint.setWrapText(true);
                header.getChildren().setAll(title, hint);
                identity.getChildren().setAll(fieldLabel("Graph name"), graphNameField);
            }
        }
        boolean node = model.modeProperty().get() == InspectorViewModel.Mode.NODE;
        parametersSection.setVisible(node);
        parametersSection.setManaged(node);
    }

    private Node inputs() {
        if (model.inputs().isEmpty()) {
            Label none = new Label("none");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            return none;
        }
        FlowPane links = new FlowPane(4, 2);
        links.getStyleClass().add("inspector-inputs");
        for (String in : model.inputs()) {
            Hyperlink link = new Hyperlink(InspectorViewModel.display(in));
            link.setMnemonicParsing(false);
            link.setOnAction(e -> model.openInput(in));
            link.setTooltip(new Tooltip("Select " + in));
            links.getChildren().add(link);
        }
        return links;
    }

    // Parameters

    private void rebuildFields() {
        List<Node> rows = new ArrayList<>();
        for (ParamFieldViewModel f : model.fields()) {
            rows.add(fieldRow(f));
        }
        if (rows.isEmpty()) {
            Label none = new Label("This layer has no parameters.");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            rows.add(none);
        }
        parameters.getChildren().setAll(rows);
    }

    private Node fieldRow(ParamFieldViewModel f) {
        Label label = fieldLabel(f.name());
        Tooltip doc = new Tooltip(f.doc());
        doc.setWrapText(true);
        doc.setMaxWidth(320);
        label.setTooltip(doc);
        Node editor = switch (f.editor()) {
            case CHECK -> checkBox(f, doc);
            case CHOICE -> comboBox(f, doc);
            case NUMBER, TEXT -> textField(f, doc);
        };
        if (f.editor() == ParamFieldViewModel.Editor.CHECK) {
            return new VBox(2, editor);
        }
        Label problem = problemLabel(f.problemProperty().get());
        Label hint = new Label(f.prompt());
        hint.getStyleClass().add("field-hint");
        // The range is the hint until a refused value shows its problem in the same place.
        hint.visibleProperty().bind(problem.visibleProperty().not().and(hint.textProperty().isNotEmpty()));
        hint.managedProperty().bind(hint.visibleProperty());
        f.problemProperty().addListener((obs, old, now) -> {
            showProblem(editor, problem, now);
            showFinding(editor, f);
        });
        showProblem(editor, problem, f.problemProperty().get());
        f.findingProperty().addListener((obs, old, now) -> showFinding(editor, f));
        showFinding(editor, f);
        VBox row = new VBox(3, label, editor, problem, hint);
        row.getStyleClass().add("inspector-field");
        return row;
    }

    private Node textField(ParamFieldViewModel f, Tooltip doc) {
        TextField field = new TextField();
        field.setId("field-" + f.name());
        field.setPromptText(f.prompt());
        field.setTooltip(doc);
        if (f.editor() == ParamFieldViewModel.Editor.NUMBER) {
            field.getStyleClass().add("number-field");
        }
        bindCommitted(field, f.textProperty(), f::commit, f::revert, () -> f::commit);
        return field;
    }

    private Node checkBox(ParamFieldViewModel f, Tooltip doc) {
        CheckBox box = new CheckBox(f.name());
        box.setMnemonicParsing(false);
        box.setId("field-" + f.name());
        box.setTooltip(doc);
        box.setSelected(Boolean.parseBoolean(f.textProperty().get()));
        f.textProperty().addListener((obs, old, now) -> box.setSelected(Boolean.parseBoolean(now)));
        box.setOnAction(e -> f.choose(Boolean.toString(box.isSelected())));
        return box;
    }

    private Node comboBox(ParamFieldViewModel f, Tooltip doc) {
        ComboBox<String> box = new ComboBox<>();
        box.setId("field-" + f.name());
        box.setTooltip(doc);
        box.getItems().setAll(f.choices());
        box.setMaxWidth(Double.MAX_VALUE);
        box.setValue(f.textProperty().get());
        boolean[] updating = {false};
        f.textProperty().addListener((obs, old, now) -> {
            updating[0] = true;
            box.setValue(now);
            updating[0] = false;
        });
        box.valueProperty().addListener((obs, old, now) -> {
            if (!updating[0] && now != null && !now.equals(f.textProperty().get())) {
                f.choose(now);
            }
        });
        return box;
    }

    /**
     * Binds a text field to a typed text that is committed on Enter and on focus loss. Focus loss
     * commits on the next pulse: it can happen while the window rebuilds after an edit, and the
     * history refuses an edit from inside its own notification. {@code onBlur} captures what to
     * commit at the moment focus leaves, before the selection can move on.
     */
    static void bindCommitted(TextField field, StringProperty text, java.util.function.BooleanSupplier commit,
                                      Runnable revert, java.util.function.Supplier<Runnable> onBlur) {
        field.textProperty().bindBidirectional(text);
        field.setOnAction(e -> {
            if (commit.getAsBoolean()) {
                field.selectAll();
            }
        });
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                revert.run();
                e.consume();
            }
        });
        field.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                Platform.runLater(onBlur.get());
            }
        });
    }

    // Analysis and problems

    private void rebuildFacts() {
        facts.getChildren().clear();
        int row = 0;
        for (Fact f : model.facts()) {
            Label label = new Label(f.label());
            label.getStyleClass().add("fact-label");
            Label value = new Label(f.value());
            value.getStyleClass().add("fact-value");
            value.setId("fact-" + f.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            value.setWrapText(true);
            facts.addRow(row++, label, value);
        }
        factsSection.setVisible(row > 0);
        factsSection.setManaged(row > 0);
    }

    private void rebuildDiagnostics() {
        List<Node> cards = new ArrayList<>();
        for (Diagnostic d : model.diagnostics()) {
            cards.add(DiagnosticCard.of(d, () -> model.openDiagnostic(d)));
        }
        diagnostics.getChildren().setAll(cards);
        diagnosticsSection.setVisible(!cards.isEmpty());
        diagnosticsSection.setManaged(!cards.isEmpty());
    }

    // Pieces

    private static VBox section(String title, Node body) {
        Label label = new Label(title.toUpperCase(java.util.Locale.ROOT));
        label.getStyleClass().add("inspector-section-title");
        VBox box = new VBox(8, label, body);
        box.getStyleClass().add("inspector-section");
        return box;
    }

    private static Label fieldLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    private static Label problemLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-problem");
        l.setWrapText(true);
        return l;
    }

    /** Marks a field the analysis complains about; a refused value's own mark wins. */
    private static void showFinding(Node editor, ParamFieldViewModel f) {
        Severity s = f.findingProperty().get();
        boolean refused = !f.problemProperty().get().isEmpty();
        editor.pseudoClassStateChanged(Styles.STATE_DANGER, refused || s == Severity.ERROR);
        editor.pseudoClassStateChanged(Styles.STATE_WARNING, !refused && s == Severity.WARNING);
    }

    private static void showProblem(Node editor, Label problem, String text) {
        problem.setText(text);
        boolean has = text != null && !text.isEmpty();
        problem.setVisible(has);
        problem.setManaged(has);
        editor.pseudoClassStateChanged(Styles.STATE_DANGER, has);
    }
}
