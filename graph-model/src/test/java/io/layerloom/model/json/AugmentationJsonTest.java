package io.layerloom.model.json;

import io.layerloom.model.TestGraphs;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentParam;
import io.layerloom.model.training.AugmentStep;
import io.layerloom.model.training.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 14 part 2: training.augmentation is read strictly, naming the field, and written back equal. */
class AugmentationJsonTest {

    private static String file(String augmentation) {
        return "{\"format\": \"layerloom-graph\", \"version\": 1, \"training\": {\"seed\": 7,\n\"augmentation\": "
                + augmentation + "}, \"nodes\": []}";
    }

    private static String refusal(String augmentation) {
        GraphFormatException e = assertThrows(GraphFormatException.class, () -> GraphJson.read(file(augmentation), "m.json"));
        return e.getMessage();
    }

    @Test
    void theIssuesExampleReadsWithDefaultsForWhatIsLeftOut() throws Exception {
        Graph g = GraphJson.read(file("[{\"op\": \"flip\", \"horizontal\": true, \"p\": 0.5}, {\"op\": \"crop\", \"padding\": 4},"
                + " {\"op\": \"rotate\", \"degrees\": 10, \"p\": 0.5}]"), "m.json");
        List<AugmentStep> steps = g.training().orElseThrow().augmentation();
        assertEquals(List.of(AugmentStep.of(AugmentOp.FLIP, "horizontal", true, "vertical", false, "p", 0.5),
                AugmentStep.of(AugmentOp.CROP, "padding", 4, "p", 1.0),
                AugmentStep.of(AugmentOp.ROTATE, "degrees", 10, "p", 0.5)), steps);
        assertEquals(1.0, steps.get(1).probability());
        assertFalse(steps.get(0).flag("vertical"));
    }

    @Test
    void everyOpWithEveryFieldSetRoundTrips() throws Exception {
        List<AugmentStep> steps = new ArrayList<>();
        for (AugmentOp op : AugmentOp.values()) {
            AugmentStep s = AugmentStep.of(op);
            for (AugmentParam p : op.params()) {
                if (p.type() == AugmentParam.Type.REAL && !p.name().equals("min") && !p.name().equals("max")) {
                    s = s.with(p.name(), p.max() / 3);
                }
                if (p.type() == AugmentParam.Type.INT) {
                    s = s.with(p.name(), p.max());
                }
            }
            steps.add(s);
        }
        steps.add(AugmentStep.of(AugmentOp.FLIP, "horizontal", false, "vertical", true, "p", 0));
        steps.add(AugmentStep.of(AugmentOp.SCALE, "min", 0.5, "max", 0.5));
        Graph g = new Graph("a", "", TestGraphs.parse(TestGraphs.TINY).nodes(),
                Optional.of(TrainingSettings.defaults().withAugmentation(steps)));
        String text = GraphJson.write(g);
        assertTrue(text.contains("\"augmentation\": [{\"op\": \"flip\", \"horizontal\": true, \"vertical\": false, \"p\": 0.3333"),
                text);
        Graph again = GraphJson.read(text, "again");
        assertEquals(g, again);
        assertEquals(text, GraphJson.write(again));
    }

    @Test
    void aFileWithoutAugmentationKeepsItsBytes() throws Exception {
        Graph g = new Graph("a", "", TestGraphs.parse(TestGraphs.TINY).nodes(), Optional.of(TrainingSettings.defaults()));
        assertFalse(GraphJson.write(g).contains("augmentation"));
        assertEquals(List.of(), GraphJson.read(GraphJson.write(g), "x").training().orElseThrow().augmentation());
    }

