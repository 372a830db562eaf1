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

    @Test
    void mobileNetOpensAsEighteenCards() {
        // input, the stem, thirteen depthwise-separable blocks, global pooling, dropout, predictions
        assertEquals(18, TemplateBlocks.cards(Templates.graph(Templates.byId("mobilenet-v1").orElseThrow())));
    }
}
