package io.layerloom.app.data;

import java.util.List;

/**
 * What a data set is, known before it is loaded (from its name, an IDX header, its class folders,
 * a synthetic spec): enough to check it against the graph before minutes of loading.
 */
public record DataHeader(String name, List<Long> exampleShape, int numClasses) {
    public DataHeader {
        exampleShape = List.copyOf(exampleShape);
    }
}
