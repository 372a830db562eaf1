package io.layerloom.model.template;

import java.util.List;
import java.util.OptionalLong;

/**
 * A ready-made network, with the published parameter count it reproduces and where that count
 * is printed.
 *
 * @param idea                 the id of the {@link Idea} the network introduced, under which the gallery lists it
 * @param publishedTotalParams present where the source counts non-trainable values the way we do
 */
public record Template(String id, String title, String idea, String description, List<Long> input,
                       long publishedTrainableParams, OptionalLong publishedTotalParams, String source, String resource) {

    public Template {
        input = List.copyOf(input);
    }
}
