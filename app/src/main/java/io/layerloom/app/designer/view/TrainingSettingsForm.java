package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.TrainingSettingsViewModel;
import io.layerloom.app.designer.viewmodel.TrainingSettingsViewModel.Field;
import io.layerloom.model.training.TrainingSettings;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.MapChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.geometry.Pos;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The hyperparameter form. A text field commits on Enter or when it loses focus (one undoable
 * edit), Escape puts the graph's value back; a refused value stays, marked, with the rule below it.
 */
final class TrainingSettingsForm extends VBox {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    private static final double LABEL_WIDTH = 148;

    private final TrainingSettingsViewModel form;

    TrainingSettingsForm(TrainingSettingsViewModel form) {
        this.form = form;
        getStyleClass().add("training-form");
        setSpacing(6);

        add("Optimizer", choice("training-optimizer", TrainingSettings.Optimizer.values(), form.optimizerProperty()), null,
                "SGD, SGD with Nesterov momentum, Adam, AdamW (Adam with decoupled weight decay), RMSProp or AdaGrad.");
        text(Field.LEARNING_RATE, null, "The step size at the start (before any schedule).");
        add("Schedule", choice("training-schedule", TrainingSettings.Policy.values(), form.scheduleProperty()), null,
                "fixed; step: times the decay factor every few epochs; exponential: times the factor each epoch;"
                        + " cosine: down to 0 at the end.");
        text(Field.STEP_EVERY, form.showsStepEvery(), "Epochs between two steps of the step schedule.");
        text(Field.DECAY, form.showsDecay(), "The factor the rate is multiplied by at each step.");
        text(Field.WARMUP_EPOCHS, null, "Epoch e of w trains at (e + 1) / (w + 1) of its rate; 0 for no warm-up.");
        text(Field.BATCH_SIZE, null, "Examples per iteration.");
        text(Field.EPOCHS, null, "Passes over the training data.");
        text(Field.L2, null, "L2 penalty on the weights, added to the loss; 0 for none.");
        text(Field.WEIGHT_DECAY, null, "Decoupled weight decay (as AdamW's); 0 for none.");
        add("Weight init", choice("training-init", TrainingSettings.Init.values(), form.weightInitProperty()), null,
                "xavier (Glorot), relu (He) or lecun.");
        text(Field.GRADIENT_CLIP, null, "Clip each layer's gradient to this L2 norm; 0 for off.");
        text(Field.SWITCH_TO_SGD, null, "Train with the chosen optimizer, then plain SGD from this epoch on; 0 for never.");
        text(Field.SEED, null, "Seed of the initial weights, the shuffling and the data split: the same seed, the same run.");
        text(Field.PATIENCE, null, "Early stopping: stop after this many epochs without a lower validation loss and keep "
                + "the best epoch's weights; 0 for off.");

        Label choiceError = new Label();
        choiceError.getStyleClass().add("training-field-error");
        choiceError.textProperty().bind(form.choiceErrorProperty());
        choiceError.visibleProperty().bind(form.choiceErrorProperty().isNotEmpty());
        choiceError.managedProperty().bind(choiceError.visibleProperty());
        choiceError.setWrapText(true);
        getChildren().add(choiceError);
    }

    private void text(Field field, ObservableBooleanValue shown, String help) {
        TextField text = new TextField();
        text.setId("training-" + field.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        text.setPrefColumnCount(8);
        text.textProperty().bindBidirectional(form.text(field));
        text.setOnAction(e -> form.commit(field));
        text.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                form.commit(field);
            }
        });
        text.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                form.revert(field);
            }
        });
        Label error = new Label();
        error.getStyleClass().add("training-field-error");
        error.setWrapText(true);
        error.setPadding(new javafx.geometry.Insets(0, 0, 0, LABEL_WIDTH + 8));
        Runnable showError = () -> {
            String why = form.errors().get(field);
            error.setText(why == null ? "" : why);
            text.pseudoClassStateChanged(ERROR, why != null);
            error.setVisible(why != null);
            error.setManaged(why != null);
        };
        form.errors().addListener((MapChangeListener<Field, String>) c -> showError.run());
        showError.run();
        add(field.label(), text, shown, help, error);
    }

    /** One row: the label, the control, and under them the field's error (if any). */
    private void add(String label, Node control, ObservableBooleanValue shown, String help, Node... below) {
        Label name = new Label(label);
        name.setLabelFor(control);
        name.getStyleClass().add("training-field-label");
        name.setMinWidth(LABEL_WIDTH);
        name.setPrefWidth(LABEL_WIDTH);
        Tooltip tip = new Tooltip(help);
        tip.setWrapText(true);
        tip.setMaxWidth(360);
        name.setTooltip(tip);
        if (control instanceof javafx.scene.control.Control c) {
            c.setTooltip(tip);
            c.setMaxWidth(Double.MAX_VALUE);
        }
        HBox line = new HBox(8, name, control);
        line.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(control, Priority.ALWAYS);
        VBox row = new VBox(2, line);
        row.getChildren().addAll(below);
        if (shown != null) {
            row.visibleProperty().bind(Bindings.createBooleanBinding(shown::get, shown));
            row.managedProperty().bind(row.visibleProperty());
        }
        getChildren().add(row);
    }

    private static <E extends Enum<E>> ComboBox<E> choice(String id, E[] values, javafx.beans.property.ObjectProperty<E> value) {
        ComboBox<E> box = new ComboBox<>();
        box.setId(id);
        box.getItems().setAll(values);
        box.valueProperty().bindBidirectional(value);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(E e) {
                return e == null ? "" : display(e);
            }

            @Override
            public E fromString(String s) {
                return null;
            }
        });
        return box;
    }

    /** "Adam", "AdamW", "Nesterov", "Xavier", "ReLU (He)": names as people write them. */
    static String display(Enum<?> e) {
        return switch (e.name()) {
            case "SGD" -> "SGD";
            case "NESTEROV" -> "SGD + Nesterov";
            case "ADAMW" -> "AdamW";
            case "RMSPROP" -> "RMSProp";
            case "ADAGRAD" -> "AdaGrad";
            case "RELU" -> "ReLU (He)";
            case "LECUN" -> "LeCun";
            case "XAVIER" -> "Xavier (Glorot)";
            default -> e.name().charAt(0) + e.name().substring(1).toLowerCase(Locale.ROOT);
        };
    }
}
