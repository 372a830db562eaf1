package io.layerloom.app.designer.viewmodel;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Every view model of the window, as the composition root made them, handed to the window's view
 * in one piece. The bottom tabs other than Problems are built when first opened (the window
 * appears sooner), so their models come as suppliers that make them once, on first use.
 */
public record WindowViewModels(MainViewModel files, StatusViewModel status, ExportViewModel export, OnnxViewModel onnx,
                               CanvasViewModel canvas, PaletteViewModel palette, InspectorViewModel inspector,
                               ProblemsViewModel problems, Supplier<SummaryViewModel> summary,
                               Supplier<CodeViewModel> code, Supplier<TrainingViewModel> training,
                               AboutViewModel about, ProfileViewModel profile, Supplier<AdvisorViewModel> advisor,
                               ThreadsViewModel threads, Supplier<PruneViewModel> prune,
                               Supplier<ExplainViewModel> explain) {

    public WindowViewModels {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(canvas, "canvas");
        Objects.requireNonNull(palette, "palette");
        Objects.requireNonNull(inspector, "inspector");
        Objects.requireNonNull(problems, "problems");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(about, "about");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(advisor, "advisor");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(prune, "prune");
        Objects.requireNonNull(explain, "explain");
    }

    /** The open graph every part works on. */
    public DocumentViewModel document() {
        return files.document();
    }
}
