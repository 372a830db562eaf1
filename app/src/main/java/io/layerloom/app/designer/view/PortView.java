package io.layerloom.app.designer.view;

import javafx.scene.shape.Circle;

/** A node's input (top) or output (bottom) connector: where wires start and end, and drags begin. */
final class PortView extends Circle {

    static final double RADIUS = 6;

    private final String nodeId;
    private final boolean output;

    PortView(String nodeId, boolean output) {
        super(RADIUS);
        this.nodeId = nodeId;
        this.output = output;
        getStyleClass().addAll("port", output ? "port-out" : "port-in");
        setId((output ? "port-out-" : "port-in-") + nodeId);
    }

    String nodeId() {
        return nodeId;
    }

    boolean isOutput() {
        return output;
    }
}
