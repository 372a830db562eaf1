package io.layerloom.model.advice;

import io.layerloom.model.analysis.Totals;
import java.util.List;
import java.util.Optional;

/**
 * What the advisor says about a graph: each layer's share, the suggestions (largest saving
 * first, {@link EfficiencyAdvisor#weight}), notes on what it does not suggest and why, and, for a graph it cannot advise on (one
 * with errors), the reason.
 */
public record Advice(Totals totals, List<LayerShare> layers, List<Suggestion> suggestions, List<String> notes,
                     Optional<String> refusal) {

    public Advice {
        layers = List.copyOf(layers);
        suggestions = List.copyOf(suggestions);
        notes = List.copyOf(notes);
    }

    public Optional<Suggestion> suggestion(String id) {
        return suggestions.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
