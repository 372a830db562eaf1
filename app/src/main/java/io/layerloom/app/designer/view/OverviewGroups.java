package io.layerloom.app.designer.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stages of a graph as its layer names tell them: torchvision's, Keras' and ONNX exporters'
 * names are paths ("layer1.0.conv1", "denseblock2.denselayer5.relu1", "/layer1/layer1.0/conv1/Conv"),
 * so the layers sharing a first segment form a stage ("layer1") and those sharing two a block
 * ("layer1.0"). The zoomed-out canvas frames and names them, so a fitted ResNet reads as its
 * stages. Only prefixes shared by at least two layers count: "conv1" alone is not a stage.
 */
final class OverviewGroups {

    /** A named group of layers, {@code depth} 1 for a stage, 2 for a block inside it. */
    record Group(String name, int depth, List<String> members) {
    }

    private OverviewGroups() {
    }

    /** The groups of {@code ids} at depths 1 and 2, stages first, each in order of first appearance. */
    static List<Group> of(List<String> ids) {
        List<Group> groups = new ArrayList<>();
        for (int depth = 1; depth <= 2; depth++) {
            Map<String, List<String>> byPrefix = new LinkedHashMap<>();
            for (String id : ids) {
                String prefix = prefix(id, depth);
                if (prefix != null) {
                    byPrefix.computeIfAbsent(prefix, k -> new ArrayList<>()).add(id);
                }
            }
            for (Map.Entry<String, List<String>> e : byPrefix.entrySet()) {
                if (e.getValue().size() >= 2) {
                    groups.add(new Group(e.getKey(), depth, List.copyOf(e.getValue())));
                }
            }
        }
        return groups;
    }

    /**
     * The first {@code depth} segments of a path-like name, or null when it has no more than that
     * (a leaf is not its own group). Leading separators (ONNX's "/layer1/...") are skipped.
     */
    static String prefix(String id, int depth) {
        char sep = separator(id);
        int start = 0;
        while (start < id.length() && id.charAt(start) == sep) {
            start++;
        }
        int end = start - 1;
        for (int d = 0; d < depth; d++) {
            end = id.indexOf(sep, end + 1);
            if (end < 0 || end == id.length() - 1) {
                return null;
            }
        }
        return end <= start ? null : id.substring(start, end);
    }

    /** The name without its group's prefix and separator, for a label inside that group's frame. */
    static String within(String id, String group) {
        int at = id.indexOf(group);
        if (at < 0 || at + group.length() + 1 >= id.length()) {
            return id;
        }
        return id.substring(at + group.length() + 1);
    }

    /** "/" for an ONNX exporter's path ("/layer1/layer1.0/conv1/Conv"), "." for torchvision's and Keras' names. */
    private static char separator(String id) {
        return id.indexOf('/') >= 0 ? '/' : '.';
    }
}
