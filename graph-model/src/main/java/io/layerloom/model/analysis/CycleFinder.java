package io.layerloom.model.analysis;

import io.layerloom.model.graph.Graph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cycles among the nodes a topological sort could not place: Tarjan's strongly connected
 * components (iterative, so a long cycle cannot overflow the stack), each listed from its first
 * node in graph order, following wires. Nodes that merely sit downstream of a cycle form no
 * component of their own and are not reported.
 */
final class CycleFinder {

    private final Graph graph;
    private final Map<String, Integer> index;
    private final Set<String> done;
    private final Map<String, List<String>> consumers;
    /** Each node's consumers not placed by the sort, computed once: a hub's list is long. */
    private final Map<String, List<String>> successors = new HashMap<>();

    CycleFinder(Graph graph, Map<String, Integer> index, Set<String> done, Map<String, List<String>> consumers) {
        this.graph = graph;
        this.index = index;
        this.done = done;
        this.consumers = consumers;
    }

    List<List<String>> cycles() {
        List<String> remaining = graph.nodes().stream().map(n -> n.id())
                .filter(id -> index.containsKey(id) && !done.contains(id)).distinct().toList();
        Map<String, Integer> order = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        java.util.Set<String> onStack = new java.util.HashSet<>();
        List<List<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String root : remaining) {
            if (order.containsKey(root)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[]{root, 0});
            order.put(root, counter[0]);
            low.put(root, counter[0]++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                int i = (Integer) frame[1];
                List<String> next = successors(v);
                if (i < next.size()) {
                    frame[1] = i + 1;
                    String w = next.get(i);
                    if (!order.containsKey(w)) {
                        order.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[]{w, 0});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), order.get(w)));
                    }
                } else {
                    work.pop();
                    if (!work.isEmpty()) {
                        String parent = (String) work.peek()[0];
                        low.put(parent, Math.min(low.get(parent), low.get(v)));
                    }
                    if (low.get(v).equals(order.get(v))) {
                        List<String> component = new ArrayList<>();
                        String w;
                        do {
                            w = stack.pop();
                            onStack.remove(w);
                            component.add(w);
                        } while (!w.equals(v));
                        if (component.size() > 1 || consumers.getOrDefault(v, List.of()).contains(v)) {
                            components.add(walk(component));
                        }
                    }
                }
            }
        }
        components.sort((a, b) -> Integer.compare(index.get(a.get(0)), index.get(b.get(0))));
        return components;
    }

    private List<String> successors(String v) {
        return successors.computeIfAbsent(v, k -> consumers.getOrDefault(k, List.of()).stream()
                .filter(w -> !done.contains(w)).toList());
    }

    /**
     * A shortest loop of real wires through the component's first node in graph order, found
     * breadth-first with successors in node order; every node of a strongly connected
     * component lies on such a loop.
     */
    private List<String> walk(List<String> component) {
        Set<String> members = new java.util.HashSet<>(component);
        String start = component.stream().min((a, b) -> Integer.compare(index.get(a), index.get(b))).orElseThrow();
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        String last = null;
        while (!queue.isEmpty() && last == null) {
            String v = queue.poll();
            for (String w : successors(v)) {
                if (w.equals(start)) {
                    last = v;
                    break;
                }
                if (members.contains(w) && !parent.containsKey(w)) {
                    parent.put(w, v);
                    queue.add(w);
                }
            }
        }
        List<String> path = new ArrayList<>();
        for (String v = last; v != null && !v.equals(start); v = parent.get(v)) {
            path.add(v);
        }
        path.add(start);
        java.util.Collections.reverse(path);
        return path;
    }
}
