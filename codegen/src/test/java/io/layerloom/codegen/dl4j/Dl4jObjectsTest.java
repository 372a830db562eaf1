package io.layerloom.codegen.dl4j;

import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Dl4jObjects calls exactly the DL4J method javac would, and a mapping mistake fails loudly, naming it. */
class Dl4jObjectsTest {

    @Test
    void buildsWhatTheSameBuilderCallsBuild() {
        Construction c = Construction.of(LastTimeStep.class, Argument.of(Construction.builder(SimpleRnn.class)
                .call("nOut", Argument.of(7L)).call("activation", Argument.of(Activation.TANH))));
        assertEquals(new LastTimeStep(new SimpleRnn.Builder().nOut(7L).activation(Activation.TANH).build()),
                Dl4jObjects.layer(c));
    }

    @Test
    void anIntWidensToADoubleParameterAsInJava() {
        Construction lrn = Construction.builder(LocalResponseNormalization.class).call("n", Argument.of(5));
        assertEquals(new LocalResponseNormalization.Builder().n(5).build(), Dl4jObjects.layer(lrn));
    }

    @Test
    void aCallNoMethodTakesIsAMappingErrorThatNamesTheCandidates() throws Exception {
        Construction wrongType = Construction.builder(DenseLayer.class).call("hasBias", Argument.of(1));
        assertEquals("no org.deeplearning4j.nn.conf.layers.DenseLayer$Builder.hasBias(int); with that many parameters "
                        + "there are: [" + DenseLayer.Builder.class.getMethod("hasBias", boolean.class) + "]",
                assertThrows(Dl4jObjects.MappingError.class, () -> Dl4jObjects.build(wrongType)).getMessage());
        Construction noSuchMethod = Construction.builder(DenseLayer.class).call("filterCount", Argument.of(3L));
        assertEquals("no org.deeplearning4j.nn.conf.layers.DenseLayer$Builder.filterCount(long); with that many parameters "
                + "there are: []", assertThrows(Dl4jObjects.MappingError.class, () -> Dl4jObjects.build(noSuchMethod))
                .getMessage());
        assertEquals("org.deeplearning4j.nn.conf.graph.MergeVertex has no public nested Builder class",
                assertThrows(Dl4jObjects.MappingError.class,
                        () -> Dl4jObjects.build(Construction.builder(MergeVertex.class))).getMessage());
        assertEquals("org.deeplearning4j.nn.conf.graph.MergeVertex is not a DL4J Layer",
                assertThrows(Dl4jObjects.MappingError.class,
                        () -> Dl4jObjects.layer(Construction.of(MergeVertex.class))).getMessage());
    }

    @Test
    void aWrittenArgumentPassesItsValueAndMustHaveItsType() {
        Map<Integer, Double> rates = Map.of(0, 0.1, 1, 0.05);
        Construction schedule = Construction.of(MapSchedule.class, Argument.of(ScheduleType.EPOCH),
                new Argument.Written(Map.class, rates, "learningRates()"));
        assertEquals(new MapSchedule(ScheduleType.EPOCH, rates), Dl4jObjects.build(schedule));
        assertEquals(java.util.Optional.of(rates),
                Construction.of(Sgd.class, Argument.of(schedule)).written("learningRates()"));
        assertEquals("a written long needs a value of that type and its source: 7, 'SEED'",
                assertThrows(IllegalArgumentException.class, () -> new Argument.Written(long.class, 7, "SEED"))
                        .getMessage());
    }

    @Test
    void anUnbuiltBuilderHasItsCallsMadeAndGoesOn() {
        Construction c = Construction.builder(NeuralNetConfiguration.class).call("seed",
                new Argument.Written(long.class, 5L, "SEED")).call("activation", Argument.of(Activation.TANH));
        NeuralNetConfiguration.Builder builder = (NeuralNetConfiguration.Builder) Dl4jObjects.unbuilt(c);
        assertEquals(new NeuralNetConfiguration.Builder().seed(5L).activation(Activation.TANH).build().toJson(),
                builder.build().toJson());
        assertEquals("org.deeplearning4j.nn.conf.graph.MergeVertex is made by CONSTRUCTOR, not by a builder",
                assertThrows(Dl4jObjects.MappingError.class, () -> Dl4jObjects.unbuilt(Construction.of(MergeVertex.class)))
                        .getMessage());
    }

    @Test
    void theCasesReachEveryKindThatIsALayer() {
        Set<String> expected = LayerKinds.all().stream().filter(k -> k.maxInputs() > 0).map(LayerKind::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, MappingCases.all().stream().map(c -> c.kind().name())
                .collect(Collectors.toCollection(TreeSet::new)));
    }
}
