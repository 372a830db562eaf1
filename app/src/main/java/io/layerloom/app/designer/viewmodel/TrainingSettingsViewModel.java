package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import io.layerloom.model.training.TrainingSettings.Init;
import io.layerloom.model.training.TrainingSettings.Optimizer;
import io.layerloom.model.training.TrainingSettings.Policy;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * The hyperparameter form, bound to the graph's {@code training} object: every committed change
 * is one {@link Edit.SetTraining} (undoable, saved with the file). A value that breaks a rule is
 * not applied; the field keeps the user's text and shows why.
 */
public final class TrainingSettingsViewModel {

    /** The form's text fields, with the label used in messages and the settings' own name for the value. */
    public enum Field {
        LEARNING_RATE("Learning rate", "learningRate", "a number greater than 0, e.g. 0.001"),
        STEP_EVERY("Step every", "stepEvery", "a whole number of epochs, e.g. 2"),
        DECAY("Decay factor", "decay", "a number in (0, 1], e.g. 0.5"),
        WARMUP_EPOCHS("Warm-up epochs", "warmupEpochs", "a whole number of epochs, 0 for none"),
        BATCH_SIZE("Batch size", "batchSize", "a whole number, e.g. 64"),
        EPOCHS("Epochs", "epochs", "a whole number, e.g. 10"),
        L2("L2", "l2", "a number, 0 for none, e.g. 0.0001"),
        WEIGHT_DECAY("Weight decay", "weightDecay", "a number, 0 for none, e.g. 0.01"),
        GRADIENT_CLIP("Gradient clipping", "gradientClip", "an L2 norm, 0 for off, e.g. 1.0"),
        SWITCH_TO_SGD("SGD from epoch", "switchToSgdAtEpoch", "an epoch number, 0 for never"),
        SEED("Seed", "seed", "a whole number"),
        PATIENCE("Patience", "patience", "epochs without a lower validation loss, 0 for off");

        private final String label;
        private final String jsonName;
        private final String expected;

        Field(String label, String jsonName, String expected) {
            this.label = label;
            this.jsonName = jsonName;
            this.expected = expected;
        }

        public String label() {
            return label;
        }
    }

    // Properties
    private final ReadOnlyObjectWrapper<TrainingSettings> settings = new ReadOnlyObjectWrapper<>(this, "settings");
    private final ObjectProperty<Optimizer> optimizer = new SimpleObjectProperty<>(this, "optimizer");
    private final ObjectProperty<Policy> schedule = new SimpleObjectProperty<>(this, "schedule");
    private final ObjectProperty<Init> weightInit = new SimpleObjectProperty<>(this, "weightInit");
    private final Map<Field, StringProperty> texts = new EnumMap<>(Field.class);
    private final ReadOnlyStringWrapper choiceError = new ReadOnlyStringWrapper(this, "choiceError", "");
    private final ObservableMap<Field, String> errors = FXCollections.observableMap(new EnumMap<>(Field.class));

    private final DocumentViewModel document;
    /** True while the form follows the graph, so that following is not mistaken for the user's edit. */
    private boolean following;

    public TrainingSettingsViewModel(DocumentViewModel document) {
        this.document = document;
        for (Field f : Field.values()) {
            texts.put(f, new SimpleStringProperty(this, f.jsonName, ""));
        }
        document.graphProperty().addListener((o, was, is) -> follow(is));
        follow(document.graph());
        optimizer.addListener((o, was, is) -> chose(is == Optimizer.ADAMW && current().weightDecay() == 0
                ? s -> with(with(s, Field.WEIGHT_DECAY, 0.01), is) : s -> with(s, is)));
        schedule.addListener((o, was, is) -> chose(s -> s.withSchedule(is, s.stepEvery(), s.decay(), s.warmupEpochs())));
        weightInit.addListener((o, was, is) -> chose(s -> s.withWeightInit(is)));
    }

    // Commands

