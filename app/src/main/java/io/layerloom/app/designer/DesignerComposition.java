package io.layerloom.app.designer;

import io.layerloom.app.AppVersion;
import io.layerloom.app.data.DataSources;
import io.layerloom.app.designer.service.DialogService;
import io.layerloom.app.designer.service.Dl4jNetworkFiles;
import io.layerloom.app.designer.service.Dl4jTrainerService;
import io.layerloom.app.designer.service.FxExecutors;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.service.ProfileService;
import io.layerloom.app.designer.service.PruneService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.service.RecoveryJournal;
import io.layerloom.app.designer.service.RecoveryStore;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.app.designer.viewmodel.AboutViewModel;
import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.app.designer.viewmodel.CodeViewModel;
import io.layerloom.app.designer.viewmodel.DocumentViewModel;
import io.layerloom.app.designer.viewmodel.ExplainViewModel;
import io.layerloom.app.designer.viewmodel.ExportViewModel;
import io.layerloom.app.designer.viewmodel.InspectorViewModel;
import io.layerloom.app.designer.viewmodel.MainViewModel;
import io.layerloom.app.designer.viewmodel.OnnxViewModel;
import io.layerloom.app.designer.viewmodel.PaletteViewModel;
import io.layerloom.app.designer.viewmodel.ProblemsViewModel;
import io.layerloom.app.designer.viewmodel.RecoveryViewModel;
import io.layerloom.app.designer.viewmodel.ProfileViewModel;
import io.layerloom.app.designer.viewmodel.PruneViewModel;
import io.layerloom.app.designer.viewmodel.AdvisorViewModel;
import io.layerloom.app.designer.viewmodel.StatusViewModel;
import io.layerloom.app.designer.viewmodel.SummaryViewModel;
import io.layerloom.app.designer.viewmodel.ThreadsViewModel;
import io.layerloom.app.designer.viewmodel.TrainingViewModel;
import io.layerloom.app.designer.viewmodel.WindowViewModels;
import io.layerloom.app.runtime.Dl4jRuntime;
import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.model.training.TrainingSettings;
import io.layerloom.model.graph.Graph;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The composition root of one window: the only place that makes its threads, services and view
 * models and wires them together. Views receive what it made and only bind and forward gestures.
 * The Summary, Code and Training tabs' models are made when their tab first opens (the window
 * appears sooner); closing the window ends a running training and stops every thread made here.
 * With a {@link RecoveryStore}, every unsaved state of the document is journaled to a recovery
 * file ({@link RecoveryJournal}); saving, closing or replacing the document deletes it.
 */
public final class DesignerComposition {

    private final List<ExecutorService> threads = new ArrayList<>();
    private final ExecutorService trainingThread;
    private final Lazy<TrainingViewModel> training;
    private final WindowViewModels models;
    /** Null when the window keeps no recovery file (tests, or a data folder that cannot be written). */
    private final RecoveryJournal journal;
    private final ScheduledExecutorService journalThread;

    /**
     * @param ui     the UI thread's executor
     * @param worker makes the named background executors (daemon threads in the window; tests may
     *               run everything on the calling thread)
     */
    private DesignerComposition(Graph initial, DialogService dialogs, RecentFilesStore recent, Executor ui,
                                Function<String, Executor> worker, RecoveryStore recovery, ThreadsViewModel.Store threadSetting) {
        ThreadsViewModel threads = ThreadsViewModel.forMachine(threadSetting);
        BackgroundTasks tasks = new BackgroundTasks(ui);
        DocumentViewModel document = new DocumentViewModel(initial, tasks, own(worker.apply("layerloom-analysis")));
        StatusViewModel status = new StatusViewModel(document, tasks);
        MainViewModel files = new MainViewModel(document, status, dialogs, recent, own(worker.apply("layerloom-files")), ui,
                GraphLayoutService::placeMissing, new Dl4jNetworkFiles());
        Executor training = worker.apply("layerloom-training");
        // not one of threads: it ends gracefully, after the run it is asked to stop
        trainingThread = training instanceof ExecutorService s ? s : null;
        // Run > Threads says what the open graph's training would compute with, and why
        threads.follow(() -> document.analysis() == null ? java.util.Optional.empty() : NetworkWork.of(document.graph(),
                document.analysis(), document.graph().training().orElse(TrainingSettings.defaults()).batchSize(),
                NetworkWork.Pass.TRAINING));
        ExportViewModel[] export = new ExportViewModel[1];
        this.training = new Lazy<>(() -> {
            TrainingViewModel made = new TrainingViewModel(document,
                    new Dl4jTrainerService(DataSources.standard(), training, threads::choice), tasks, training);
            export[0].trainingMade(made);
            return made;
        });
        export[0] = new ExportViewModel(files, dialogs, this.training::made);
        Executor codegen = own(worker.apply("layerloom-codegen"));
        ProfileViewModel profile = new ProfileViewModel(document, ProfileService.dl4j(threads::choice), tasks, own(worker.apply("layerloom-profile")), ui);
        Executor advisor = own(worker.apply("layerloom-advisor"));
        Executor pruning = own(worker.apply("layerloom-prune"));
        models = new WindowViewModels(files, status, export[0],
                new OnnxViewModel(files),
                new CanvasViewModel(document), new PaletteViewModel(document), new InspectorViewModel(document),
                new ProblemsViewModel(document), new Lazy<>(() -> new SummaryViewModel(document)),
                new Lazy<>(() -> new CodeViewModel(document, tasks, codegen)), this.training,
                new AboutViewModel(AppVersion.NAME_AND_VERSION, () -> Dl4jRuntime.report().text(), tasks,
                        own(worker.apply("layerloom-runtime-check"))),
                profile, new Lazy<>(() -> new AdvisorViewModel(document, profile.shareByNode(), tasks, advisor)),
                threads, new Lazy<>(() -> new PruneViewModel(files, PruneService.dl4j(threads::choice), tasks, pruning, ui)),
                explain(document, tasks, own(worker.apply("layerloom-explain"))));
        if (recovery == null) {
            journal = null;
            journalThread = null;
        } else {
            journalThread = FxExecutors.scheduledWorker("layerloom-recovery");
            journal = new RecoveryJournal(recovery, journalThread, RecoveryJournal.DEFAULT_DELAY_MILLIS, Clock.systemUTC(),
                    AppVersion.NAME_AND_VERSION, message -> ui.execute(() -> status.show(message)));
            // every edit, undo, redo, open and save changes the revision
            document.revisionProperty().addListener((o, was, is) -> {
                if (document.isDirty()) {
                    journal.edited(journalState(document));
                } else {
                    journal.clear();
                }
            });
        }
    }

