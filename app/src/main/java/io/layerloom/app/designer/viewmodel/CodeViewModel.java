package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.codegen.java.JavaNames;
import io.layerloom.codegen.java.JavaSourceGenerator;
import io.layerloom.model.graph.Graph;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Java source of the graph. Generation runs in the background, as a {@link LatestTask} (a big
 * graph takes tens of milliseconds), and only while the Code tab is {@link #activeProperty active}; a graph changed
 * while hidden is generated when the tab is shown again. A newer request supersedes one still
 * running, so a burst of edits shows only the last source.
 */
public final class CodeViewModel {

    /**
     * The seed written into the generated class when the graph has no training settings; with
     * them, their seed (as {@code layerloom codegen} and File > Export do).
     */
    public static final long SEED = io.layerloom.codegen.dl4j.Dl4jCompiler.DEFAULT_SEED;

    // Properties
    private final StringProperty packageName = new SimpleStringProperty(this, "packageName", "");
    private final StringProperty className = new SimpleStringProperty(this, "className", "");
    private final ReadOnlyStringWrapper packageProblem = new ReadOnlyStringWrapper(this, "packageProblem", "");
    private final ReadOnlyStringWrapper classProblem = new ReadOnlyStringWrapper(this, "classProblem", "");
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", false);
    private final ReadOnlyStringWrapper code = new ReadOnlyStringWrapper(this, "code", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final BooleanBinding hasCode = Bindings.isNotEmpty(code);

    private final DocumentViewModel document;
    private final LatestTask<Generated> generation;
    /** Whether the shown source (or message) is for the current graph and names. */
    private boolean stale = true;

    /** The source, or why there is none: what one generation hands back. */
    private record Generated(String source, String why) {
    }

    /** @param background generates the source (a worker thread; tests pass a direct or queued executor) */
    public CodeViewModel(DocumentViewModel document, BackgroundTasks tasks, Executor background) {
        this.document = Objects.requireNonNull(document, "document");
        this.generation = tasks.latest("Code generation", background);
        className.set(JavaNames.classNameFor(document.graph().name()));
        document.graphProperty().addListener((obs, old, now) -> {
            // The class name follows the graph's name until the user types one of their own.
            if (old != null && now != null && !old.name().equals(now.name())
                    && className.get().equals(JavaNames.classNameFor(old.name()))) {
                className.set(JavaNames.classNameFor(now.name()));
            }
            invalidate();
        });
        packageName.addListener((obs, old, now) -> invalidate());
        className.addListener((obs, old, now) -> invalidate());
        active.addListener((obs, old, now) -> {
            if (now && stale) {
                regenerate();
            }
        });
        validateNames();
    }

    // Commands

    /** Generates again now if the tab is showing; otherwise when it is shown. */
    public void invalidate() {
        stale = true;
        validateNames();
        if (active.get()) {
            regenerate();
        }
    }


    /** "LeNet5.java": the file name Java requires for the class. */
    public String suggestedFileName() {
        return (classProblem.get().isEmpty() ? className.get() : "Network") + ".java";
    }

    // Property accessors

    public StringProperty packageNameProperty() {
        return packageName;
    }

    public StringProperty classNameProperty() {
        return className;
    }

    /** Why the package name is unusable, or empty. */
    public ReadOnlyStringProperty packageProblemProperty() {
        return packageProblem.getReadOnlyProperty();
    }

    /** Why the class name is unusable, or empty. */
    public ReadOnlyStringProperty classProblemProperty() {
        return classProblem.getReadOnlyProperty();
    }

    /** Set while the Code tab is showing: generation happens only then. */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** The generated source, or empty when it cannot be generated (see {@link #messageProperty}). */
    public ReadOnlyStringProperty codeProperty() {
        return code.getReadOnlyProperty();
    }

    /** Why there is no source: the graph's errors or an unusable name; empty when there is source. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return generation.runningProperty();
    }

    /** Enablement of Copy and Save As. */
    public BooleanBinding hasCodeProperty() {
        return hasCode;
    }

    // Internals

    private void validateNames() {
        packageProblem.set(capitalised(JavaNames.packageNameProblem(packageName.get().strip())));
        classProblem.set(capitalised(JavaNames.classNameProblem(className.get().strip())));
    }

    private static String capitalised(Optional<String> problem) {
        return problem.map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1)).orElse("");
    }

    private void regenerate() {
        stale = false;
        if (!packageProblem.get().isEmpty() || !classProblem.get().isEmpty()) {
            generation.cancel(); // nothing running may overwrite the message
            code.set("");
            message.set(!classProblem.get().isEmpty() ? classProblem.get() : packageProblem.get());
            return;
        }
        Graph graph = document.graph();
        String pkg = packageName.get().strip();
        String cls = className.get().strip();
        generation.request(() -> generate(graph, pkg, cls), generated -> {
            code.set(generated.source());
            message.set(generated.why());
        });
    }

    private static Generated generate(Graph graph, String pkg, String cls) {
        try {
            return new Generated(JavaSourceGenerator.generate(graph, pkg, cls), "");
        } catch (JavaSourceGenerator.NotCompilable e) {
            return new Generated("", e.getMessage() + (e.problems().size() > 1 ? " See the Problems tab for all of them." : ""));
        } catch (RuntimeException e) {
            return new Generated("", "Java source could not be generated: " + e.getMessage());
        }
    }
}