    /** Applies the text of {@code field}; false (and an error shown) when it is not a valid value. */
    public boolean commit(Field field) {
        String text = texts.get(field).get().trim();
        Number value;
        try {
            value = field == Field.SEED ? Long.valueOf(text) : isWhole(field) ? (Number) Integer.valueOf(text)
                    : (Number) Double.valueOf(text);
        } catch (NumberFormatException e) {
            errors.put(field, field.label + ": enter " + field.expected + ".");
            return false;
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            errors.put(field, field.label + ": enter " + field.expected + ".");
            return false;
        }
        try {
            TrainingSettings next = with(current(), field, value);
            errors.remove(field);
            apply(next);
            return true;
        } catch (IllegalArgumentException e) {
            errors.put(field, readable(e.getMessage()));
            return false;
        }
    }

    /** Sets the learning rate (a failure's fix) as one undoable edit of the graph's training settings. */
    public void setLearningRate(double rate) {
        errors.remove(Field.LEARNING_RATE);
        apply(with(current(), Field.LEARNING_RATE, rate));
    }

    /** Puts the graph's value back into a field the user left with a bad value (Escape). */
    /** Sets how the data's images are fitted to the Input (the file's "fit"; empty: they must match): one undoable edit. */
    public void setFit(Optional<io.layerloom.model.training.DataPreparation.Fit> fit) {
        apply(current().withPreparation(current().preparation().withFit(fit)));
    }

    public void revert(Field field) {
        errors.remove(field);
        texts.get(field).set(format(field, current()));
    }

    // Property accessors

    public TrainingSettings current() {
        return settings.get();
    }

    public ReadOnlyObjectProperty<TrainingSettings> settingsProperty() {
        return settings.getReadOnlyProperty();
    }

    public StringProperty text(Field field) {
        return texts.get(field);
    }

    /** Field -> why its text was refused; empty when every field is valid. */
    public ObservableMap<Field, String> errors() {
        return errors;
    }

    /** Why the last optimizer, policy or initialisation choice was refused; empty when it was applied. */
    public ReadOnlyStringProperty choiceErrorProperty() {
        return choiceError.getReadOnlyProperty();
    }

    public ObjectProperty<Optimizer> optimizerProperty() {
        return optimizer;
    }

    public ObjectProperty<Policy> scheduleProperty() {
        return schedule;
    }

    public ObjectProperty<Init> weightInitProperty() {
        return weightInit;
    }

    /** Step every: only the step policy has it. */
    public BooleanBinding showsStepEvery() {
        return schedule.isEqualTo(Policy.STEP);
    }

    /** Decay factor: step and exponential policies. */
    public BooleanBinding showsDecay() {
        return Bindings.createBooleanBinding(() -> schedule.get() == Policy.STEP || schedule.get() == Policy.EXPONENTIAL,
                schedule);
    }

    /** Whether some field holds a refused value. */
    public BooleanBinding hasErrors() {
        return Bindings.isNotEmpty(errors);
    }

    // Internals

    private void chose(java.util.function.UnaryOperator<TrainingSettings> change) {
        if (following) {
            return;
        }
        choiceError.set("");
        try {
            apply(change.apply(current()));
        } catch (IllegalArgumentException e) {
            // a choice the other values do not allow: put the graph's value back and say why
            follow(document.graph());
            choiceError.set(readable(e.getMessage()));
            return;
        }
    }

    private void apply(TrainingSettings next) {
        if (!next.equals(current())) {
            document.apply(new Edit.SetTraining(Optional.of(next)));
        }
        // the graph may not change (same value): still show the normalised text
        for (Field f : Field.values()) {
            if (!errors.containsKey(f)) {
                texts.get(f).set(format(f, current()));
            }
        }
    }

