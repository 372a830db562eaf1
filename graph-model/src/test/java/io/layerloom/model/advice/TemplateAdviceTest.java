package io.layerloom.model.advice;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.History;
import io.layerloom.model.template.Templates;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The advisor on the classic networks: VGG-16's known savings, and every suggestion of every template sound. */
class TemplateAdviceTest {

    private static Graph template(String id) {
        return Templates.graph(Templates.byId(id).orElseThrow());
    }

    @Test
    void vgg16GetsGlobalPoolingAndSeparableConvolutionsWithTheirKnownSavings() {
        Advice advice = EfficiencyAdvisor.advise(template("vgg16"));
        assertEquals(138_357_544L, advice.totals().params());
        // fc6 on 512*7*7 = 25,088 values becomes fc6 on 512: (25,088 - 512) * 4,096 weights fewer, as many MACs.
        Suggestion pool = advice.suggestion("global-pool:flatten").orElseThrow();
        assertEquals(24_576L * 4_096, pool.savedParams());
        assertEquals(24_576L * 4_096, pool.savedMacs());
        assertTrue(pool.paramFraction() > 0.72 && pool.paramFraction() < 0.73, () -> "" + pool.paramFraction());
        // conv4_2, 512 -> 512 at 28x28: 9*512*512 weights become 9*512 + 512*512, times 784 positions.
        assertEquals(pool, advice.suggestions().get(0), "73% of the parameters ranks first");
        Suggestion first = advice.suggestions().get(1);
        assertEquals("separable:conv4_2", first.id());
        assertEquals((9L * 512 * 512 - (9L * 512 + 512L * 512)) * 784, first.savedMacs());
        assertEquals(9L * 512 * 512 - (9L * 512 + 512L * 512), first.savedParams());
        // The first two convolutions see 3 and 64 channels: only the one on 64 may go separable.
        List<String> ids = advice.suggestions().stream().map(Suggestion::id).toList();
        assertFalse(ids.contains("separable:conv1_1"));
        assertTrue(ids.contains("separable:conv1_2"));
        assertTrue(ids.contains("bottleneck:conv3_2"));
    }

    @Test
    void everySuggestionOnEveryTemplateKeepsTheGraphValidAndUndoesExactly() {
        for (String id : Templates.ids()) {
            Graph g = template(id);
            for (Suggestion s : EfficiencyAdvisor.advise(g).suggestions()) {
                History h = new History(g);
                Graph edited = h.apply(s.edit());
                var after = GraphAnalysis.analyze(edited);
                assertFalse(after.hasErrors(), () -> id + " " + s.id() + ": " + after.diagnostics());
                assertEquals(s.after(), after.totals(), () -> id + " " + s.id());
                assertTrue(s.savedMacs() > 0 && s.savedParams() > 0, () -> id + " " + s.id());
                assertEquals(g, h.undo(), () -> id + " " + s.id());
            }
        }
    }

    @Test
    void resnet50GetsGroupedOneByOnesAndResnet18KeepsItsBlocksWhenABottleneckIsAdded() {
        Advice r50 = EfficiencyAdvisor.advise(template("resnet50"));
        assertTrue(r50.suggestions().stream().anyMatch(s -> s.idea() == Idea.GROUPED));
        assertTrue(r50.suggestions().stream().noneMatch(s -> s.idea() == Idea.BOTTLENECK),
                "ResNet-50's 3x3 convolutions follow 1x1 bottlenecks already");
        Graph r18 = template("resnet18");
        Suggestion s = EfficiencyAdvisor.advise(r18).suggestion("bottleneck:layer3.0.conv2").orElseThrow();
        Graph edited = s.edit().apply(r18);
        var block = edited.block("layer3.0").orElseThrow();
        assertTrue(block.contains("layer3.0.conv2_reduce") && block.collapsed());
        assertEquals(r18.blocks().size(), edited.blocks().size());
        // Placed beside its convolution as the expanded block shows it, so it travels with the block's card.
        Graph expanded = new io.layerloom.model.graph.Edit.SetBlockCollapsed("layer3.0", false).apply(edited);
        var conv = expanded.require("layer3.0.conv2").position().orElseThrow();
        var reduce = expanded.require("layer3.0.conv2_reduce").position().orElseThrow();
        assertEquals(conv.x() + 264, reduce.x(), 1e-9);
        assertEquals(conv.y() - 66, reduce.y(), 1e-9);
    }
}
