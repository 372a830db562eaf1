package io.layerloom.app.prune;

import io.layerloom.app.data.DataSources;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Writes a pruned network as {@code train} writes a trained one: the graph {@code SMALL.json} and
 * beside it {@code SMALL.dl4j.zip} with its record, naming the data, split seed and transform it was
 * measured (and fine-tuned) with, so that {@code evaluate}, {@code predict} and another {@code prune} read it.
 */
public final class PrunedModelFiles {

    private PrunedModelFiles() {
    }

    /** Writes both files; returns the model's path. */
    public static Path save(Graph graph, ComputationGraph net, Path out, PruneData data, double accuracy, boolean withUpdater)
            throws IOException {
        Path model = ModelFiles.modelFor(out, null);
        Files.createDirectories(out.toAbsolutePath().getParent());
        AtomicFiles.writeString(out, GraphJson.write(graph));
        ModelFiles.save(net, model, new ModelFiles.Provenance(out.getFileName().toString(), data.spec(), data.seed(),
                DataSources.Request.defaults().validationFraction(), accuracy, data.transform()), withUpdater);
        return model;
    }
}
