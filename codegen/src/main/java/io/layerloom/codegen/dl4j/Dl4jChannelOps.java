package io.layerloom.codegen.dl4j;

import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.LayerSpec.ChannelShuffle;
import io.layerloom.model.layer.LayerSpec.ChannelSplit;
import java.util.List;
import java.util.OptionalLong;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;

/**
 * The kinds that move or scale whole channels, for {@link Dl4jMapping}: DL4J has no layer for
 * any of them, and each is built exactly from vertices it has (so the generated Java source
 * needs nothing but DL4J, and training goes through them as through any vertex).
 */
final class Dl4jChannelOps {

    /** Vertex name suffixes of a channel shuffle's helper steps, in order. */
    static final List<String> SHUFFLE_SUFFIXES = List.of("/groups", "/transposed");
    /** Vertex name suffixes of a channel scale's helper steps, in order. */
    static final String SCALE_SUFFIX = "/scale";
    static final String REPEAT_SUFFIX = "/repeat";

    private Dl4jChannelOps() {
    }

    private static Construction reshape(char order, List<Integer> shape) {
        return Construction.of(ReshapeVertex.class, Argument.of(order), Argument.array(shape), new Argument.Null(int[].class));
    }

    /**
     * A channel shuffle as three reshapes, the middle one in Fortran order. With k = C / g and
     * P = H * W, a reshape ('c') to [N, g, k, P] puts input channel i * k + j at (i, j); read
     * back in column-major order ('f') as [N, C, P, 1], the value at (n, i, j, p) lands at
     * channel i + g * j with p unchanged (the flat index n + N (i + g (j + k p)) read as
     * n + N (c + C p)): the transpose of [g, k] that ShuffleNet's reshape-transpose-reshape
     * makes. A last reshape ('c') restores [N, C, H, W]. Reshapes only: exact, no parameters.
     */
    static Dl4jElement shuffle(ChannelShuffle s, TensorType output) {
        TensorType.Image img = (TensorType.Image) output;
        int c = Math.toIntExact(img.channels());
        int h = Math.toIntExact(img.height());
        int w = Math.toIntExact(img.width());
        int g = s.groups();
        int k = c / g;
        int p = Math.multiplyExact(h, w);
        return Dl4jElement.chain("DL4J has no channel shuffle: a reshape to [groups, channels / groups, h * w], read "
                        + "back in column-major order (which transposes the groups), then a reshape to the image.", 2,
                SHUFFLE_SUFFIXES, List.of(reshape('c', List.of(-1, g, k, p)), reshape('f', List.of(-1, c, p, 1)),
                        reshape('c', List.of(-1, c, h, w))))
                .withDims(List.of(List.of((long) g, (long) k, (long) p), List.of((long) c, (long) p, 1L), List.of()));
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
