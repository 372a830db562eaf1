package io.layerloom.model.template;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.PlainJson;
import io.layerloom.model.util.Suggest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The templates shipped as resources, listed in templates/index.json. */
public final class Templates {

    private static final String DIR = "/io/layerloom/model/templates/";
    private static volatile List<Template> all;

    private Templates() {
    }

    public static List<Template> all() {
        List<Template> list = all;
        if (list == null) {
            list = readIndex();
            all = list;
        }
        return list;
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

    @SuppressWarnings("unchecked")
    private static List<Template> readIndex() {
        Object root;
        try {
            root = PlainJson.parse(resource("index.json"), "templates/index.json");
        } catch (GraphFormatException e) {
            throw new IllegalStateException("shipped template index is broken: " + e.getMessage(), e);
        }
        List<Template> out = new ArrayList<>();
        for (Object o : (List<Object>) ((Map<String, Object>) root).get("templates")) {
            Map<String, Object> m = (Map<String, Object>) o;
            List<Long> input = ((List<Object>) m.get("input")).stream().map(x -> ((BigDecimal) x).longValueExact()).toList();
            Object total = m.get("publishedTotalParams");
            out.add(new Template((String) m.get("id"), (String) m.get("title"), (String) m.get("description"), input,
                    ((BigDecimal) m.get("publishedTrainableParams")).longValueExact(),
                    total == null ? OptionalLong.empty() : OptionalLong.of(((BigDecimal) total).longValueExact()),
                    (String) m.get("source"), (String) m.get("file")));
        }
        return List.copyOf(out);
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
