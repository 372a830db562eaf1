package io.layerloom.app.training;

import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.PlainJson;
import io.layerloom.model.util.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Where a trained model is saved: {@code NAME.dl4j.zip} beside the graph {@code NAME.json} (or
 * in --save DIR), a DL4J model file, with {@code NAME.dl4j.json} recording how it was trained,
 * so that {@code evaluate} rebuilds the same test set. The designer's export writes the same pair.
 * The model file is ModelSerializer's format, written by {@link ModelZip} (faster, same content).
 *
 * <p>The two files are two writes, each atomic ({@link AtomicFiles}), so a save killed between
 * them leaves a new model beside the old record. The record therefore names its model: its size
 * and CRC-32C ({@code modelBytes}, {@code modelCrc32c}, computed while the model is written), and
 * {@link #readProvenance} refuses a record that does not describe the model beside it
 * ({@link MismatchedRecord}) instead of letting {@code evaluate} rebuild another model's test set.
 * CRC-32C, not SHA-256: it reads 2 GB/s here against SHA-256's 0.35 (a VGG-16 model is 528 MB), and
 * it guards against an accident, not an attacker. A save killed inside a write leaves that
 * write's temporary file ({@code .NAME.dl4j.zip.*.tmp}); the next save of the same model removes it.
 */
public final class ModelFiles {

    /**
     * How the model was trained: enough to evaluate it again on the same data split, transformed as
     * training transformed it ({@code transform}: the fit and the normalisation).
     */
    public record Provenance(String graph, String data, long seed, double validationFraction, double testAccuracy,
                             io.layerloom.app.data.DataTransform transform) {
        public Provenance {
            java.util.Objects.requireNonNull(transform, "transform");
        }

        public Provenance(String graph, String data, long seed, double validationFraction, double testAccuracy) {
            this(graph, data, seed, validationFraction, testAccuracy, io.layerloom.app.data.DataTransform.NONE);
        }
    }

    /** The record beside a model describes another model file: the message names both and the fix. */
    public static final class MismatchedRecord extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Provenance provenance;

        MismatchedRecord(String message, Provenance provenance) {
            super(message);
            this.provenance = provenance;
        }

        /** What the record says, for a caller that can do without it (the user named the data and seed). */
        public Provenance provenance() {
            return provenance;
        }
    }

    /** Runs between the model's write and the record's (tests put a failure there: a save killed half-way). */
    @FunctionalInterface
    interface BetweenWrites {
        void run() throws IOException;
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
        save(net, model, p, withUpdater, () -> { });
    }

    static void save(ComputationGraph net, Path model, Provenance p, boolean withUpdater, BetweenWrites between)
            throws IOException {
        Files.createDirectories(model.toAbsolutePath().getParent());
        Path record = provenanceFor(model);
        removeLeftovers(model);
        removeLeftovers(record);
        CRC32C crc = new CRC32C();
        AtomicFiles.write(model, tmp -> {
            try (OutputStream out = new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), crc)) {
                ModelZip.write(net, out, withUpdater);
            }
        });
        long bytes = Files.size(model);
        between.run();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("graph", p.graph());
        json.put("data", p.data());
        json.put("seed", p.seed());
        json.put("validationFraction", p.validationFraction());
        json.put("testAccuracy", Double.isFinite(p.testAccuracy()) ? p.testAccuracy() : null);
        TransformRecord.put(json, p.transform());
        json.put("model", model.getFileName().toString());
        json.put("modelBytes", bytes);
        json.put("modelCrc32c", hex(crc.getValue()));
        AtomicFiles.writeString(record, PlainJson.write(json));
    }

    /**
     * The temporary files a killed save of {@code file} left ({@link AtomicFiles} names them
     * {@code .NAME.RANDOM.tmp} beside it): nothing reads them, but a model's is as large as the model.
     */
    private static void removeLeftovers(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        String prefix = "." + absolute.getFileName() + ".";
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(absolute.getParent(),
                f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".tmp"))) {
            for (Path f : leftovers) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static String hex(long crc) {
        return String.format(java.util.Locale.ROOT, "%08x", crc);
    }

    /** The CRC-32C of a file, as the record holds it. */
    static String crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return hex(crc.getValue());
    }

    /**
     * The record beside {@code model}, empty when there is none.
     *
     * @throws MismatchedRecord the record names another model file (another size or checksum): a save
     *                          was interrupted between its two writes, or one file was replaced
     * @throws IOException      the record cannot be read
     */
    @SuppressWarnings("unchecked")
    public static Optional<Provenance> readProvenance(Path model) throws IOException {
        Path meta = provenanceFor(model);
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        Map<String, Object> m;
        Provenance p;
        try {
            m = (Map<String, Object>) PlainJson.read(meta);
            p = new Provenance((String) m.get("graph"), (String) m.get("data"),
                    ((BigDecimal) m.get("seed")).longValueExact(), ((BigDecimal) m.get("validationFraction")).doubleValue(),
                    m.get("testAccuracy") == null ? Double.NaN : ((BigDecimal) m.get("testAccuracy")).doubleValue(),
                    TransformRecord.read(m));
        } catch (GraphFormatException | ClassCastException | NullPointerException | ArithmeticException
                 | IllegalArgumentException e) {
            throw new IOException(meta + ": not a LayerLoom model record (" + e.getMessage() + ")", e);
        }
        // records written before the checksum was added name no model: nothing to compare
        if (m.get("modelCrc32c") instanceof String expected && m.get("modelBytes") instanceof BigDecimal size
                && Files.isRegularFile(model)) {
            long bytes = Files.size(model);
            String actual = bytes == size.longValue() ? crc32c(model) : null;
            if (!expected.equals(actual)) {
                throw new MismatchedRecord(meta + " does not describe " + model + ": it records a model of "
                        + String.format(java.util.Locale.ROOT, "%,d", size.longValue()) + " bytes with CRC-32C " + expected
                        + ", the file has " + String.format(java.util.Locale.ROOT, "%,d", bytes) + " bytes"
                        + (actual == null ? "" : " with CRC-32C " + actual) + ". A save was interrupted between the two files, "
                        + "or one of them was replaced. Train again to write both (layerloom train), or give the data and seed "
                        + "the model was trained with (--data and --seed) and delete " + meta.getFileName() + ".", p);
            }
        }
        return Optional.of(p);
    }
}
