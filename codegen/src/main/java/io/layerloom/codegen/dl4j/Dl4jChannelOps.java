package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.LayerSpec.ChannelShuffle;
import io.layerloom.model.layer.LayerSpec.ChannelSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;

/**
 * The kinds that move or scale whole channels, for {@link Dl4jMapping}: DL4J has no layer for
 * any of them, and each is built exactly from vertices it has (so the generated Java source
 * needs nothing but DL4J, and training goes through them as through any vertex).
 */
final class Dl4jChannelOps {

    /** Vertex name suffixes of a channel scale's helper steps, in order. */
    static final String SCALE_SUFFIX = "/scale";
    static final String REPEAT_SUFFIX = "/repeat";

    private Dl4jChannelOps() {
    }

    private static Construction reshape(char order, List<Integer> shape) {
        return Construction.of(ReshapeVertex.class, Argument.of(order), Argument.array(shape), new Argument.Null(int[].class));
    }

    /**
     * A channel shuffle from slices, reshapes and a merge, all in row-major order. With k = C / g
     * and P = H * W, group i's channels [i k, (i + 1) k) are sliced (SubsetVertex) and reshaped
     * to [N k, 1, P, 1], one row per (example n, channel j) at row n k + j. Merging the g groups
     * along the channel axis gives [N k, g, P, 1], whose value (n k + j, i, p) is read by a last
     * reshape to [N, C, H, W] at channel j g + i: ShuffleNet's transpose of [g, k]. The batch
     * axis holds N k rows in between, which DL4J's vertices pass through. Exact, no parameters.
     * (A reshape in column-major order would do it in one step, but DL4J's ReshapeVertex ignored
     * that order with some native builds, giving the identity.)
     */
    static Dl4jElement shuffle(ChannelShuffle s, TensorType output) {
        TensorType.Image img = (TensorType.Image) output;
        int c = Math.toIntExact(img.channels());
        int h = Math.toIntExact(img.height());
        int w = Math.toIntExact(img.width());
        int g = s.groups();
        int k = c / g;
        int p = Math.multiplyExact(h, w);
        List<Dl4jElement.Step> steps = new ArrayList<>();
        List<Dl4jElement.Source> rows = new ArrayList<>();
        for (int i = 0; i < g; i++) {
            steps.add(new Dl4jElement.Step("/group" + i, Construction.of(SubsetVertex.class, Argument.of(i * k),
                    Argument.of(i * k + k - 1)), List.of(new Dl4jElement.Source.NodeInputs()),
                    List.of((long) k, (long) h, (long) w)));
            steps.add(new Dl4jElement.Step("/group" + i + "/rows", reshape('c', List.of(-1, 1, p, 1)),
                    List.of(new Dl4jElement.Source.StepOutput(steps.size() - 1)), List.of(1L, (long) p, 1L)));
            rows.add(new Dl4jElement.Source.StepOutput(steps.size() - 1));
        }
        steps.add(new Dl4jElement.Step("/interleaved", Construction.of(MergeVertex.class), rows,
                List.of((long) g, (long) p, 1L)));
        steps.add(new Dl4jElement.Step("", reshape('c', List.of(-1, c, h, w)),
                List.of(new Dl4jElement.Source.StepOutput(steps.size() - 1)), List.of()));
        return new Dl4jElement(steps, steps.size() - 1, OptionalLong.empty(), "DL4J has no channel shuffle: each group "
                + "of channels sliced and reshaped to one row per (example, channel), the rows of the groups merged side "
                + "by side, and the result reshaped back, which interleaves the groups.");
    }

    /** Vertex name suffix of a channel split's slice, before the reshape that declares its type. */
    static final String SLICE_SUFFIX = "/slice";

    /**
     * A channel slice: DL4J's SubsetVertex, whose range of channels includes its end. DL4J
     * behaviour worked around: SubsetVertex slices an image's channels at run time but declares
     * its input's type (with all the channels; only a vector's size is recomputed), so the layers
     * after it would be sized for every channel. A reshape to the slice's own shape, which moves
     * nothing, declares the right type.
     */
    static Dl4jElement split(ChannelSplit s, TensorType input) {
        TensorType.Image img = (TensorType.Image) input;
        long width = img.channels() / s.parts();
        int from = Math.toIntExact(s.index() * width);
        Construction slice = Construction.of(SubsetVertex.class, Argument.of(from), Argument.of(Math.toIntExact(from + width - 1)));
        return Dl4jElement.chain("DL4J's SubsetVertex declares an image's type unsliced; a reshape to the slice's shape "
                        + "declares it.", 1, List.of(SLICE_SUFFIX), List.of(slice, reshape('c', List.of(-1,
                        Math.toIntExact(width), Math.toIntExact(img.height()), Math.toIntExact(img.width())))))
                .withDims(List.of(List.of(width, img.height(), img.width()), List.of()));
    }

    /**
     * An image times a per-channel scale. DL4J's element-wise product takes equal shapes only, so
     * the scale [N, C] is reshaped to [N, C, 1, 1] and repeated over the image's height and width
     * by an Upsampling2D (nearest neighbour: each value copied), then multiplied. Exact.
     */
    static Dl4jElement scale(TensorType image) {
        TensorType.Image img = (TensorType.Image) image;
        int c = Math.toIntExact(img.channels());
        Dl4jElement.Step scale = new Dl4jElement.Step(SCALE_SUFFIX, reshape('c', List.of(-1, c, 1, 1)),
                List.of(new Dl4jElement.Source.NodeInput(1)), List.of((long) c, 1L, 1L));
        Dl4jElement.Step repeat = new Dl4jElement.Step(REPEAT_SUFFIX, Construction.builder(Upsampling2D.class)
                .call("size", Argument.array(List.of(Math.toIntExact(img.height()), Math.toIntExact(img.width())))),
                List.of(new Dl4jElement.Source.StepOutput(0)), List.of());
        Dl4jElement.Step product = new Dl4jElement.Step("", Construction.of(ElementWiseVertex.class,
                Argument.of(ElementWiseVertex.Op.Product)),
                List.of(new Dl4jElement.Source.NodeInput(0), new Dl4jElement.Source.StepOutput(1)), List.of());
        return new Dl4jElement(List.of(scale, repeat, product), 2, OptionalLong.empty(), "DL4J multiplies equal shapes "
                + "only: the scale [C] is reshaped to [C, 1, 1] and repeated over the image (Upsampling2D), then multiplied.");
    }
}
