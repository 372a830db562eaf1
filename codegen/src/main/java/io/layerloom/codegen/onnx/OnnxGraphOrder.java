package io.layerloom.codegen.onnx;

import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Checks an ONNX graph's data flow and orders its nodes: every tensor has exactly one definition
 * (graph input, initializer or node output), every node input and graph output is defined, and the
 * nodes form no cycle. The order is topological with ties broken by the file's order, so a file
 * that is already sorted, as the ONNX specification requires, keeps its order exactly and any file
 * gives the same order on every run.
 */
final class OnnxGraphOrder {

    /** The fix for any structural fault of the graph; the reader uses it too. */
    static final String REEXPORT = "The file is not a valid ONNX graph; export the model again "
        + "from its source framework, or check it with onnx.checker.check_model.";

    private final String file;

    OnnxGraphOrder(String file) {
        this.file = file;
    }

    /**
     * The nodes in a deterministic topological order.
     *
     * @param sources the tensors defined outside the nodes (graph inputs and initializers), with
     *     where each is defined, for messages
     */
    List<OnnxNode> order(Map<String, String> sources, List<OnnxNode> nodes, List<String> graphOutputs)
        throws OnnxFormatException {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).outputs()) {
                if (out.isEmpty()) {
                    continue;
                }
                String earlier = sources.get(out);
                Integer other = producer.putIfAbsent(out, i);
                if (earlier != null || other != null) {
                    throw new OnnxFormatException(file, nodes.get(i).place(i), "writes tensor '" + Text.display(out)
                        + "', which " + (earlier != null ? earlier : nodes.get(other).place(other))
                        + " already defines; ONNX tensors are defined once.", REEXPORT);
                }
            }
        }
        int[] waiting = new int[nodes.size()];
        List<List<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            readers.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                if (in.isEmpty() || sources.containsKey(in)) {
                    continue;
                }
                Integer from = producer.get(in);
                if (from == null) {
                    throw new OnnxFormatException(file, nodes.get(i).place(i), "reads tensor '" + Text.display(in)
                        + "', which no graph input, initializer or node defines.", REEXPORT);
                }
                waiting[i]++;
                readers.get(from).add(i);
            }
        }
        for (String out : graphOutputs) {
            if (!sources.containsKey(out) && !producer.containsKey(out)) {
                throw new OnnxFormatException(file, "graph output '" + Text.display(out) + "'",
                    "no graph input, initializer or node defines it.", REEXPORT);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<OnnxNode> sorted = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            sorted.add(nodes.get(i));
            for (int reader : readers.get(i)) {
                if (--waiting[reader] == 0) {
                    ready.add(reader);
                }
            }
        }
        if (sorted.size() < nodes.size()) {
            throw cycle(nodes, producer, waiting, sources.keySet());
        }
        return sorted;
    }

    /** Walks back from the first node left waiting until a node repeats: that loop is a cycle. */
    private OnnxFormatException cycle(List<OnnxNode> nodes, Map<String, Integer> producer, int[] waiting,
                                      Set<String> sources) {
        int first = 0;
        while (waiting[first] == 0) {
            first++;
        }
        List<Integer> path = new ArrayList<>();
        int at = first;
        while (!path.contains(at)) {
            path.add(at);
            at = stuckProducer(nodes.get(at), producer, waiting, sources);
        }
        List<Integer> loop = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
        Collections.reverse(loop);
        // Start the loop at the node the file lists first, so the message does not depend on the walk.
        Collections.rotate(loop, -loop.indexOf(Collections.min(loop)));
        StringBuilder b = new StringBuilder();
        for (int i : loop) {
            b.append(nodes.get(i).place(i)).append(" -> ");
        }
        b.append(nodes.get(loop.get(0)).place(loop.get(0)));
        return new OnnxFormatException(file, nodes.get(loop.get(0)).place(loop.get(0)),
            "is part of a cycle: " + b + "; ONNX graphs must be acyclic.", REEXPORT);
    }

    /** A still-waiting node that defines one of this node's inputs; one exists while a node waits. */
    private static int stuckProducer(OnnxNode node, Map<String, Integer> producer, int[] waiting,
                                     Set<String> sources) {
        for (String in : node.inputs()) {
            if (in.isEmpty() || sources.contains(in)) {
                continue;
            }
            int from = producer.get(in);
            if (waiting[from] > 0) {
                return from;
            }
        }
        throw new IllegalStateException("node waits on no waiting producer");
    }
}
