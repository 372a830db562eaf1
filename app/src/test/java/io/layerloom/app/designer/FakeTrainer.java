package io.layerloom.app.designer;

import io.layerloom.app.data.CsvReader;
import io.layerloom.app.data.DataException;
import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.training.TrainingEvent;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A trainer that loads a fixed small data set and emits the events a test scripts, synchronously. */
public final class FakeTrainer implements TrainerService {

    public final List<String> loadedSources = new ArrayList<>();
    public final List<TrainingSettings> startedWith = new ArrayList<>();
    /** The initial weights of each run started. */
    public final List<io.layerloom.codegen.dl4j.Weights> startedFrom = new ArrayList<>();
    public DataSplit split = images(1, 8, 8, 3, 30);
    public DataException loadFailure;
    public Listener listener;
    public FakeSession session;

    /** {@code count} images of c x h x w whose pixel values are their index, classes in turn. */
    public static DataSplit images(int c, int h, int w, int classes, int count) {
        return new DataSplit(data("Synthetic", c, h, w, classes, count), data("Synthetic", c, h, w, classes, 6),
                Optional.of(data("Synthetic", c, h, w, classes, 12)));
    }

    private static LoadedData data(String name, int c, int h, int w, int classes, int count) {
        int size = c * h * w;
        float[] f = new float[count * size];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < size; j++) {
                f[i * size + j] = (float) j / size;
            }
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add("class " + k);
        }
        return new LoadedData(name, List.of((long) c, (long) h, (long) w), names, f, labels);
    }

    @Override
    public boolean fullFashionMnistAvailable() {
        return false;
    }

    @Override
    public DataSplit load(String source, List<Long> imageShape, long seed, CsvReader.Options csv) throws DataException {
        loadedSources.add(source);
        if (loadFailure != null) {
            throw loadFailure;
        }
        return split;
    }

    @Override
    public Session start(Graph graph, DataSplit data, List<Long> inputShape, TrainingSettings settings,
                         java.util.function.Supplier<io.layerloom.codegen.dl4j.Weights> initial, Listener l) {
        startedWith.add(settings);
        startedFrom.add(initial.get());
        listener = l;
        session = new FakeSession();
        return session;
    }

    public void emit(TrainingEvent... events) {
        for (TrainingEvent e : events) {
            listener.event(e);
        }
    }

    public static final class FakeSession implements Session {
        public boolean paused;
        public boolean stopped;
        public boolean model = true;
        public Path exportedTo;

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public void stop() {
            stopped = true;
        }

        @Override
        public boolean hasModel() {
            return model;
        }

        @Override
        public void export(Path file, String graphName, String dataSource, long seed, double testAccuracy) throws IOException {
            exportedTo = file;
        }
    }
}
