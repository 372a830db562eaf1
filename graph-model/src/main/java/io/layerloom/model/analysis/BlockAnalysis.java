package io.layerloom.model.analysis;

import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockEdits;
import io.layerloom.model.graph.Graph;
import java.util.List;
import java.util.Optional;

/**
 * What a block does, from its members' results: the nodes that feed it and the members whose
 * outputs leave it, with their shapes; the parameters and multiply-accumulates of its members;
 * and how much it grows the receptive field. The figures are empty where a member's are unknown
 * (an error in the graph, reported at its cause).
 *
 * @param inputs        the nodes outside the block wired into it, in order of first use
 * @param inputShapes   their output shapes, in the same order (empty where unknown)
 * @param outputs       the members whose outputs leave the block
 * @param outputShapes  their output shapes
 * @param cost          summed over the members; empty when a member's is unknown
 * @param growth        the receptive field of the block's output measured in its input's units:
 *                      two 3x3 convolutions grow it 5x5 /1, a strided 3x3 one 3x3 /2;
 *                      {@link ReceptiveField.Global} when the block sees its whole input; empty
 *                      when the block has other than one input and one output, or a field is
 *                      not defined
 */
public record BlockAnalysis(String id, List<String> inputs, List<Optional<TensorType>> inputShapes, List<String> outputs,
                            List<Optional<TensorType>> outputShapes, Optional<Cost> cost,
                            Optional<ReceptiveField> growth) {

    public BlockAnalysis {
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
        outputs = List.copyOf(outputs);
        outputShapes = List.copyOf(outputShapes);
    }

    public static BlockAnalysis of(Graph graph, Analysis analysis, Block block) {
        List<String> inputs = BlockEdits.sources(graph, block);
        List<String> outputs = BlockEdits.exits(graph, block);
        Optional<Cost> cost = Optional.of(Cost.FREE);
        for (String m : block.members()) {
            Optional<Cost> c = analysis.node(m).flatMap(NodeResult::cost);
            cost = cost.flatMap(sum -> c.flatMap(x -> plus(sum, x)));
        }
        Optional<ReceptiveField> growth = Optional.empty();
        if (inputs.size() == 1 && outputs.size() == 1) {
            growth = growth(field(analysis, inputs.get(0)), field(analysis, outputs.get(0)));
        }
        return new BlockAnalysis(block.id(), inputs, shapes(analysis, inputs), outputs, shapes(analysis, outputs), cost, growth);
    }

    /** The sum, or empty beyond 64 bits (each member's figures are exact; so is their sum or nothing). */
    private static Optional<Cost> plus(Cost a, Cost b) {
        try {
            return Optional.of(new Cost(Math.addExact(a.trainableParams(), b.trainableParams()),
                    Math.addExact(a.nonTrainableParams(), b.nonTrainableParams()), Math.addExact(a.macs(), b.macs())));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The analysis of every block of the graph, in the graph's order. */
    public static List<BlockAnalysis> all(Graph graph, Analysis analysis) {
        return graph.blocks().stream().map(b -> of(graph, analysis, b)).toList();
    }

    private static Optional<ReceptiveField> field(Analysis a, String id) {
        return a.node(id).flatMap(NodeResult::receptiveField);
    }

    private static List<Optional<TensorType>> shapes(Analysis a, List<String> ids) {
        return ids.stream().map(id -> a.node(id).flatMap(NodeResult::output)).toList();
    }

    /**
     * The output's field in units of the input's: size (r_out - r_in) / S_in + 1, stride
     * S_out / S_in, padding (P_out - P_in) / S_in, per axis.
     */
    static Optional<ReceptiveField> growth(Optional<ReceptiveField> in, Optional<ReceptiveField> out) {
        if (in.isEmpty() || out.isEmpty()) {
            return Optional.empty();
        }
        if (in.get() instanceof ReceptiveField.Local i && out.get() instanceof ReceptiveField.Local o) {
            Optional<ReceptiveField.Axis> h = relative(i.height(), o.height());
            Optional<ReceptiveField.Axis> w = relative(i.width(), o.width());
            return h.isPresent() && w.isPresent() ? Optional.of(new ReceptiveField.Local(h.get(), w.get())) : Optional.empty();
        }
        // A block whose input already sees everything grows nothing; one that turns a local field global sees all of it.
        return out.get() instanceof ReceptiveField.Global && in.get() instanceof ReceptiveField.Local
                ? Optional.of(ReceptiveField.Global.INSTANCE) : Optional.empty();
    }

    private static Optional<ReceptiveField.Axis> relative(ReceptiveField.Axis in, ReceptiveField.Axis out) {
        long s = in.stride();
        long size;
        long padding;
        try {
            size = Math.subtractExact(out.size(), in.size());
            padding = Math.subtractExact(out.padding(), in.padding());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
        if (s <= 0 || size % s != 0 || out.stride() % s != 0 || padding % s != 0) {
            return Optional.empty();
        }
        return Optional.of(new ReceptiveField.Axis(size / s + 1, out.stride() / s, padding / s));
    }
}
