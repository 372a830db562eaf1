package io.layerloom.app.training;

import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.PlainJson;
import io.layerloom.model.util.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Where a trained model is saved: {@code NAME.dl4j.zip} beside the graph {@code NAME.json} (or
 * in --save DIR), a DL4J model file, with {@code NAME.dl4j.json} recording how it was trained,
 * so that {@code evaluate} rebuilds the same test set. The designer's export writes the same pair.
 * The model file is ModelSerializer's format, written by {@link ModelZip} (faster, same content).
 */
public final class ModelFiles {

    /** How the model was trained: enough to evaluate it again on the same data split. */
    public record Provenance(String graph, String data, long seed, double validationFraction, double testAccuracy) {
    }

    private ModelFiles() {
    }

    public static Path modelFor(Path graphFile, Path saveDir) {
        String name = graphFile.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        Path dir = saveDir != null ? saveDir : graphFile.toAbsolutePath().getParent();
        return dir.resolve(stem + ".dl4j.zip");
    }

    static Path provenanceFor(Path model) {
        String name = model.getFileName().toString();
        String stem = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return model.resolveSibling(stem + ".json");
    }

    /** Saves the network (with its updater state) and its provenance, each through a temporary file. */
    public static void save(ComputationGraph net, Path model, Provenance p) throws IOException {
        save(net, model, p, true);
    }

    /**
     * The same, without the updater state when {@code withUpdater} is false: a network that has not
     * trained (an imported one) has none worth keeping, and for Adam it would triple the file.
     */
    public static void save(ComputationGraph net, Path model, Provenance p, boolean withUpdater) throws IOException {
        Files.createDirectories(model.toAbsolutePath().getParent());
        AtomicFiles.write(model, tmp -> ModelZip.write(net, tmp, withUpdater));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("graph", p.graph());
        json.put("data", p.data());
        json.put("seed", p.seed());
        json.put("validationFraction", p.validationFraction());
        json.put("testAccuracy", Double.isFinite(p.testAccuracy()) ? p.testAccuracy() : null);
        AtomicFiles.writeString(provenanceFor(model), PlainJson.write(json));
    }

    @SuppressWarnings("unchecked")
    public static Optional<Provenance> readProvenance(Path model) throws IOException {
        Path meta = provenanceFor(model);
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> m = (Map<String, Object>) PlainJson.read(meta);
            return Optional.of(new Provenance((String) m.get("graph"), (String) m.get("data"),
                    ((BigDecimal) m.get("seed")).longValueExact(), ((BigDecimal) m.get("validationFraction")).doubleValue(),
                    m.get("testAccuracy") == null ? Double.NaN : ((BigDecimal) m.get("testAccuracy")).doubleValue()));
        } catch (GraphFormatException | ClassCastException | NullPointerException | ArithmeticException e) {
            throw new IOException(meta + ": not a LayerLoom model record (" + e.getMessage() + ")", e);
        }
    }
}
