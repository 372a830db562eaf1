package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.report.Formats;
import io.layerloom.model.report.SummaryText;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SummaryViewModelTest {

    @Test
    void oneRowPerLayerInTopologicalOrderWithTheSummaryColumns() {
        SummaryViewModel summary = new SummaryViewModel(DocumentViewModel.direct(TestGraphs.small()));

        assertEquals(List.of(
                new SummaryViewModel.Row("input", "Input", "input (Input)", "1x28x28", "0", "0", "1x1 /1", "", false),
                new SummaryViewModel.Row("conv", "Conv2D", "conv (Conv2D)", "32x26x26", "320", "194,688", "3x3 /1", "input", false),
                new SummaryViewModel.Row("flat", "Flatten", "flat (Flatten)", "21632", "0", "0", "global", "conv", false),
                new SummaryViewModel.Row("out", "Output", "out (Output)", "10", "216,330", "216,320", "global", "flat", false)),
                summary.rows());
    }

    @Test
    void totalsAndTrainingMemoryFollowTheBatchSize() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        SummaryViewModel summary = new SummaryViewModel(document);
        Totals t = document.analysis().totals();

        assertEquals(List.of("216,650", "216,650", "0", Formats.bytes(t.paramBytes()), Formats.bytes(t.trainingBytes(32))),
                List.of(summary.totalParamsProperty().get(), summary.trainableParamsProperty().get(),
                        summary.nonTrainableParamsProperty().get(), summary.paramMemoryProperty().get(),
                        summary.trainingMemoryProperty().get()));
        assertEquals(Formats.si(t.macs()) + " (" + Formats.grouped(t.macs()) + ")", summary.macsProperty().get());

        summary.batchProperty().set(1);

        assertEquals(Formats.bytes(t.trainingBytes(1)), summary.trainingMemoryProperty().get());
        assertEquals(SummaryText.render(document.graph(), document.analysis(), 1), summary.summaryText());
    }

    @Test
    void aBrokenLayerIsFlaggedAndTheTotalsSayTheyAreIncomplete() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        SummaryViewModel summary = new SummaryViewModel(document);

        document.apply(new Edit.SetParam("conv", "kernel", IntPair.of(30)));

        SummaryViewModel.Row conv = summary.rows().get(1);
        assertEquals(new SummaryViewModel.Row("conv", "Conv2D", "conv (Conv2D)", "?", "?", "?", "?", "input", true), conv);
        assertEquals("Totals leave out layers whose shape is unknown: fix the errors first.", summary.incompleteProperty().get());
    }

    @Test
    void openingARowSelectsItsNode() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        SummaryViewModel summary = new SummaryViewModel(document);

        summary.open(summary.rows().get(2));

        assertEquals(List.of("flat"), document.selection());
    }
}
