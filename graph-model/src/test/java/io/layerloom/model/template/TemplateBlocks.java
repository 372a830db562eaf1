package io.layerloom.model.template;

import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How each template is grouped into blocks, by the module names its layers carry (torchvision's
 * and Keras's): ResNet's BasicBlocks and Bottlenecks, GoogLeNet's Inception modules, DenseNet's
 * dense layers and transitions, MobileNet's depthwise-separable blocks and v2's inverted residuals,
 * SqueezeNet's Fire modules, Inception v3's modules, NIN's mlpconv blocks, ShuffleNet v2's units and
 * EfficientNet's MBConv blocks. {@link #regroup} turns a
 * template laid out flat into the shipped one: every block made, then collapsed from the top.
 */
final class TemplateBlocks {

    /** The block a layer belongs to: its id and type. */
    record Group(String id, String type) {
    }

    private TemplateBlocks() {
    }

    static Optional<Function<String, Optional<Group>>> rule(String templateId) {
        return Optional.ofNullable(switch (templateId) {
            case "resnet18" -> resnet("BasicBlock");
            case "resnet50" -> resnet("Bottleneck");
            case "googlenet" -> TemplateBlocks::googlenet;
            case "densenet121" -> TemplateBlocks::densenet;
            case "mobilenet-v1" -> TemplateBlocks::mobilenet;
            case "mobilenet-v2" -> TemplateBlocks::mobilenetV2;
            case "squeezenet-1.1" -> id -> module(FIRE, id, "Fire");
            case "inception-v3" -> TemplateBlocks::inceptionV3;
            case "nin-cifar10" -> id -> module(MLPCONV, id, "MLPConv");
            case "shufflenet-v2" -> TemplateBlocks::shufflenet;
            case "efficientnet-b0" -> TemplateBlocks::efficientnet;
            default -> null;
        });
    }

    private static final Pattern RESNET = Pattern.compile("(layer\\d\\.\\d+)\\..*");
    private static final Pattern INCEPTION = Pattern.compile("inception(\\d[a-e])(\\..*)?");
    private static final Pattern BASIC_CONV = Pattern.compile("(conv\\d)\\.(conv|bn|relu)");
    private static final Pattern DENSE = Pattern.compile("(denseblock\\d\\.denselayer\\d+)\\..*");
    private static final Pattern TRANSITION = Pattern.compile("(transition\\d)\\..*");
    private static final Pattern SEPARABLE = Pattern.compile("conv_(?:dw|pw|pad)_(\\d+)(?:_bn|_relu)?");

    private static final Pattern FEATURES = Pattern.compile("(features\\.(\\d+))\\..*");
    private static final Pattern FIRE = Pattern.compile("(fire\\d)\\..*");
    private static final Pattern MLPCONV = Pattern.compile("(mlpconv\\d)\\..*");
    private static final Pattern MIXED = Pattern.compile("(Mixed_(\\d[a-e]))\\..*");
    private static final Pattern INCEPTION_V3_CONV = Pattern.compile("(Conv2d_\\w+)\\.(conv|bn|relu)");

    private static Optional<Group> module(Pattern pattern, String id, String type) {
        Matcher m = pattern.matcher(id);
        return m.matches() ? Optional.of(new Group(m.group(1), type)) : Optional.empty();
    }

    /** torchvision's features.0 and features.18 are Conv2dNormActivation, features.1 to 17 InvertedResidual. */
    private static Optional<Group> mobilenetV2(String id) {
        Matcher m = FEATURES.matcher(id);
        if (!m.matches()) {
            return Optional.empty();
        }
        int index = Integer.parseInt(m.group(2));
        return Optional.of(new Group(m.group(1), index == 0 || index == 18 ? "Conv2dNormActivation" : "InvertedResidual"));
    }

    /** torchvision's module classes: Mixed_5b-d InceptionA, 6a B, 6b-e C, 7a D, 7b-c E. */
    private static Optional<Group> inceptionV3(String id) {
        Matcher m = MIXED.matcher(id);
        if (m.matches()) {
            String type = switch (m.group(2)) {
                case "6a" -> "InceptionB";
                case "6b", "6c", "6d", "6e" -> "InceptionC";
                case "7a" -> "InceptionD";
                case "7b", "7c" -> "InceptionE";
                default -> "InceptionA";
            };
            return Optional.of(new Group(m.group(1), type));
        }
        return module(INCEPTION_V3_CONV, id, "BasicConv2d");
    }

    private static Function<String, Optional<Group>> resnet(String type) {
        return id -> {
            Matcher m = RESNET.matcher(id);
            if (m.matches()) {
                return Optional.of(new Group(m.group(1), type));
            }
            return List.of("conv1", "bn1", "relu", "maxpool").contains(id) ? Optional.of(new Group("stem", "Stem"))
                    : Optional.empty();
        };
    }

    private static Optional<Group> googlenet(String id) {
        Matcher m = INCEPTION.matcher(id);
        if (m.matches()) {
            // "inception3a" is the module's Concat node, so the block takes a name no node has.
            return Optional.of(new Group("inception " + m.group(1), "Inception"));
        }
        Matcher c = BASIC_CONV.matcher(id);
        return c.matches() ? Optional.of(new Group(c.group(1), "BasicConv2d")) : Optional.empty();
    }

    private static Optional<Group> densenet(String id) {
        Matcher m = DENSE.matcher(id);
        if (m.matches()) {
            return Optional.of(new Group(m.group(1), "Dense layer"));
        }
        Matcher t = TRANSITION.matcher(id);
        if (t.matches()) {
            return Optional.of(new Group(t.group(1), "Transition"));
        }
        return List.of("conv0", "norm0", "relu0", "pool0").contains(id) ? Optional.of(new Group("stem", "Stem"))
                : Optional.empty();
    }

    private static Optional<Group> mobilenet(String id) {
        Matcher m = SEPARABLE.matcher(id);
        if (m.matches()) {
            return Optional.of(new Group("block" + m.group(1), "Depthwise separable"));
        }
        return List.of("conv1", "conv1_bn", "conv1_relu").contains(id) ? Optional.of(new Group("stem", "Stem"))
                : Optional.empty();
    }

    private static final Pattern SHUFFLE_UNIT = Pattern.compile("(stage\\d\\.\\d+)\\..*");
    private static final Pattern TORCH_CONV = Pattern.compile("(conv\\d|features\\.[08])\\.\\d");
    private static final Pattern MBCONV = Pattern.compile("(features\\.\\d\\.\\d+)\\..*");

    private static Optional<Group> shufflenet(String id) {
        Matcher m = SHUFFLE_UNIT.matcher(id);
        if (m.matches()) {
            return Optional.of(new Group(m.group(1), "InvertedResidual"));
        }
        Matcher c = TORCH_CONV.matcher(id);
        if (c.matches()) {
            return Optional.of(new Group(c.group(1), "Conv-BN-ReLU"));
        }
        return id.equals("maxpool") ? Optional.of(new Group("conv1", "Conv-BN-ReLU")) : Optional.empty();
    }

    private static Optional<Group> efficientnet(String id) {
        Matcher m = MBCONV.matcher(id);
        if (m.matches()) {
            return Optional.of(new Group(m.group(1), "MBConv"));
        }
        Matcher c = TORCH_CONV.matcher(id);
        return c.matches() ? Optional.of(new Group(c.group(1), "Conv-BN-SiLU")) : Optional.empty();
    }

    /** The graph as laid out flat: every block expanded and dissolved, the last first. */
    static Graph flat(Graph g) {
        Graph out = g;
        List<Block> blocks = new ArrayList<>(g.blocks());
        for (int i = blocks.size() - 1; i >= 0; i--) {
            out = new Edit.Ungroup(blocks.get(i).id()).apply(out);
        }
        return out;
    }

    /** The flat graph grouped by the template's rule, each block collapsed in file order. */
    static Graph regroup(String templateId, Graph g) {
        Graph out = flat(g);
        Function<String, Optional<Group>> rule = rule(templateId).orElseThrow();
        Map<Group, List<String>> groups = new LinkedHashMap<>();
        for (Node n : out.nodes()) {
            rule.apply(n.id()).ifPresent(group -> groups.computeIfAbsent(group, k -> new ArrayList<>()).add(n.id()));
        }
        for (Map.Entry<Group, List<String>> e : groups.entrySet()) {
            out = new Edit.MakeBlock(e.getKey().id(), e.getKey().type(), e.getValue()).apply(out);
        }
        for (Group group : groups.keySet()) {
            out = new Edit.SetBlockCollapsed(group.id(), true).apply(out);
        }
        return out;
    }

    /** Cards the designer shows: the layers outside collapsed blocks and one per collapsed block. */
    static long cards(Graph g) {
        long hidden = g.blocks().stream().filter(Block::collapsed).mapToLong(b -> b.members().size()).sum();
        long collapsed = g.blocks().stream().filter(Block::collapsed).count();
        return g.size() - hidden + collapsed;
    }
}
