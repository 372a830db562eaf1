package io.layerloom.model.template;

import java.util.List;

/** One section of the template gallery: an idea and the templates that show it, in index order. */
public record TemplateGroup(Idea idea, List<Template> templates) {

    public TemplateGroup {
        templates = List.copyOf(templates);
    }
}
