package io.layerloom.model.template;

import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.PlainJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * templates/index.json read and checked: the "ideas" in gallery order, each with its id, title
 * and sentence, and the "templates", each naming the idea it shows in "idea". The file ships
 * inside LayerLoom, so a broken one is a build mistake: it stops with the entry and the rule.
 */
record TemplateIndex(List<Idea> ideas, List<Template> templates) {

    TemplateIndex {
        ideas = List.copyOf(ideas);
        templates = List.copyOf(templates);
    }

    static TemplateIndex parse(String text) {
        Object root;
        try {
            root = PlainJson.parse(text, "templates/index.json");
        } catch (GraphFormatException e) {
            throw broken(e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw broken("the file is not a JSON object");
        }
        List<Idea> ideas = new ArrayList<>();
        Set<String> ideaIds = new HashSet<>();
        for (Map<?, ?> m : objects(top, "ideas")) {
            Idea idea = new Idea(string(m, "id", "an idea"), string(m, "title", "idea " + m.get("id")),
                    string(m, "sentence", "idea " + m.get("id")));
            if (!ideaIds.add(idea.id())) {
                throw broken("the idea '" + idea.id() + "' is listed twice");
            }
            ideas.add(idea);
        }
        List<Template> templates = new ArrayList<>();
        Set<String> templateIds = new HashSet<>();
        for (Map<?, ?> m : objects(top, "templates")) {
            String id = string(m, "id", "a template");
            String where = "template '" + id + "'";
            if (!templateIds.add(id)) {
                throw broken(where + " is listed twice");
            }
            String idea = string(m, "idea", where);
            if (!ideaIds.contains(idea)) {
                throw broken(where + " names the idea '" + idea + "', which is not in \"ideas\"; add it there or use one of "
                        + ideas.stream().map(Idea::id).toList());
            }
            if (!(m.get("input") instanceof List<?> dims)) {
                throw broken(where + " has no \"input\" list");
            }
            List<Long> input = dims.stream().map(x -> number(x, where + " input")).toList();
            Object total = m.get("publishedTotalParams");
            templates.add(new Template(id, string(m, "title", where), idea, string(m, "description", where), input,
                    number(m.get("publishedTrainableParams"), where + " publishedTrainableParams"),
                    total == null ? OptionalLong.empty() : OptionalLong.of(number(total, where + " publishedTotalParams")),
                    string(m, "source", where), string(m, "file", where)));
        }
        return new TemplateIndex(ideas, templates);
    }

    /** The ideas in gallery order, each with its templates; an idea no template shows is left out. */
    List<TemplateGroup> groups() {
        Map<String, List<Template>> byIdea = new LinkedHashMap<>();
        ideas.forEach(i -> byIdea.put(i.id(), new ArrayList<>()));
        templates.forEach(t -> byIdea.get(t.idea()).add(t));
        return ideas.stream().filter(i -> !byIdea.get(i.id()).isEmpty())
                .map(i -> new TemplateGroup(i, byIdea.get(i.id()))).toList();
    }

    private static List<Map<?, ?>> objects(Map<?, ?> top, String field) {
        if (!(top.get(field) instanceof List<?> list)) {
            throw broken("the top-level \"" + field + "\" array is missing");
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw broken("an entry of \"" + field + "\" is not an object");
            }
            out.add(m);
        }
        return out;
    }

    private static String string(Map<?, ?> m, String field, String where) {
        if (!(m.get(field) instanceof String s) || s.isBlank()) {
            throw broken(where + " has no \"" + field + "\" text");
        }
        return s;
    }

    private static long number(Object value, String where) {
        if (!(value instanceof BigDecimal d)) {
            throw broken(where + " is not a number");
        }
        return d.longValueExact();
    }

    private static IllegalStateException broken(String why) {
        return new IllegalStateException("shipped template index is broken: " + why);
    }
}
