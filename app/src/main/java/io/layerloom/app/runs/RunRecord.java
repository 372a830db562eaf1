package io.layerloom.app.runs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One training run as {@code NAME.runs/ID.json} records it (docs/runs.md): what was trained
 * (the graph file and its network's hash), how (the graph's whole training settings object, as
 * the graph writer writes it, so fields added later appear without this class knowing them; the
 * data), what came of it (per-epoch metrics, the test set's accuracy and confusion matrix, the
 * outcome), and where and with what (machine, LayerLoom version).
 *
 * @param id              the file's name without {@code .json}: the start time, UTC, to the millisecond
 * @param origin          what started it: {@code cli}, {@code sweep} or {@code window}
 * @param failure         why a failed run failed (reason and hint), null otherwise
 * @param settings        the graph's training settings object as written in a graph file
 * @param resumedFrom     the saved run this one continued, or null
 * @param earlyStopping   which epoch's weights early stopping kept, or null when it was off
 * @param testAccuracy    NaN when there is no test set or the run did not get that far
 * @param confusionMatrix the test set's, rows the true class and columns the predicted one; empty without a test
 */
public record RunRecord(String id, Instant started, double durationSeconds, Outcome outcome, String failure, String origin,
                        GraphRef graph, Map<String, Object> settings, DataRef data, Resume resumedFrom, Kept earlyStopping,
                        List<EpochMetrics> epochs, double testAccuracy, List<String> classes,
                        List<List<Integer>> confusionMatrix, Machine machine, String layerloom) {

    /** The record's format version: a reader refuses a newer one. */
    public static final int VERSION = 1;

    /** How a run ended. */
    public enum Outcome { FINISHED, STOPPED, FAILED }

    /** The graph file trained, its network's {@link GraphDigest} and the network's parameter count. */
    public record GraphRef(String file, String name, String contentSha256, long parameters) {
    }

    /** The data set as given ({@code --data} or the window's choice) and the examples in each part. */
    public record DataRef(String source, int train, int validation, int test) {
    }

    /** The saved model a resumed run continued, after how many epochs, and whether its optimizer state came along. */
    public record Resume(String model, int completedEpochs, boolean updaterState) {
    }

    /** Early stopping: its patience, the epoch whose weights were kept and its validation loss, the last epoch trained. */
    public record Kept(int patience, int keptEpoch, double validationLoss, int lastEpoch) {
    }

    /** One epoch's figures; the validation ones are NaN without a validation set. */
    public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                               double validationAccuracy, double seconds) {
    }

    public RunRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
        settings = RunJson.frozen(settings);
        epochs = List.copyOf(epochs);
        classes = List.copyOf(classes);
        confusionMatrix = confusionMatrix.stream().map(List::copyOf).toList();
    }

    /**
     * The validation loss of the weights the run ended with: the kept epoch's when early stopping
     * restored one, else the last epoch's; NaN when there is none.
     */
    public double finalValidationLoss() {
        if (earlyStopping != null) {
            return earlyStopping.validationLoss();
        }
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).validationLoss();
    }

    /** The setting {@code key} of the record's settings object as the file spells it, "" when it has none. */
    public String setting(String key) {
        Object v = settings.get(key);
        return v == null ? "" : v.toString();
    }
}