    @Test
    void aValueOutOfRangeNamesTheStepTheFieldTheRuleAndTheFix() {
        assertEquals("m.json:2:92: field 'training.augmentation[2].degrees': rotate: degrees must be greater than 0, at most 180,"
                + " got 200. Write a value greater than 0, at most 180 (default 10).",
                refusal("[{\"op\": \"flip\"}, {\"op\": \"crop\", \"padding\": 4}, {\"op\": \"rotate\", \"degrees\": 200, \"p\": 0.5}]"));
        assertTrue(refusal("[{\"op\": \"flip\", \"p\": 1.5}]").contains("field 'training.augmentation[0].p': flip: p must be from 0"
                + " to 1, got 1.5."));
        assertTrue(refusal("[{\"op\": \"cutout\", \"count\": 0}]").contains("'training.augmentation[0].count': cutout: count must be"
                + " from 1 to 16, got 0."));
        assertTrue(refusal("[{\"op\": \"crop\", \"padding\": 2.5}]").contains("'training.augmentation[0].padding': crop: padding must"
                + " be a whole number from 1 to 256, got 2.5."));
        assertTrue(refusal("[{\"op\": \"noise\", \"sigma\": 1e300}]").contains("'training.augmentation[0].sigma': noise: sigma"
                + " must be greater than 0, at most 1, got 1e300."));
    }

    @Test
    void unknownOpsAndFieldsAreRefusedWithASuggestion() {
        String e = refusal("[{\"op\": \"rotat\", \"degrees\": 10}]");
        assertTrue(e.contains("field 'training.augmentation[0].op': unknown op 'rotat'. Did you mean 'rotate'? Ops: flip, crop,"
                + " rotate, translate, scale, shear, brightness, contrast, noise, cutout."), e);
        e = refusal("[{\"op\": \"rotate\", \"degree\": 10}]");
        assertTrue(e.contains("field 'training.augmentation[0].degree': rotate has no field 'degree'. Did you mean 'degrees'? Its"
                + " fields are: op, degrees, p."), e);
        e = refusal("[{\"degrees\": 10}]");
        assertTrue(e.contains("field 'training.augmentation[0]': the step has no \"op\"."), e);
    }

    @Test
    void wrongTypesAndInconsistentFieldsAreRefused() {
        assertTrue(refusal("{\"op\": \"flip\"}").contains("field 'training.augmentation': must be an array of steps"));
        assertTrue(refusal("[\"flip\"]").contains("field 'training.augmentation[0]': each step must be an object"));
        assertTrue(refusal("[{\"op\": 3}]").contains("field 'training.augmentation[0].op': must be the op's name"));
        assertTrue(refusal("[{\"op\": \"flip\", \"vertical\": \"yes\"}]").contains("field 'training.augmentation[0].vertical':"
                + " flip: vertical must be true or false, got a string \"yes\"."));
        assertTrue(refusal("[{\"op\": \"rotate\", \"degrees\": \"10\"}]").contains("'training.augmentation[0].degrees': rotate:"
                + " degrees must be a number greater than 0, at most 180, got a string \"10\"."));
        String e = refusal("[{\"op\": \"scale\", \"min\": 1.2, \"max\": 0.8}]");
        assertTrue(e.contains("field 'training.augmentation[0].max': scale: scale: max (0.8) is below min (1.2). Make max at"
                + " least min."), e);
        e = refusal("[{\"op\": \"contrast\", \"min\": 1.5}]");
        assertTrue(e.contains("field 'training.augmentation[0].max'") && e.contains("max (1.2) is below min (1.5)"), e);
        e = refusal("[{\"op\": \"flip\", \"horizontal\": false}]");
        assertTrue(e.contains("field 'training.augmentation[0].horizontal': flip: flip with horizontal and vertical both false"
                + " changes nothing."), e);
    }

    @Test
    void theModelRefusesWhatTheReaderRefuses() {
        assertThrows(IllegalArgumentException.class, () -> AugmentStep.of(AugmentOp.ROTATE, "degrees", 0));
        assertThrows(IllegalArgumentException.class, () -> AugmentStep.of(AugmentOp.ROTATE, "sigma", 0.1));
        assertThrows(IllegalArgumentException.class, () -> AugmentStep.of(AugmentOp.CUTOUT).with("size", 2.5));
        assertEquals("rotate degrees 10, p 1", AugmentStep.of(AugmentOp.ROTATE).describe());
    }
}
