package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.PaletteViewModel;
import io.layerloom.model.layer.LayerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * The layer palette: a search field over the kinds, grouped by family. An entry is dragged onto
 * the canvas, or double-clicked (Enter) to add it after the selected node.
 */
public final class PaletteView extends VBox {

    public static final String STYLE_CLASS = "palette-view";
    private static final PseudoClass FOCUSED_ENTRY = PseudoClass.getPseudoClass("current");

    private final PaletteViewModel model;
    private final TextField search = new TextField();
    private final VBox sections = new VBox();
    private final Label empty = new Label();
    private final List<HBox> entries = new ArrayList<>();

    public PaletteView(PaletteViewModel model) {
        this.model = model;
        getStyleClass().add(STYLE_CLASS);
        getStylesheets().add(PanelStyles.url());
        setId("palette");

        search.setId("palette-search");
        search.setPromptText("Search layers");
        search.getStyleClass().add("palette-search");
        search.textProperty().bindBidirectional(model.filterProperty());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN && !entries.isEmpty()) {
                entries.get(0).requestFocus();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && !entries.isEmpty()) {
                add(kindOf(entries.get(0))); // the first match, so typing a name and Enter adds it
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                search.clear();
                e.consume();
            }
        });

        Label title = new Label("Layers");
        title.getStyleClass().add("panel-title");

        empty.setId("palette-empty");
        empty.getStyleClass().add("panel-placeholder");
        empty.setWrapText(true);
        empty.textProperty().bind(model.emptyMessageProperty());
        empty.visibleProperty().bind(model.emptyMessageProperty().isNotEmpty());
        empty.managedProperty().bind(empty.visibleProperty());

        sections.getStyleClass().add("palette-sections");
        VBox content = new VBox(sections, empty);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("palette-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        VBox top = new VBox(6, title, search);
        top.getStyleClass().add("palette-top");
        getChildren().setAll(top, scroll);
        setMinWidth(170);
        setPrefWidth(220);

        model.groups().addListener((ListChangeListener<PaletteViewModel.Group>) c -> rebuild());
        rebuild();
    }

    public PaletteViewModel model() {
        return model;
    }

    private void rebuild() {
        List<Node> out = new ArrayList<>();
        entries.clear();
        for (PaletteViewModel.Group g : model.groups()) {
            Label header = new Label(g.title().toUpperCase(java.util.Locale.ROOT));
            header.getStyleClass().add("palette-section");
            out.add(header);
            for (LayerKind<?> k : g.kinds()) {
                HBox entry = entry(k);
                entries.add(entry);
                out.add(entry);
            }
        }
        sections.getChildren().setAll(out);
    }

    private HBox entry(LayerKind<?> kind) {
        Label name = new Label(kind.name());
        name.getStyleClass().add("palette-name");
        HBox entry = new HBox(8, new KindIconView(kind.name(), 20), name);
        entry.setAlignment(Pos.CENTER_LEFT);
        entry.setId("palette-" + kind.name());
        entry.getStyleClass().add("palette-entry");
        entry.setUserData(kind.name());
        entry.setFocusTraversable(true);
        Tooltip tip = new Tooltip(kind.name() + "\n" + kind.summary());
        tip.setWrapText(true);
        tip.setMaxWidth(320);
        tip.setShowDelay(Duration.millis(400));
        Tooltip.install(entry, tip);
        entry.focusedProperty().addListener((obs, was, is) -> entry.pseudoClassStateChanged(FOCUSED_ENTRY, is));

        entry.setOnMouseClicked(e -> {
            entry.requestFocus();
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                add(kind.name());
            }
        });
        entry.setOnKeyPressed(e -> {
            int i = entries.indexOf(entry);
            switch (e.getCode()) {
                case ENTER, SPACE -> add(kind.name());
                case DOWN -> focusEntry(i + 1);
                case UP -> {
                    if (i == 0) {
                        search.requestFocus();
                    } else {
                        focusEntry(i - 1);
                    }
                }
                default -> {
                    return;
                }
            }
            e.consume();
        });
        entry.setOnDragDetected(e -> {
            Dragboard board = entry.startDragAndDrop(TransferMode.COPY);
            board.setContent(Map.<DataFormat, Object>of(DesignerFormats.LAYER_KIND, kind.name(),
                    DataFormat.PLAIN_TEXT, kind.name()));
            SnapshotParameters params = new SnapshotParameters();
            params.setFill(Color.TRANSPARENT);
            board.setDragView(entry.snapshot(params, null), e.getX(), e.getY());
            e.consume();
        });
        entry.setOnDragDone(e -> {
            if (e.getTransferMode() != null) {
                model.layerAdded();
            }
        });
        return entry;
    }

    private void focusEntry(int i) {
        if (i >= 0 && i < entries.size()) {
            entries.get(i).requestFocus();
        }
    }

    private void add(String kind) {
        model.add(kind);
    }

    private static String kindOf(Node entry) {
        return (String) entry.getUserData();
    }

    /** Puts the cursor in the search field, its text selected (View > Find Layer, Ctrl+F). */
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }
}
