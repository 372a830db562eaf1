package io.layerloom.codegen.onnx;

import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.LayerSpec.ChannelShuffle;
import io.layerloom.model.layer.LayerSpec.ChannelSplit;
import java.util.List;

import static io.layerloom.codegen.onnx.OnnxGraphWriter.ints;

/**
 * The channel kinds in ONNX, in the forms PyTorch exports them: a shuffle as Reshape to
 * [N, g, C / g, H, W], Transpose of the two group axes and Reshape back (ShuffleNet's own code); a
 * split as a Slice of the channel axis; a per-channel scale as an Unsqueeze of the vector to
 * [N, C, 1, 1] and a broadcasting Mul (squeeze-and-excitation). The import reads each back.
 */
final class OnnxChannelExport {

    private final OnnxLayerExport e;

    OnnxChannelExport(OnnxLayerExport e) {
        this.e = e;
    }

    String shuffle(ChannelShuffle s) {
        TensorType.Image img = (TensorType.Image) e.outType;
        long g = s.groups();
        String grouped = e.w.op("Reshape", e.id + "/groups", List.of(e.x(),
            e.w.int64s(e.id + "/grouped_shape", 0, g, img.channels() / g, img.height(), img.width())));
        String transposed = e.w.op("Transpose", e.id + "/transposed", List.of(grouped), ints("perm", 0, 2, 1, 3, 4));
        return e.w.node("Reshape", List.of(transposed, e.w.int64s(e.id + "/shape", 0, img.channels(), img.height(),
            img.width())), e.out);
    }

    String split(ChannelSplit s) {
        long width = e.channelsIn() / s.parts();
        long from = s.index() * width;
        return e.w.node("Slice", List.of(e.x(), e.w.int64s(e.id + "/starts", from), e.w.int64s(e.id + "/ends", from + width),
            e.w.int64s(e.id + "/axes", 1)), e.out);
    }

    String scale() {
        String scale = e.w.op("Unsqueeze", e.id + "/scale", List.of(e.inputs.get(1), e.w.int64s(e.id + "/axes", 2, 3)));
        return e.w.node("Mul", List.of(e.x(), scale), e.out);
    }
}
