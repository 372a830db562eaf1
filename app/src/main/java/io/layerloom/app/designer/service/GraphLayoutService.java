package io.layerloom.app.designer.service;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.LayeredLayoutProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Arranges a graph with Eclipse ELK's layered (Sugiyama) algorithm, top to bottom like Netron:
 * a deep CNN reads as one column, and a residual branch sits beside the main path instead of
 * stretching the picture sideways. Pure and deterministic (ELK's layered algorithm uses a fixed
 * random seed, and nodes and wires are given to it in the graph's order).
 */
public final class GraphLayoutService {

    /** The size every node has on the canvas; the view draws nodes exactly this size. */
    public static final double NODE_WIDTH = 224;
    public static final double NODE_HEIGHT = 76;
    /** Room between layers: the wire's shape label sits there. */
    public static final double LAYER_GAP = 56;
    public static final double NODE_GAP = 40;
    /** Where the top-left node lands: a margin inside the canvas. */
    public static final double ORIGIN = 40;

    static {
        // Registers ELK's option types (ElkReflect clones); without it the first layout throws.
        org.eclipse.elk.core.data.LayoutMetaDataService.getInstance()
                .registerLayoutMetaDataProviders(new org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider());
    }

    private GraphLayoutService() {
    }

    /**
     * The graph as it can be shown: unchanged when every node has a position (the user's own
     * arrangement is theirs, however tight), otherwise laid out whole: a file that positions some
     * nodes only is treated as unpositioned. The templates are stored as this layout places them.
     */
    public static Graph placeMissing(Graph g) {
        for (Node n : g.nodes()) {
            if (n.position().isEmpty()) {
                return layoutAll(g);
            }
        }
        return g;
    }

    /** Every node placed by the layered layout. */
    public static Graph layoutAll(Graph g) {
        List<Position> positions = positions(g);
        List<Node> placed = new ArrayList<>(g.size());
        for (int i = 0; i < g.size(); i++) {
            placed.add(g.nodes().get(i).withPosition(positions.get(i)));
        }
        return g.withNodes(placed);
    }

    /** The layered position of each node, in node order, snapped to whole canvas units. */
    public static List<Position> positions(Graph g) {
        if (g.size() == 0) {
            return List.of();
        }
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, NODE_GAP);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, LAYER_GAP);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 12.0);
        root.setProperty(LayeredOptions.SPACING_COMPONENT_COMPONENT, 2 * NODE_GAP);
        // Brandes-Koepf straightens long chains: the main path of a ResNet becomes one vertical line.
        root.setProperty(LayeredOptions.NODE_PLACEMENT_STRATEGY, NodePlacementStrategy.BRANDES_KOEPF);
        root.setProperty(LayeredOptions.RANDOM_SEED, 1);
        root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(0));

        List<ElkNode> elk = new ArrayList<>(g.size());
        Map<String, ElkNode> byId = new HashMap<>();
        for (Node n : g.nodes()) {
            ElkNode e = ElkGraphUtil.createNode(root);
            e.setDimensions(NODE_WIDTH, NODE_HEIGHT);
            elk.add(e);
            byId.putIfAbsent(n.id(), e);
        }
        for (int i = 0; i < g.size(); i++) {
            for (String in : g.nodes().get(i).inputs()) {
                ElkNode source = byId.get(in);
                if (source != null && source != elk.get(i)) {
                    ElkGraphUtil.createSimpleEdge(source, elk.get(i));
                }
            }
        }
        new LayeredLayoutProvider().layout(root, new BasicProgressMonitor());

        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        for (ElkNode e : elk) {
            minX = Math.min(minX, e.getX());
            minY = Math.min(minY, e.getY());
        }
        List<Position> out = new ArrayList<>(elk.size());
        for (ElkNode e : elk) {
            out.add(new Position(Math.round(e.getX() - minX + ORIGIN), Math.round(e.getY() - minY + ORIGIN)));
        }
        return out;
    }
}
