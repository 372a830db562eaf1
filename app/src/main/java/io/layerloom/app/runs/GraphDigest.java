package io.layerloom.app.runs;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.GraphJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The graph's content hash a run record holds: the SHA-256 of the canonical graph JSON (the graph
 * writer's bytes, which are the same for the same graph) of the network alone: its layers, their
 * settings, inputs and frozen marks, in order. The name, description, positions on the canvas,
 * blocks and training settings are left out (moving a card or renaming the graph is not another
 * network; the settings are recorded beside the hash). Two runs with equal hashes trained the same network.
 */
public final class GraphDigest {

    private GraphDigest() {
    }

    /** The lower-case hex SHA-256 of {@code graph}'s network. */
    public static String of(Graph graph) {
        Graph network = new Graph("", "", graph.withBlocksExpanded().nodes().stream().map(GraphDigest::withoutPosition).toList(),
                Optional.empty());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(GraphJson.write(network).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static Node withoutPosition(Node n) {
        return new Node(n.id(), n.spec(), n.inputs(), Optional.empty(), n.unknownFields(), n.trainable());
    }
}
