package io.layerloom.app.designer.view;

import io.layerloom.app.data.augment.AugmentPreview;
import io.layerloom.app.designer.viewmodel.AugmentationViewModel;
import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentParam;
import io.layerloom.model.training.AugmentStep;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The Training tab's augmentation section: the steps in order (add, remove, move, and the
 * selected step's fields, each change one undoable edit) and the preview grid, which follows them.
 */
final class AugmentationView extends VBox {

    private final AugmentationViewModel vm;
    private static final javafx.css.PseudoClass SELECTED = javafx.css.PseudoClass.getPseudoClass("selected");

    private final VBox rows = new VBox(2);
    private final javafx.beans.property.BooleanProperty noSelection = new javafx.beans.property.SimpleBooleanProperty(true);
    private final FlowPane fields = new FlowPane(8, 4);
    private final ImageView preview = new ImageView();
    /** The preview at a size one can read, as a tab for the results beside the run (a click on the small one selects it). */
    private final javafx.scene.control.Tab largePreview;
    /** The selected step's index, -1 for none; kept (within the list) as edits replace the steps. */
    private int selected = -1;

    AugmentationView(AugmentationViewModel vm) {
        super(6);
        this.vm = vm;
        this.largePreview = AugmentationPreviewPane.tab(vm);
        setId("training-augmentation");
        Label title = new Label("Augmentation");
        title.getStyleClass().add("training-section-title");
        Label help = new Label("Applied in order to each training image, on background threads; saved with the graph.");
        help.getStyleClass().add("training-muted");
        help.setWrapText(true);

        rows.setId("augmentation-steps");
        vm.steps().addListener((ListChangeListener<AugmentStep>) c -> select(Math.min(selected, vm.steps().size() - 1)));

        MenuButton add = new MenuButton("Add");
        add.setId("augmentation-add");
        for (AugmentOp op : vm.ops()) {
            MenuItem item = new MenuItem(op.jsonName());
            item.setId("augmentation-add-" + op.jsonName());
            item.setOnAction(e -> {
                vm.add(op);
                select(vm.steps().size() - 1);
            });
            add.getItems().add(item);
        }
        Button remove = new Button("Remove");
        remove.setId("augmentation-remove");
        remove.setOnAction(e -> vm.remove(selected));
        Button up = new Button("\u2191");
        up.setId("augmentation-up");
        up.setTooltip(new Tooltip("Move the step up: steps apply in order"));
        up.setOnAction(e -> moveSelected(-1));
        Button down = new Button("\u2193");
        down.setId("augmentation-down");
        down.setTooltip(new Tooltip("Move the step down"));
        down.setOnAction(e -> moveSelected(1));
        for (javafx.scene.control.Control c : List.of(add, remove, up, down)) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        remove.disableProperty().bind(noSelection);
        up.disableProperty().bind(remove.disableProperty());
        down.disableProperty().bind(remove.disableProperty());
        HBox buttons = new HBox(6, add, remove, up, down);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label error = new Label();
        error.setId("augmentation-error");
        error.getStyleClass().add("training-field-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        preview.setId("augmentation-preview");
        preview.setPreserveRatio(true);
        // drawn large for the Augmentation tab: scaled down here, smoothly
        preview.setSmooth(true);
        preview.setCursor(javafx.scene.Cursor.HAND);
        Tooltip.install(preview, new Tooltip("Click to see the preview large (the Augmentation tab)"));
        preview.setOnMouseClicked(e -> {
            if (largePreview.getTabPane() != null) {
                largePreview.getTabPane().getSelectionModel().select(largePreview);
            }
        });
        widthProperty().addListener((o, was, is) -> fit());
        vm.previewProperty().addListener((o, was, is) -> show(is));
        show(vm.previewProperty().get());
        Label note = new Label();
        note.setId("augmentation-note");
        note.getStyleClass().add("training-muted");
        note.setWrapText(true);
        note.textProperty().bind(vm.noteProperty());

        getChildren().addAll(title, help, rows, buttons, fields, error, preview, note);
        select(-1);
    }

    /** The Augmentation tab: the preview large, following the same steps (put beside the run's dashboard). */
    javafx.scene.control.Tab largePreview() {
        return largePreview;
    }

    private void moveSelected(int by) {
        int i = selected;
        vm.move(i, by);
        select(Math.max(0, Math.min(vm.steps().size() - 1, i + by)));
    }

    /** Selects step {@code index} (-1: none) and shows the steps and the selected one's fields. */
    void select(int index) {
        selected = index;
        noSelection.set(index < 0);
        rows.getChildren().clear();
        for (int i = 0; i < vm.steps().size(); i++) {
            int at = i;
            Label row = new Label((i + 1) + ". " + vm.steps().get(i).describe());
            row.setId("augmentation-step-" + i);
            row.getStyleClass().add("augmentation-step");
            row.setMaxWidth(Double.MAX_VALUE);
            row.setWrapText(true);
            row.pseudoClassStateChanged(SELECTED, i == index);
            row.setOnMouseClicked(e -> select(at));
            rows.getChildren().add(row);
        }
        if (vm.steps().isEmpty()) {
            Label none = new Label("No steps: training sees the images as they are.");
            none.getStyleClass().add("training-muted");
            rows.getChildren().add(none);
        }
        showFields();
    }

    /** The selected step's fields: a box for a true/false field, a text field (Enter or leaving it commits) for a number. */
    private void showFields() {
        fields.getChildren().clear();
        int index = selected;
        if (index < 0 || index >= vm.steps().size()) {
            return;
        }
        AugmentStep step = vm.steps().get(index);
        for (AugmentParam p : step.op().params()) {
            Tooltip tip = new Tooltip(p.doc() + "; " + p.range() + " (default " + AugmentParam.text(p.defaultValue()) + ").");
            if (p.type() == AugmentParam.Type.BOOL) {
                CheckBox box = new CheckBox(p.name());
                box.setId("augmentation-field-" + p.name());
                box.setSelected(step.flag(p.name()));
                box.setTooltip(tip);
                box.setOnAction(e -> {
                    if (!vm.setFlag(index, p.name(), box.isSelected())) {
                        box.setSelected(!box.isSelected());
                    }
                });
                fields.getChildren().add(box);
                continue;
            }
            TextField text = new TextField(AugmentationViewModel.text(step, p));
            text.setId("augmentation-field-" + p.name());
            text.setPrefColumnCount(4);
            text.setTooltip(tip);
            Runnable commit = () -> {
                if (!text.getText().trim().equals(AugmentationViewModel.text(step, p))) {
                    vm.set(index, p.name(), text.getText());
                }
            };
            text.setOnAction(e -> commit.run());
            text.focusedProperty().addListener((o, was, is) -> {
                if (!is) {
                    commit.run();
                }
            });
            text.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ESCAPE) {
                    text.setText(AugmentationViewModel.text(step, p));
                    vm.clearError();
                }
            });
            Label name = new Label(p.name());
            name.setLabelFor(text);
            HBox field = new HBox(4, name, text);
            field.setAlignment(Pos.CENTER_LEFT);
            fields.getChildren().add(field);
        }
    }

    private void show(AugmentPreview.Grid grid) {
        if (grid == null) {
            preview.setImage(null);
            preview.setManaged(false);
            return;
        }
        WritableImage image = new WritableImage(grid.width(), grid.height());
        image.getPixelWriter().setPixels(0, 0, grid.width(), grid.height(), PixelFormat.getIntArgbInstance(), grid.argb(), 0,
                grid.width());
        preview.setImage(image);
        preview.setManaged(true);
        fit();
    }

    private void fit() {
        if (preview.getImage() != null) {
            preview.setFitWidth(Math.min(preview.getImage().getWidth(), Math.max(120, getWidth())));
        }
    }
}
