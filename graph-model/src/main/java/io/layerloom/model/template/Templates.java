package io.layerloom.model.template;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.util.Suggest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The templates shipped as resources, listed in templates/index.json. */
public final class Templates {

    private static final String DIR = "/io/layerloom/model/templates/";
    private static volatile TemplateIndex index;

    private Templates() {
    }

    private static TemplateIndex index() {
        TemplateIndex i = index;
        if (i == null) {
            i = TemplateIndex.parse(resource("index.json"));
            index = i;
        }
        return i;
    }

    public static List<Template> all() {
        return index().templates();
    }

    /** The ideas the classic networks introduced, in gallery order. */
    public static List<Idea> ideas() {
        return index().ideas();
    }

    /** The gallery: each idea with the templates that show it, in gallery order. */
    public static List<TemplateGroup> byIdea() {
        return index().groups();
    }

    public static List<String> ids() {
        return all().stream().map(Template::id).toList();
    }

    public static Optional<Template> byId(String id) {
        return all().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public static String didYouMean(String id) {
        return Suggest.didYouMean(id, ids());
    }

    /** The template's graph file as shipped. */
    public static String text(Template t) {
        return resource(t.resource());
    }

    public static Graph graph(Template t) {
        try {
            return GraphJson.read(text(t), "template " + t.id());
        } catch (GraphFormatException e) {
            throw new IllegalStateException("shipped template is broken: " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Templates.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
