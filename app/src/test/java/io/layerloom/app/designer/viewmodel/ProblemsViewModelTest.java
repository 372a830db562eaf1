package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.analysis.Severity;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.IntPair;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProblemsViewModelTest {

    @Test
    void aValidGraphHasNoProblems() {
        ProblemsViewModel problems = new ProblemsViewModel(DocumentViewModel.direct(TestGraphs.small()));

        assertEquals(List.of(), problems.rows());
        assertTrue(problems.emptyProperty().get());
        assertEquals("No problems", problems.countText());
    }

    @Test
    void anImpossibleKernelIsListedWithItsNodeMessageAndFirstFix() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        ProblemsViewModel problems = new ProblemsViewModel(document);

        document.apply(new Edit.SetParam("conv", "kernel", IntPair.of(30)));

        assertEquals(1, problems.rows().size());
        ProblemsViewModel.Row row = problems.rows().get(0);
        assertEquals(List.of(Severity.ERROR, "KERNEL_TOO_LARGE", "conv"), List.of(row.severity(), row.code(), row.node()));
        assertEquals(document.analysis().diagnostics().get(0).message(), row.message());
        assertEquals(document.analysis().diagnostics().get(0).fixes().get(0), row.fix());
        assertFalse(problems.emptyProperty().get());
        assertEquals("1 error", problems.countText());

        document.undo();
        assertEquals(List.of(), problems.rows());
    }

    @Test
    void errorsComeBeforeWarnings() {
        // The sigmoid output with a softmax loss (a warning) comes before the broken convolution in the graph.
        Graph g = new Graph("g", "", List.of(
                TestGraphs.at("input", TestGraphs.spec("Input"), 0, 0),
                TestGraphs.at("flat", TestGraphs.spec("Flatten"), 0, 100, "input"),
                TestGraphs.at("out", TestGraphs.spec("Output", "activation", ActivationFunction.SIGMOID), 0, 200, "flat"),
                TestGraphs.at("conv", TestGraphs.spec("Conv2D", "kernel", IntPair.of(99)), 0, 300, "input")));
        ProblemsViewModel problems = new ProblemsViewModel(DocumentViewModel.direct(g));

        List<String> codes = problems.rows().stream().map(ProblemsViewModel.Row::code).toList();
        assertEquals("KERNEL_TOO_LARGE", codes.get(0), codes.toString());
        assertTrue(codes.contains("LOSS_ACTIVATION_MISMATCH"), codes.toString());
        List<Severity> severities = problems.rows().stream().map(ProblemsViewModel.Row::severity).toList();
        assertEquals(severities.stream().sorted().toList(), severities);
    }

    @Test
    void openingARowSelectsAndRevealsItsNode() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        ProblemsViewModel problems = new ProblemsViewModel(document);
        document.apply(new Edit.SetParam("conv", "kernel", IntPair.of(30)));

        problems.open(problems.rows().get(0));

        assertEquals(List.of("conv"), document.selection());
        assertEquals("conv", document.revealProperty().get().id());
    }
}
