package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusViewModelTest {

    @Test
    void totalsAndTheProblemsTitleFollowTheAnalysis() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
        StatusViewModel status = new StatusViewModel(doc, BackgroundTasks.direct());
        // An empty graph is the starting point, not an error (the canvas says how to begin).
        assertEquals(List.of("0 layers \u00B7 0 params \u00B7 0 errors \u00B7 0 warnings", "Problems"),
                List.of(status.totalsProperty().get(), status.problemsTitleProperty().get()));

        doc.replace(Templates.graph(Templates.byId("lenet5").orElseThrow()), null);

        assertEquals(List.of("9 layers \u00B7 61,706 params \u00B7 0 errors \u00B7 0 warnings", "Problems"),
                List.of(status.totalsProperty().get(), status.problemsTitleProperty().get()));
    }

    @Test
    void aFailedBackgroundTaskIsShownOnTheStatusLine() {
        BackgroundTasks tasks = BackgroundTasks.direct();
        StatusViewModel status = new StatusViewModel(DocumentViewModel.direct(Graph.empty("g")), tasks);
        LatestTask<String> task = tasks.latest("Profiling", Runnable::run);

        task.request(() -> {
            throw new IllegalStateException("out of memory");
        }, s -> { });

        assertEquals("Profiling failed: out of memory", status.messageProperty().get());
    }
}
