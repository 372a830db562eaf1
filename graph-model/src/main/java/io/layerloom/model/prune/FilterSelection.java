package io.layerloom.model.prune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which filters to keep, by a score per filter (the L1 norm of its weights: Li et al., "Pruning
 * Filters for Efficient ConvNets", as Distiller's L1RankedStructureParameterPruner): in each group
 * the removable units with the lowest summed scores go, round(ratio x units) of them, never a
 * convolution's last filter.
 */
public final class FilterSelection {

    private FilterSelection() {
    }

    /**
     * The filters each of the group's convolutions keeps after removing {@code ratio} of its units.
     *
     * @param scores per convolution, one score per filter (higher is kept first)
     */
    public static Map<String, List<Integer>> keep(ChannelTies.Group group, Map<String, double[]> scores, double ratio) {
        if (!(ratio >= 0 && ratio < 1)) {
            throw new IllegalArgumentException("the ratio is the fraction of filters removed, at least 0 and below 1, not "
                    + ratio);
        }
        for (String conv : group.convolutions()) {
            if (!scores.containsKey(conv)) {
                throw new IllegalArgumentException("no scores for the filters of '" + conv + "'");
            }
        }
        List<ChannelTies.Unit> order = new ArrayList<>(group.units().stream().filter(ChannelTies.Unit::removable).toList());
        Map<ChannelTies.Unit, Double> sum = new HashMap<>();
        for (ChannelTies.Unit u : order) {
            sum.put(u, u.filters().stream().mapToDouble(f -> scores.get(f.convolution())[f.index()]).sum());
        }
        order.sort(Comparator.comparingDouble(sum::get)); // stable: equal scores go in filter order
        long target = Math.round(ratio * group.units().size());
        Map<String, Integer> left = new HashMap<>();
        for (ChannelTies.Unit u : group.units()) {
            u.filters().forEach(f -> left.merge(f.convolution(), 1, Integer::sum));
        }
        java.util.Set<ChannelTies.Filter> removed = new java.util.HashSet<>();
        long units = 0;
        for (ChannelTies.Unit u : order) {
            if (units >= target) {
                break;
            }
            if (u.filters().stream().anyMatch(f -> left.get(f.convolution()) <= 1)) {
                continue;
            }
            u.filters().forEach(f -> left.merge(f.convolution(), -1, Integer::sum));
            removed.addAll(u.filters());
            units++;
        }
        Map<String, List<Integer>> keep = new LinkedHashMap<>();
        for (String conv : group.convolutions()) {
            keep.put(conv, new ArrayList<>());
        }
        for (ChannelTies.Unit u : group.units()) {
            for (ChannelTies.Filter f : u.filters()) {
                if (!removed.contains(f)) {
                    keep.get(f.convolution()).add(f.index());
                }
            }
        }
        keep.values().forEach(l -> l.sort(null));
        return keep;
    }

    /** {@link #keep} for every group of {@code ties} at the same ratio. */
    public static Map<String, List<Integer>> keepEverywhere(ChannelTies ties, Map<String, double[]> scores, double ratio) {
        Map<String, List<Integer>> keep = new LinkedHashMap<>();
        for (ChannelTies.Group g : ties.groups()) {
            keep.putAll(keep(g, scores, ratio));
        }
        return keep;
    }
}
