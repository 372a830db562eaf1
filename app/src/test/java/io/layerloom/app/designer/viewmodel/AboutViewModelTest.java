package io.layerloom.app.designer.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.app.designer.task.BackgroundTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AboutViewModelTest {

    @Test
    void showsCheckingUntilTheReportArrivesThenTheReport() {
        List<Runnable> background = new ArrayList<>();
        AtomicInteger computed = new AtomicInteger();
        AboutViewModel about = new AboutViewModel("LayerLoom 9.9", () -> "report " + computed.incrementAndGet(),
                BackgroundTasks.direct(), background::add);

        about.refresh();
        assertEquals(AboutViewModel.CHECKING, about.runtimeProperty().get());
        assertEquals(0, computed.get());

        background.remove(0).run();
        assertEquals("report 1", about.runtimeProperty().get());
        assertEquals("LayerLoom 9.9", about.title());
    }

    @Test
    void eachOpeningComputesTheReportAgain() {
        AtomicInteger computed = new AtomicInteger();
        AboutViewModel about = new AboutViewModel("LayerLoom", () -> "report " + computed.incrementAndGet(),
                BackgroundTasks.direct(), Runnable::run);

        about.refresh();
        about.refresh();

        assertEquals("report 2", about.runtimeProperty().get());
    }

    @Test
    void aReportThatFailsSaysSoInsteadOfTheReport() {
        AboutViewModel about = new AboutViewModel("LayerLoom", () -> {
            throw new IllegalStateException("no native library for this CPU");
        }, BackgroundTasks.direct(), Runnable::run);

        about.refresh();

        assertEquals("The DL4J run time could not be checked: no native library for this CPU",
                about.runtimeProperty().get());
    }
}