    /** The Explain tab's model, made when the tab first opens; it looks into the Training tab's network when there is one. */
    private Lazy<ExplainViewModel> explain(DocumentViewModel document, BackgroundTasks tasks, Executor worker) {
        return new Lazy<>(() -> new ExplainViewModel(document,
                () -> training.made().flatMap(TrainingViewModel::explainable), tasks, worker));
    }

    private static RecoveryJournal.State journalState(DocumentViewModel document) {
        return new RecoveryJournal.State(document.graph(), document.file().orElse(null), document.displayName());
    }

    /** The running window's: daemon worker threads, results delivered on the JavaFX thread. */
    public static DesignerComposition create(Graph initial, DialogService dialogs, RecentFilesStore recent) {
        return create(initial, dialogs, recent, null);
    }

    /** The same, journaling unsaved work to {@code recovery} (null: no recovery files). */
    public static DesignerComposition create(Graph initial, DialogService dialogs, RecentFilesStore recent,
                                             RecoveryStore recovery) {
        return create(initial, dialogs, recent, recovery, ThreadsViewModel.Store.inMemory());
    }

    /** The same, with the Run > Threads setting kept in {@code threadSetting}. */
    public static DesignerComposition create(Graph initial, DialogService dialogs, RecentFilesStore recent,
                                             RecoveryStore recovery, ThreadsViewModel.Store threadSetting) {
        return new DesignerComposition(initial, dialogs, recent, FxExecutors.ui(), FxExecutors::worker, recovery,
                threadSetting);
    }

    /** Everything on the calling thread (tests of the window that never train). */
    public static DesignerComposition direct(Graph initial, DialogService dialogs, RecentFilesStore recent) {
        return new DesignerComposition(initial, dialogs, recent, Runnable::run, name -> Runnable::run, null,
                ThreadsViewModel.Store.inMemory());
    }

    /**
     * The start-up offer of what earlier sessions left unsaved; {@code restorer} opens a snapshot
     * in a window ({@link #restore}). Files are read and written on a daemon thread of its own.
     */
    public static RecoveryViewModel recoveryOffer(RecoveryStore recovery, DialogService dialogs,
                                                  BiConsumer<RecoveryStore.Snapshot, Path> restorer) {
        return new RecoveryViewModel(recovery, dialogs, FxExecutors.worker("layerloom-recovery-offer"), FxExecutors.ui(),
                restorer, ZoneId.systemDefault());
    }

    /**
     * Opens restored work as this window's document, unsaved; once this window's journal has
     * written it, the recovery file it came from is deleted.
     */
    public void restore(RecoveryStore.Snapshot snapshot, Path recoveryFile) {
        DocumentViewModel document = models.document();
        document.replaceRecovered(snapshot.graph(), snapshot.original());
        models.status().show("Restored " + snapshot.name() + " (unsaved)");
        if (journal != null) {
            journal.adopt(journalState(document), recoveryFile);
        }
    }

    /** This window's recovery journal, if it keeps one. */
    public java.util.Optional<RecoveryJournal> journal() {
        return java.util.Optional.ofNullable(journal);
    }

    public WindowViewModels models() {
        return models;
    }

    /** The window is closing: stops a running training, then the threads. */
    public void shutdown() {
        if (journal != null) {
            // a normal close: what was unsaved was saved or discarded by the user
            journal.clear();
            journalThread.shutdown();
            try {
                journalThread.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        training.made().ifPresent(TrainingViewModel::shutdown);
        if (trainingThread != null) {
            trainingThread.shutdown();
        }
        threads.forEach(ExecutorService::shutdownNow);
    }

    private Executor own(Executor executor) {
        if (executor instanceof ExecutorService s) {
            threads.add(s);
        }
        return executor;
    }
}
