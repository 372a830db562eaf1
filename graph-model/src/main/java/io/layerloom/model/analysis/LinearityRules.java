package io.layerloom.model.analysis;

import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a layer takes part in a chain of linear maps, for {@link DiagnosticCode#LINEAR_CHAIN}: two
 * weighted layers with nothing non-linear between them compute what one linear layer can, so the
 * first one's weights add cost and no expressive power (Goodfellow et al., Deep Learning, 6.1).
 */
final class LinearityRules implements LayerVisitor<LinearityRules.Role> {

    enum Role {
        /** Weights and an identity activation: its output is an affine map of its input. */
        LINEAR,
        /** Weights applied to its input before any activation: a linear layer before it folds into it. */
        WEIGHTED,
        /** Passes values on unchanged but for their arrangement (or a training-time mask). */
        TRANSPARENT,
        /** Anything else: a non-linearity, a normalisation, pooling, a merge. */
        OTHER
    }

    static final LinearityRules INSTANCE = new LinearityRules();

    private LinearityRules() {
    }

    static Role of(LayerSpec spec) {
        return spec.accept(INSTANCE);
    }

    /**
     * A layer with weights and no activation feeding the next weighted layer directly: the pair is
     * one linear map, which a student meets when Dense and Conv2D default to {@code identity}.
     * Reported once, on the first layer, where the fix (an activation) goes. Layers with an error,
     * and those downstream of one (their shapes are unknown), are left to that error.
     *
     * @param index each analysed node's position (first occurrences of each id)
     */
    static List<Diagnostic> chains(List<Node> nodes, Map<String, Integer> index, Map<String, NodeResult> results,
                                   Set<String> hasError) {
        Map<String, List<Node>> consumers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (Integer.valueOf(i).equals(index.get(n.id()))) {
                for (String in : new LinkedHashSet<>(n.inputs())) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
        List<Diagnostic> found = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (!Integer.valueOf(i).equals(index.get(n.id())) || hasError.contains(n.id()) || !analysed(n, results)
                    || of(n.spec()) != Role.LINEAR) {
                continue;
            }
            List<Node> through = new ArrayList<>();
            nextWeighted(n.id(), consumers, results, through, new HashSet<>()).ifPresent(next -> {
                String via = through.isEmpty() ? ""
                        : " (through " + String.join(", ", through.stream().limit(io.layerloom.model.util.Text.MAX_LISTED)
                        .map(GraphAnalysis::who).toList()) + (through.size() > io.layerloom.model.util.Text.MAX_LISTED
                        ? " and " + (through.size() - io.layerloom.model.util.Text.MAX_LISTED) + " more" : "") + ")";
                found.add(Diagnostic.of(DiagnosticCode.LINEAR_CHAIN, n.id(), "activation", GraphAnalysis.who(n)
                                + ": its activation is identity and its output goes straight into " + GraphAnalysis.who(next)
                                + via + ": two linear layers in a row compute no more than one linear layer.",
                        List.of("Set activation to relu.", "Or put an Activation (or BatchNorm and an Activation) between them.")));
            });
        }
        return found;
    }

    private static boolean analysed(Node n, Map<String, NodeResult> results) {
        NodeResult r = results.get(n.id());
        return r != null && r.output().isPresent();
    }

    /**
     * The first weighted layer reached from {@code id} through transparent layers only, depth
     * first in node order; {@code through} collects the transparent layers on the way. Iterative:
     * a chain of 100,000 Dropout layers must not overflow the stack.
     */
    private static Optional<Node> nextWeighted(String id, Map<String, List<Node>> consumers, Map<String, NodeResult> results,
                                               List<Node> through, Set<String> seen) {
        java.util.Deque<java.util.Iterator<Node>> stack = new java.util.ArrayDeque<>();
        stack.push(consumers.getOrDefault(id, List.of()).iterator());
        while (!stack.isEmpty()) {
            java.util.Iterator<Node> next = stack.peek();
            if (!next.hasNext()) {
                stack.pop();
                if (!through.isEmpty() && !stack.isEmpty()) {
                    through.remove(through.size() - 1);
                }
                continue;
            }
            Node c = next.next();
            if (!seen.add(c.id())) {
                continue;
            }
            Role role = of(c.spec());
            if (role == Role.LINEAR || role == Role.WEIGHTED) {
                if (analysed(c, results)) {
                    return Optional.of(c);
                }
                continue;
            }
            if (role == Role.TRANSPARENT && c.inputs().size() == 1) {
                through.add(c);
                stack.push(consumers.getOrDefault(c.id(), List.of()).iterator());
            }
        }
        return Optional.empty();
    }

    private static Role weighted(ActivationFunction activation) {
        return activation == ActivationFunction.IDENTITY ? Role.LINEAR : Role.WEIGHTED;
    }

    @Override public Role input(Input s) { return Role.OTHER; }
    @Override public Role dense(Dense s) { return weighted(s.activation()); }
    @Override public Role conv2D(Conv2D s) { return weighted(s.activation()); }
    @Override public Role deconv2D(Deconv2D s) { return weighted(s.activation()); }
    @Override public Role depthwiseConv2D(DepthwiseConv2D s) { return weighted(s.activation()); }
    @Override public Role separableConv2D(SeparableConv2D s) { return weighted(s.activation()); }
    /** Linear by definition (no activation field to fix), so only ever the second layer of a chain. */
    @Override public Role groupedConv2D(GroupedConv2D s) { return Role.WEIGHTED; }
    @Override public Role maxPool2D(MaxPool2D s) { return Role.OTHER; }
    @Override public Role avgPool2D(AvgPool2D s) { return Role.OTHER; }
    @Override public Role globalAvgPool(GlobalAvgPool s) { return Role.OTHER; }
    @Override public Role globalMaxPool(GlobalMaxPool s) { return Role.OTHER; }
    @Override public Role zeroPadding2D(ZeroPadding2D s) { return Role.OTHER; }
    @Override public Role cropping2D(Cropping2D s) { return Role.OTHER; }
    @Override public Role channelShuffle(ChannelShuffle s) { return Role.TRANSPARENT; }
    @Override public Role channelSplit(ChannelSplit s) { return Role.OTHER; }
    @Override public Role upsampling2D(Upsampling2D s) { return Role.OTHER; }
    @Override public Role batchNorm(BatchNorm s) { return Role.OTHER; }
    @Override public Role localResponseNorm(LocalResponseNorm s) { return Role.OTHER; }
    @Override public Role dropout(Dropout s) { return Role.TRANSPARENT; }
    @Override public Role activation(ActivationLayer s) {
        return s.activation() == ActivationFunction.IDENTITY ? Role.TRANSPARENT : Role.OTHER;
    }
    @Override public Role flatten(Flatten s) { return Role.TRANSPARENT; }
    @Override public Role reshape(Reshape s) { return Role.TRANSPARENT; }
    @Override public Role embedding(Embedding s) { return Role.OTHER; }
    @Override public Role simpleRnn(SimpleRNN s) { return Role.OTHER; }
    @Override public Role lstm(LSTM s) { return Role.OTHER; }
    @Override public Role add(Add s) { return Role.OTHER; }
    @Override public Role concat(Concat s) { return Role.OTHER; }
    @Override public Role multiply(Multiply s) { return Role.OTHER; }
    @Override public Role channelScale(ChannelScale s) { return Role.OTHER; }
    @Override public Role output(Output s) { return Role.WEIGHTED; }
    @Override public Role rnnOutput(RnnOutput s) { return Role.WEIGHTED; }
    @Override public Role lossLayer(LossLayer s) { return Role.OTHER; }
}
