package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.task.LatestTask;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Help > About: LayerLoom's version and the DL4J run time's compatibility report (the DL4J and
 * ND4J versions, the native build, which fast paths are on), the same text as
 * {@code layerloom --version}. The report loads ND4J, which takes seconds the first time, so it
 * is computed in the background each time the window is opened and shown when it arrives.
 */
public final class AboutViewModel {

    static final String CHECKING = "Checking the DL4J run time\u2026";

    private final String title;
    private final Callable<String> report;
    private final LatestTask<String> task;
    private final ReadOnlyStringWrapper runtime = new ReadOnlyStringWrapper(this, "runtime", CHECKING);

    /**
     * @param title      LayerLoom's name and version
     * @param report     computes the run-time report's text (loads ND4J)
     * @param background where it runs
     */
    public AboutViewModel(String title, Callable<String> report, BackgroundTasks tasks, Executor background) {
        this.title = Objects.requireNonNull(title, "title");
        this.report = Objects.requireNonNull(report, "report");
        this.task = tasks.latest("Checking the DL4J run time", background);
    }

    public String title() {
        return title;
    }

    /** The report's text; a line saying it is being checked until it arrives. */
    public ReadOnlyStringProperty runtimeProperty() {
        return runtime.getReadOnlyProperty();
    }

    /** The About window opens: the report is computed again (quick once ND4J is loaded). */
    public void refresh() {
        task.request(report, runtime::set, e -> runtime.set("The DL4J run time could not be checked: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
}
