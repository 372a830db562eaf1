package io.layerloom.app.designer.view;

import atlantafx.base.theme.Styles;
import io.layerloom.app.designer.viewmodel.AdvisorViewModel;
import io.layerloom.model.advice.AdviceText;
import io.layerloom.model.advice.LayerShare;
import io.layerloom.model.advice.Suggestion;
import io.layerloom.model.report.Formats;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The Advisor tab: on the left the suggestions, largest saving first, each with the parameters and
 * MACs it saves and an Apply button (one undoable edit); on the right each
 * layer's share of the parameters, MACs and, after Run > Profile, time. Choosing a suggestion
 * shows its layer on the canvas and the totals before and after it here and in the Summary.
 */
public final class AdvisorView extends BorderPane {

    public static final String STYLE_CLASS = "advisor-view";

    private final AdvisorViewModel model;
    private final TableView<Suggestion> suggestions = new TableView<>();
    private final TableView<LayerShare> layers = new TableView<>();

    public AdvisorView(AdvisorViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
        getStyleClass().add(STYLE_CLASS);
        getStylesheets().addAll(PanelStyles.url(), Objects.requireNonNull(
                AdvisorView.class.getResource("/io/layerloom/app/designer/advisor.css"), "advisor.css").toExternalForm());

        suggestions.setId("advisor-suggestions");
        suggestions.getStyleClass().addAll("panel-table", Styles.STRIPED);
        suggestions.setItems(model.suggestions());
        suggestions.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        suggestions.setPlaceholder(placeholder("No suggestion: " + "the list fills while this tab is open."));
        suggestions.getColumns().add(applyColumn());
        suggestions.getColumns().add(column("Suggestion", s -> s.id() + " (" + s.idea().source() + ")", 220, false));
        // The savings; the totals before and after the chosen one are on the line below and in the Summary.
        TableColumn<Suggestion, String> params = column("Params saved", s -> "\u2212" + Formats.si(s.savedParams())
                + " (" + AdviceText.minus(s.paramFraction()) + ")", 150, true);
        TableColumn<Suggestion, String> macs = column("MACs saved", s -> "\u2212" + Formats.si(s.savedMacs())
                + " (" + AdviceText.minus(s.macFraction()) + ")", 150, true);
        params.getStyleClass().add("advisor-saving");
        macs.getStyleClass().add("advisor-saving");
        suggestions.getColumns().add(params);
        suggestions.getColumns().add(macs);
        // The whole change on hover: "conv4_2: 3x3 Conv2D on 512 channels -> depthwise 3x3 + pointwise 1x1".
        suggestions.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(Suggestion item, boolean empty) {
                super.updateItem(item, empty);
                setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(item.title() + "\n"
                        + item.idea().explanation()));
            }
        });
        suggestions.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
            if (is != model.selectedProperty().get()) {
                model.select(is);
                model.reveal(is);
            }
        });
        model.selectedProperty().addListener((o, was, is) -> {
            if (is == null) {
                suggestions.getSelectionModel().clearSelection();
            } else if (suggestions.getSelectionModel().getSelectedItem() != is) {
                suggestions.getSelectionModel().select(is);
            }
        });

        layers.setId("advisor-layers");
        layers.getStyleClass().addAll("panel-table", Styles.STRIPED);
        layers.setItems(model.layers());
        layers.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        layers.setPlaceholder(placeholder(""));
        layers.getColumns().add(column("Layer (kind)", l -> l.id() + " (" + l.kind() + ")", 130, false));
        layers.getColumns().add(column("Params", l -> AdviceText.percent(l.paramShare()), 70, true));
        layers.getColumns().add(column("MACs", l -> AdviceText.percent(l.macShare()), 60, true));
        TableColumn<LayerShare, String> time = column("Time", l -> l.timeShare().isPresent()
                ? AdviceText.percent(l.timeShare().getAsDouble()) : "", 70, true);
        time.setId("advisor-time-column");
        layers.getColumns().add(time);
        time.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.layers().stream().anyMatch(l -> l.timeShare().isPresent()), model.layers()));

        SplitPane body = new SplitPane(suggestions, layers);
        body.setOrientation(Orientation.HORIZONTAL);
        body.setDividerPositions(0.675);
        setCenter(body);
        setTop(top());
        setBottom(bottom());
    }

    public AdvisorViewModel model() {
        return model;
    }

    private HBox top() {
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.runningProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        Label message = new Label();
        message.setId("advisor-message");
        message.textProperty().bind(model.messageProperty());
        // What the advisor leaves out and why (the channel shuffle), on hover.
        javafx.scene.control.Tooltip notes = new javafx.scene.control.Tooltip();
        notes.textProperty().bind(model.notesProperty());
        notes.setWrapText(true);
        notes.setMaxWidth(560);
        message.setTooltip(notes);
        Label applied = new Label();
        applied.setId("advisor-applied");
        applied.getStyleClass().add("advisor-applied");
        applied.textProperty().bind(model.appliedProperty());
        HBox top = new HBox(10, busy, message, applied);
        top.setAlignment(Pos.CENTER_LEFT);
        top.getStyleClass().add("advisor-top");
        return top;
    }

    private VBox bottom() {
        Label beforeAfter = new Label();
        beforeAfter.setId("advisor-before-after");
        beforeAfter.getStyleClass().add("advisor-before-after");
        beforeAfter.textProperty().bind(model.beforeAfterProperty());
        Label explanation = new Label();
        explanation.setId("advisor-explanation");
        explanation.getStyleClass().add("advisor-explanation");
        explanation.setWrapText(true);
        explanation.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.selectedProperty().get()
                == null ? "Choose a suggestion to see the network's parameters and MACs before and after it."
                : model.selectedProperty().get().title() + ". " + model.selectedProperty().get().idea().explanation(),
                model.selectedProperty()));
        VBox bottom = new VBox(3, beforeAfter, explanation);
        bottom.getStyleClass().add("advisor-bottom");
        return bottom;
    }

    private static Label placeholder(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-placeholder");
        return l;
    }

    /** An Apply button on each suggestion's row: one click, one undoable edit. */
    private TableColumn<Suggestion, Suggestion> applyColumn() {
        TableColumn<Suggestion, Suggestion> c = new TableColumn<>("");
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final Button apply = new Button("Apply");

            {
                apply.getStyleClass().addAll("advisor-apply", Styles.SMALL, Styles.ACCENT);
                apply.setOnAction(e -> model.apply(getItem()));
            }

            @Override
            protected void updateItem(Suggestion item, boolean empty) {
                super.updateItem(item, empty);
                setGraphic(empty || item == null ? null : apply);
                apply.setId(empty || item == null ? null : "advisor-apply-" + item.id().replaceAll("[^A-Za-z0-9_-]", "-"));
            }
        });
        c.setPrefWidth(80);
        c.setSortable(false);
        return c;
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value, double width, boolean numeric) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.getStyleClass().add(numeric ? "numeric-cell" : "text-cell");
        c.setPrefWidth(Math.max(width, 9.5 * title.length() + 28));
        c.setSortable(false);
        return c;
    }
}
