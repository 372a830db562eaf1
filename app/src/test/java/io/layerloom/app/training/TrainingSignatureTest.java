package io.layerloom.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.template.Templates;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingSignatureTest {

    @Test
    void leNet5TrainsOnOneChannel32x32ImagesWithTenClasses() {
        Graph lenet = Templates.graph(Templates.byId("lenet5").orElseThrow());

        Optional<TrainingSignature> signature = TrainingSignature.of(lenet, GraphAnalysis.analyze(lenet));

        assertEquals(Optional.of(new TrainingSignature(List.of(1L, 32L, 32L), 10L)), signature);
    }

    @Test
    void withoutAnAnalysisNothingIsKnownYet() {
        Graph lenet = Templates.graph(Templates.byId("lenet5").orElseThrow());

        assertEquals(Optional.empty(), TrainingSignature.of(lenet, null));
        assertEquals(Optional.empty(), TrainingSignature.inputShape(lenet, null));
    }

    @Test
    void aGraphWithoutAnOutputLayerHasNoSignature() {
        Graph g = new Graph("no-output", "", List.of(Node.of("in", LayerKinds.byName("Input").orElseThrow().defaults()),
                Node.of("d", LayerKinds.byName("Dense").orElseThrow().defaults(), "in")));

        assertEquals(1, TrainingSignature.inputs(g).size());
        assertEquals(List.of(), TrainingSignature.outputs(g));
        assertEquals(Optional.empty(), TrainingSignature.outputUnits(g, GraphAnalysis.analyze(g)));
        assertEquals(Optional.empty(), TrainingSignature.of(g, GraphAnalysis.analyze(g)));
    }
}