    private void follow(Graph g) {
        TrainingSettings s = g.training().orElse(TrainingSettings.defaults());
        boolean changed = !s.equals(settings.get());
        following = true;
        try {
            settings.set(s);
            optimizer.set(s.optimizer());
            schedule.set(s.schedule());
            weightInit.set(s.weightInit());
            if (changed) {
                errors.clear();
            }
            for (Field f : Field.values()) {
                if (!errors.containsKey(f)) {
                    texts.get(f).set(format(f, s));
                }
            }
        } finally {
            following = false;
        }
    }

    private static boolean isWhole(Field f) {
        return f == Field.STEP_EVERY || f == Field.WARMUP_EPOCHS || f == Field.BATCH_SIZE || f == Field.EPOCHS
                || f == Field.SWITCH_TO_SGD || f == Field.SEED || f == Field.PATIENCE;
    }

    /** The field's value as the form shows it: plain numbers, no trailing ".0" on round rates. */
    static String format(Field f, TrainingSettings s) {
        return switch (f) {
            case LEARNING_RATE -> number(s.learningRate());
            case STEP_EVERY -> Integer.toString(s.stepEvery());
            case DECAY -> number(s.decay());
            case WARMUP_EPOCHS -> Integer.toString(s.warmupEpochs());
            case BATCH_SIZE -> Integer.toString(s.batchSize());
            case EPOCHS -> Integer.toString(s.epochs());
            case L2 -> number(s.l2());
            case WEIGHT_DECAY -> number(s.weightDecay());
            case GRADIENT_CLIP -> number(s.gradientClip());
            case SWITCH_TO_SGD -> Integer.toString(s.switchToSgdAtEpoch());
            case SEED -> Long.toString(s.seed());
            case PATIENCE -> Integer.toString(s.patience());
        };
    }

    static String number(double d) {
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /** The settings with one field replaced; the record's own checks throw for a broken rule. */
    static TrainingSettings with(TrainingSettings s, Field f, Number v) {
        return new TrainingSettings(s.optimizer(),
                f == Field.LEARNING_RATE ? v.doubleValue() : s.learningRate(), s.schedule(),
                f == Field.STEP_EVERY ? v.intValue() : s.stepEvery(),
                f == Field.DECAY ? v.doubleValue() : s.decay(),
                f == Field.WARMUP_EPOCHS ? v.intValue() : s.warmupEpochs(),
                f == Field.BATCH_SIZE ? v.intValue() : s.batchSize(),
                f == Field.EPOCHS ? v.intValue() : s.epochs(),
                f == Field.L2 ? v.doubleValue() : s.l2(),
                f == Field.WEIGHT_DECAY ? v.doubleValue() : s.weightDecay(), s.weightInit(),
                f == Field.GRADIENT_CLIP ? v.doubleValue() : s.gradientClip(),
                f == Field.SWITCH_TO_SGD ? v.intValue() : s.switchToSgdAtEpoch(),
                f == Field.SEED ? v.longValue() : s.seed(), f == Field.PATIENCE ? v.intValue() : s.patience(), s.preparation(),
                s.augmentation());
    }

    private static TrainingSettings with(TrainingSettings s, Optimizer o) {
        return new TrainingSettings(o, s.learningRate(), s.schedule(), s.stepEvery(), s.decay(), s.warmupEpochs(),
                s.batchSize(), s.epochs(), s.l2(), s.weightDecay(), s.weightInit(), s.gradientClip(), s.switchToSgdAtEpoch(),
                s.seed(), s.patience(), s.preparation(),
                s.augmentation());
    }

    /** The record's message in the form's words: "Warm-up epochs must be at least 0 and less than epochs (3), got 3." */
    static String readable(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z0-9]+").matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group();
            String replacement = word.equals("adamw") ? "AdamW" : word;
            for (Field f : Field.values()) {
                if (f.jsonName.equals(word)) {
                    replacement = m.start() == 0 || f.label.length() > 1 && Character.isUpperCase(f.label.charAt(1))
                            ? f.label : f.label.substring(0, 1).toLowerCase(Locale.ROOT) + f.label.substring(1);
                }
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
