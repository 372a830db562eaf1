package io.layerloom.app.designer.viewmodel;

import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockEdits;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Copy and paste on the canvas, as graph JSON. A collapsed block's card stands for its whole
 * block: copying it copies every layer of the block and the block itself (format version 2), and
 * pasting recreates the block, collapsed as it was, under a free name ("layer1.2" for a copy of
 * "layer1.0" beside "layer1.1"), its layers named after it as Duplicate Block names them. A
 * block whose layers are all copied is copied with them, expanded or not.
 */
final class CanvasClipboard {

    private final DocumentViewModel document;
    private final BlockViewModel blocks;
    private String lastPasted;
    private int pasteCount;

    CanvasClipboard(DocumentViewModel document, BlockViewModel blocks) {
        this.document = document;
        this.blocks = blocks;
    }

    /**
     * The selected layers (a collapsed card: its block's) as graph JSON, with the blocks all of
     * whose layers are copied: wires among them kept, wires from layers not copied dropped.
     */
    Optional<String> copy() {
        Graph g = document.graph();
        Set<String> ids = new LinkedHashSet<>(blocks.selectedLayers());
        ids.removeIf(id -> !g.contains(id));
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        List<Node> copied = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Node n : g.nodes()) {
            if (ids.contains(n.id()) && done.add(n.id())) {
                copied.add(n.withInputs(n.inputs().stream().filter(ids::contains).toList()));
            }
        }
        List<Block> whole = g.blocks().stream().filter(b -> ids.containsAll(b.members())).toList();
        return Optional.of(GraphJson.write(new Graph(g.name(), "", copied).withBlocks(whole)));
    }

    /**
     * Adds the layers (and blocks) of a copied graph as one edit, offset so they do not hide their
     * originals, with ids that are free (an id is kept where it is free, as after a cut), and
     * selects them: a pasted collapsed block by its card.
     *
     * @return whether the text was a graph that could be pasted
     */
    boolean paste(String json, double step) {
        Graph copied;
        try {
            copied = GraphJson.read(json, "clipboard");
        } catch (GraphFormatException e) {
            return false;
        }
        if (copied.size() == 0) {
            return false;
        }
        pasteCount = json.equals(lastPasted) ? pasteCount + 1 : 1;
        lastPasted = json;
        double offset = step * pasteCount;
        Graph g = document.graph();
        Set<String> takenNodes = new HashSet<>();
        g.nodes().forEach(n -> takenNodes.add(n.id()));
        Set<String> takenBlocks = new HashSet<>();
        g.blocks().forEach(b -> takenBlocks.add(b.id()));
        Map<String, String> renamed = new LinkedHashMap<>();
        List<Block> pastedBlocks = new ArrayList<>();
        for (Block b : copied.blocks()) {
            boolean free = !takenBlocks.contains(b.id()) && !takenNodes.contains(b.id())
                    && b.members().stream().noneMatch(takenNodes::contains);
            String id = free ? b.id() : BlockEdits.nextBlockId(b.id(), takenBlocks, takenNodes);
            takenBlocks.add(id);
            Map<String, String> members;
            if (free) {
                members = new LinkedHashMap<>();
                b.members().forEach(m -> members.put(m, m));
                takenNodes.addAll(b.members());
            } else {
                members = BlockEdits.copyIds(b, id, takenNodes);
            }
            renamed.putAll(members);
            pastedBlocks.add(new Block(id, b.type(), b.members().stream().map(members::get).toList(), b.collapsed(),
                    b.position().map(p -> p.plus(offset, offset))));
        }
        for (Node n : copied.nodes()) {
            if (!renamed.containsKey(n.id())) {
                String id = takenNodes.contains(n.id()) ? free(stem(n.id()), takenNodes) : n.id();
                takenNodes.add(id);
                renamed.put(n.id(), id);
            }
        }
        List<Edit> adds = new ArrayList<>();
        List<Edit> wires = new ArrayList<>();
        Set<String> added = new HashSet<>();
        int i = 0;
        for (Node n : copied.nodes()) {
            String id = renamed.get(n.id());
            if (!added.add(id)) {
                continue;
            }
            Position at = n.position().map(p -> p.plus(offset, offset))
                    .orElse(new Position(step + offset + 20 * i, step + offset + 20 * i));
            i++;
            adds.add(new Edit.AddNode(new Node(id, n.spec(), List.of(), Optional.of(at), n.unknownFields())));
            List<String> inputs = n.inputs().stream().filter(renamed::containsKey).map(renamed::get).toList();
            if (!inputs.isEmpty()) {
                wires.add(new Edit.SetInputs(id, inputs));
            }
        }
        List<Edit> all = new ArrayList<>(adds);
        all.addAll(wires);
        pastedBlocks.forEach(b -> all.add(new Edit.AddBlock(b)));
        document.apply(new Edit.Batch(description(adds.size(), renamed, pastedBlocks), all));
        document.select(shown(document.graph(), renamed.values()));
        return true;
    }

    private static String description(int layers, Map<String, String> renamed, List<Block> pastedBlocks) {
        if (pastedBlocks.size() == 1 && pastedBlocks.get(0).members().size() == layers) {
            return "Paste block " + pastedBlocks.get(0).id();
        }
        if (pastedBlocks.size() > 1 && pastedBlocks.stream().mapToInt(b -> b.members().size()).sum() == layers) {
            return "Paste " + pastedBlocks.size() + " blocks";
        }
        return layers == 1 ? "Paste " + renamed.values().iterator().next() : "Paste " + layers + " layers";
    }

    /** The cards that show these layers: a collapsed block's layers by its card, the others as they are. */
    static List<String> shown(Graph g, java.util.Collection<String> ids) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            out.add(g.blockOf(id).filter(Block::collapsed).map(b -> BlockEdits.cardMember(g, b)).orElse(id));
        }
        return List.copyOf(out);
    }

    /** "conv_3" -> "conv", so that copies of conv_3 are conv_4, conv_5 rather than conv_3_1. */
    private static String stem(String id) {
        String s = id.replaceFirst("_\\d+$", "");
        return s.isEmpty() ? id : s;
    }

    private static String free(String stem, Set<String> taken) {
        for (int i = 1; ; i++) {
            String candidate = stem + "_" + i;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}
