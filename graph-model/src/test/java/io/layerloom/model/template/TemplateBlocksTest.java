package io.layerloom.model.template;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The templates ship grouped into blocks, collapsed, so that a network opens as a dozen or a
 * few dozen readable cards. After an intended change to a template or a rule, regenerate the
 * files with -Dlayerloom.regenerate=true and review the diff.
 */
class TemplateBlocksTest {

    private static final Path DIR = Path.of("src/main/resources/io/layerloom/model/templates");

    @Test
    void theTemplatesShipGroupedByTheirRuleAndCollapsed() throws Exception {
        for (Template t : Templates.all()) {
            if (TemplateBlocks.rule(t.id()).isEmpty()) {
                assertEquals(List.of(), Templates.graph(t).blocks(), t.id());
                continue;
            }
            Graph shipped = Templates.graph(t);
            Graph expected = TemplateBlocks.regroup(t.id(), shipped);
            if (Boolean.getBoolean("layerloom.regenerate")) {
                Files.writeString(DIR.resolve(t.resource()), GraphJson.write(expected), StandardCharsets.UTF_8);
                continue;
            }
            assertEquals(GraphJson.write(expected), Templates.text(t), t.id() + ": regenerate with -Dlayerloom.regenerate=true");
            assertEquals(shipped.nodes().stream().map(n -> n.id()).toList(),
                    TemplateBlocks.flat(shipped).nodes().stream().map(n -> n.id()).toList());
        }
    }

    @Test
    void resnet18OpensAsADozenCards() {
        Graph g = Templates.graph(Templates.byId("resnet18").orElseThrow());
        assertEquals(9, g.blocks().size(), "the stem and eight BasicBlocks");
        assertEquals(12, TemplateBlocks.cards(g), "input, stem, eight blocks, avgpool, fc");
    }

    /**
     * ResNet-50's sixteen Bottlenecks are four repeats: from the first two blocks of each stage,
     * repeating the second 1, 2, 4 and 1 times gives the template's layers and wires exactly.
     */
    @Test
    void resnet50IsFourRepeats() {
        Graph shipped = TemplateBlocks.flat(Templates.graph(Templates.byId("resnet50").orElseThrow()));
        int[] blocks = {3, 4, 6, 3};
        Graph g = Templates.graph(Templates.byId("resnet50").orElseThrow());
        assertEquals(17, g.blocks().size(), "the stem and sixteen Bottlenecks");
        assertEquals(20, TemplateBlocks.cards(g));
        // Cut each stage back to two blocks, wiring the next stage to the second.
        Graph cut = shipped;
        for (int stage = 1; stage <= 4; stage++) {
            String last = "layer" + stage + "." + (blocks[stage - 1] - 1) + ".relu3";
            String second = "layer" + stage + ".1.relu3";
            for (String reader : cut.consumers(last)) {
                List<String> inputs = cut.require(reader).inputs().stream().map(i -> i.equals(last) ? second : i).toList();
                cut = new io.layerloom.model.graph.Edit.SetInputs(reader, inputs).apply(cut);
            }
            for (int b = 2; b < blocks[stage - 1]; b++) {
                String prefix = "layer" + stage + "." + b + ".";
                for (String id : cut.nodes().stream().map(n -> n.id()).filter(id -> id.startsWith(prefix)).toList()) {
                    cut = new io.layerloom.model.graph.Edit.RemoveNode(id).apply(cut);
                }
            }
        }
        assertEquals(175 - 10 * 8, cut.size());
        cut = TemplateBlocks.regroup("resnet50", cut);
        for (int stage = 1; stage <= 4; stage++) {
            cut = new io.layerloom.model.graph.Edit.RepeatBlock("layer" + stage + ".1", blocks[stage - 1] - 2).apply(cut);
        }
        assertEquals(shipped.nodes().stream().map(n -> n.id() + " " + n.spec() + " " + n.inputs()).toList(),
                cut.nodes().stream().map(n -> n.id() + " " + n.spec() + " " + n.inputs()).toList());
        assertEquals(g.blocks().stream().map(b -> b.id() + " " + b.members()).toList(),
                cut.blocks().stream().map(b -> b.id() + " " + b.members()).toList());
    }

    @Test
    void mobileNetOpensAsEighteenCards() {
        // input, the stem, thirteen depthwise-separable blocks, global pooling, dropout, predictions
        assertEquals(18, TemplateBlocks.cards(Templates.graph(Templates.byId("mobilenet-v1").orElseThrow())));
    }

    /** The session-9 templates open as their modules: one card per repeated block. */
    @Test
    void theNewTemplatesOpenAsTheirModules() {
        // input, features.0, 17 InvertedResiduals, features.18, avgpool, dropout, classifier
        assertEquals(23, TemplateBlocks.cards(Templates.graph(Templates.byId("mobilenet-v2").orElseThrow())));
        // input, conv1, maxpool1, eight Fire modules, maxpool3, maxpool5, dropout, conv10, avgpool10, softmax
        assertEquals(17, TemplateBlocks.cards(Templates.graph(Templates.byId("squeezenet-1.1").orElseThrow())));
        // input, five BasicConv2d, two max pools, eleven Mixed modules, avgpool, dropout, fc
        assertEquals(22, TemplateBlocks.cards(Templates.graph(Templates.byId("inception-v3").orElseThrow())));
        // input, three mlpconv blocks, two poolings with their dropouts, global pooling, softmax
        assertEquals(10, TemplateBlocks.cards(Templates.graph(Templates.byId("nin-cifar10").orElseThrow())));
        assertEquals(List.of("InceptionA", "InceptionA", "InceptionA", "InceptionB", "InceptionC", "InceptionC", "InceptionC",
                        "InceptionC", "InceptionD", "InceptionE", "InceptionE"),
                Templates.graph(Templates.byId("inception-v3").orElseThrow()).blocks().stream().map(b -> b.type())
                        .filter(type -> type.startsWith("Inception")).toList());
    }
}
