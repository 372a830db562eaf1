package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.training.TrainingEvent;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The live per-layer statistics of a run, as the Training tab's table and the canvas show them:
 * DL4J reports them per DL4J layer and vertex; here they are folded back onto the graph's nodes
 * (a node's helper layers, "pool3/pool", count for "pool3") and turned into short texts. Part of
 * {@link TrainingViewModel}, which hands it each {@link TrainingEvent.LayerStatistics} event.
 */
public final class LayerStatisticsViewModel {

    private final ObservableMap<String, String> byNode = FXCollections.observableHashMap();
    private final ObservableMap<String, String> byNodeView = FXCollections.unmodifiableObservableMap(byNode);
    private final ObservableList<LayerStatistic> ratios = FXCollections.observableArrayList();

    LayerStatisticsViewModel() {
    }

    /**
     * Node id -> a short live statistic ("upd/param 1.2e-3"), refreshed every
     * {@link io.layerloom.app.designer.service.TrainerService#STATISTICS_EVERY} iterations during
     * a run; cleared when the next run starts. The canvas may show it under each layer.
     */
    public ObservableMap<String, String> byNode() {
        return byNodeView;
    }

    /** The same statistic as rows in the network's order, with the number, for the tab's own table. */
    public ObservableList<LayerStatistic> ratios() {
        return ratios;
    }

    /**
     * Beside each card: "upd/param 1.2e-3 · act 0.41" for a layer with parameters, "act 0.41" for
     * the others; a node's own vertex wins over its helper vertices ("gap" over "gap/pool").
     */
    void apply(Graph graph, TrainingEvent.LayerStatistics ls) {
        Map<String, Double> means = new LinkedHashMap<>();
        ls.meanActivations().forEach((vertex, mean) -> nodeOf(graph, vertex).ifPresent(id -> {
            if (vertex.equals(id) || !means.containsKey(id)) {
                means.put(id, mean);
            }
        }));
        Map<String, String> next = new LinkedHashMap<>();
        List<LayerStatistic> rows = new ArrayList<>();
        ls.updateRatios().forEach((layer, ratio) -> nodeOf(graph, layer).ifPresent(id -> {
            LayerStatistic row = new LayerStatistic(id, ratio, LayerStatistic.scientific(ratio),
                    means.getOrDefault(id, Double.NaN), ls.iteration());
            rows.add(row);
            next.put(id, "upd/param " + row.text() + (row.activationText().isEmpty() ? "" : " · " + row.activationText()));
        }));
        means.forEach((id, mean) -> next.putIfAbsent(id, LayerStatistic.activationText(mean)));
        byNode.keySet().retainAll(next.keySet());
        byNode.putAll(next);
        ratios.setAll(rows);
    }

    void clear() {
        byNode.clear();
        ratios.clear();
    }

    /** The node a DL4J layer belongs to: its id, or the node whose helper layer it is ("pool3/pool"). */
    static Optional<String> nodeOf(Graph graph, String layer) {
        if (graph.contains(layer)) {
            return Optional.of(layer);
        }
        return graph.nodes().stream().map(Node::id).filter(id -> layer.startsWith(id + "/"))
                .max(Comparator.comparingInt(String::length));
    }
}
