package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.RecordingTrainerService;
import io.layerloom.app.designer.service.TrainerService;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.app.runs.RunFiles;
import io.layerloom.app.runs.RunRecord;
import io.layerloom.app.runs.SettingsDiff;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Training tab's Runs view: the runs recorded beside the open graph ({@code NAME.runs/}),
 * newest last, each with a tick; the settings that differ between all of them are the table's
 * columns, and those that differ between the ticked ones are highlighted; the ticked runs' curves
 * are overlaid. Records are read in the background when the graph's file changes, when a run
 * ends (its record is written by then, {@link RecordingTrainerService}) and on {@link #reload};
 * Discard deletes the selected runs' records, which is how a run the user does not want is not kept.
 */
public final class RunsViewModel {

    /** How many of the newest runs are ticked when the runs are first read. */
    public static final int TICKED_AT_FIRST = 3;

    /** One recorded run as a row. */
    public static final class Row {
        private final RunRecord run;
        private final BooleanProperty ticked = new SimpleBooleanProperty(this, "ticked");

        Row(RunRecord run) {
            this.run = run;
        }

        public RunRecord run() {
            return run;
        }

        public BooleanProperty tickedProperty() {
            return ticked;
        }

        /** The start, local time, to the second ("12-03 04:15:22"). */
        public String started() {
            return java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
                    .withZone(java.time.ZoneId.systemDefault()).format(run.started());
        }

        public String outcome() {
            return run.outcome().name().toLowerCase(Locale.ROOT) + (run.earlyStopping() == null ? ""
                    : " (kept " + run.earlyStopping().keptEpoch() + ")");
        }

        public int epochs() {
            return run.epochs().isEmpty() ? 0 : run.epochs().get(run.epochs().size() - 1).epoch();
        }

        /** The value of setting {@code key} (or {@link SettingsDiff#DATA}, {@link SettingsDiff#NETWORK}). */
        public String setting(String key) {
            return SettingsDiff.text(run, key);
        }

        /** The run's name in a chart's legend: its start time and what sets it apart from the other ticked runs. */
        public String label(List<String> differing) {
            String time = started().substring(6);
            String what = differing.stream().map(k -> k + " " + setting(k)).collect(Collectors.joining(", "));
            return what.isEmpty() ? time : time + ": " + what;
        }
    }

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> ticked = FXCollections.observableArrayList();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObservableList<String> highlighted = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final DocumentViewModel document;
    private final LatestTask<RunFiles.Listing> reading;
    private boolean readBefore;
    /** Set on the training thread, shown (and cleared) by the next read on the UI thread. */
    private final java.util.concurrent.atomic.AtomicReference<String> notRecorded = new java.util.concurrent.atomic.AtomicReference<>();

    /** @param runState the Training tab's state: the runs are read again when a run has ended */
    RunsViewModel(DocumentViewModel document, LatestTask<RunFiles.Listing> reading,
                  javafx.beans.value.ObservableValue<TrainingViewModel.State> runState) {
        this.document = document;
        this.reading = reading;
        runState.addListener((o, was, is) -> {
            if (is == TrainingViewModel.State.FINISHED || is == TrainingViewModel.State.STOPPED
                    || is == TrainingViewModel.State.FAILED) {
                reload();
            }
        });
        document.fileProperty().addListener((o, was, is) -> {
            readBefore = false;
            reload();
        });
    }

    /**
     * {@code inner}, recording each run it starts beside the open graph's file; why a run was not
     * recorded is shown when the runs are read after it.
     */
    TrainerService recording(TrainerService inner, Supplier<String> dataSource) {
        return new RecordingTrainerService(inner, document::file, dataSource, notRecorded::set);
    }

    /** Reads the open graph's runs again, in the background. */
    public void reload() {
        Optional<Path> file = document.file();
        if (file.isEmpty()) {
            reading.cancel();
            apply(new RunFiles.Listing(List.of(), List.of()), "Runs are recorded beside the graph's file: save the graph to keep them.");
            return;
        }
        reading.request(() -> RunFiles.list(file.get()), listing -> apply(listing, null),
                e -> apply(new RunFiles.Listing(List.of(), List.of()), "The runs could not be read: " + e.getMessage()));
    }

    /** Deletes the records of {@code discarded} (in the background) and reads the runs again. */
    public void discard(List<Row> discarded) {
        Optional<Path> file = document.file();
        List<String> ids = discarded.stream().map(r -> r.run().id()).toList();
        if (file.isEmpty() || ids.isEmpty()) {
            return;
        }
        reading.request(() -> {
            for (String id : ids) {
                RunFiles.discard(file.get(), id);
            }
            return RunFiles.list(file.get());
        }, listing -> apply(listing, null), e -> apply(new RunFiles.Listing(List.of(), List.of()),
                "The runs could not be discarded: " + e.getMessage()));
    }

    private void apply(RunFiles.Listing listing, String problem) {
        Set<String> wasTicked = ticked.stream().map(r -> r.run().id()).collect(Collectors.toSet());
        List<Row> made = listing.runs().stream().map(Row::new).toList();
        for (int i = 0; i < made.size(); i++) {
            Row row = made.get(i);
            // the first read ticks the newest runs; later ones keep the ticks and tick each new run
            boolean isNew = readBefore && rows.stream().noneMatch(r -> r.run().id().equals(row.run().id()));
            row.tickedProperty().set(wasTicked.contains(row.run().id()) || isNew || !readBefore && i >= made.size() - TICKED_AT_FIRST);
            row.tickedProperty().addListener((o, was, is) -> tickedChanged());
        }
        readBefore = true;
        rows.setAll(made);
        columns.setAll(SettingsDiff.differing(listing.runs()));
        tickedChanged();
        String lost = notRecorded.getAndSet(null);
        message.set(problem != null ? problem : lost != null ? lost : !listing.problems().isEmpty()
                ? listing.problems().size() + " record(s) could not be read: " + String.join("; ", listing.problems())
                : made.isEmpty() ? "No runs recorded yet: every run you start is recorded here." : "");
    }

    private void tickedChanged() {
        List<Row> now = new ArrayList<>(rows.filtered(r -> r.tickedProperty().get()));
        // highlighted first: a listener of ticked names the curves by what differs
        highlighted.setAll(SettingsDiff.differing(now.stream().map(Row::run).toList()));
        ticked.setAll(now);
    }

    /** Every recorded run, oldest first (the table sorts its own view of them). */
    public ObservableList<Row> rows() {
        return rows;
    }

    /** The ticked runs, whose curves are overlaid. */
    public ObservableList<Row> ticked() {
        return ticked;
    }

    /** The settings that differ between the recorded runs: the table's setting columns. */
    public ObservableList<String> columns() {
        return columns;
    }

    /** The settings that differ between the ticked runs: highlighted in the table, named in the legend. */
    public ObservableList<String> highlighted() {
        return highlighted;
    }

    /** Why there is nothing to show, or a record that could not be read; empty otherwise. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
