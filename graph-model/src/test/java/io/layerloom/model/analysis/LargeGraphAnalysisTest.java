package io.layerloom.model.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.property.LargeGraphs;
import io.layerloom.model.util.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Graphs of 100,000 nodes (issue 12): the designer analyses them on every edit. */
class LargeGraphAnalysisTest {

    @Test
    void aChainOfOneHundredThousandLayersIsAnalysedWithoutOverflowingTheStack() {
        // Before: the LINEAR_CHAIN walk recursed once per Dropout and threw StackOverflowError.
        Analysis a = GraphAnalysis.analyze(LargeGraphs.CHAIN.build(100_000));

        assertEquals(List.of(DiagnosticCode.LINEAR_CHAIN), a.diagnostics().stream().map(Diagnostic::code).toList());
        assertTrue(a.diagnostics().get(0).message().endsWith("Dropout 'drop10' and 99987 more): two linear layers in a row "
                + "compute no more than one linear layer."), a.diagnostics().get(0).message());
    }

    @Test
    void didYouMeanOverManyIdsStaysWithinItsBudgetAndStillAnswersPrefixes() {
        List<String> ids = IntStream.rangeClosed(1, 100_000).mapToObj(i -> "layer" + i).toList();
        Suggest.Index index = new Suggest.Index(ids);
        List<String> answers = new ArrayList<>();
        for (int i = 1; i <= 5_000; i++) {
            answers.add(index.didYouMean("layr" + i));
        }

        // A scan of every id for every typo would compute about 5,000 x 100,000 x 20 cells.
        assertTrue(index.cells() <= Suggest.Index.DEFAULT_BUDGET, "cells: " + index.cells());
        assertEquals(" Did you mean 'layer1'?", answers.get(0));
        assertEquals(" Did you mean 'layer77'?", index.didYouMean("LAYER77"));
        // The earliest of the ids it starts with, as the full scan would choose.
        assertEquals(" Did you mean 'layer12'?", new Suggest.Index(List.of("layer99", "layer12", "layer123")).didYouMean("layer1234567"));
        assertEquals(" Did you mean 'layer1'?", index.didYouMean("layer1234567x"));
    }
}
