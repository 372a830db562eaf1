package io.layerloom.app.designer.viewmodel;

/**
 * Why the Training tab's Start is off, in one sentence, with the fix as a button when one action
 * removes it ({@code fixLabel}; {@link TrainingViewModel#fixBlocker} runs it). {@code duringRun}
 * when a run is what blocks it: the run's state says so already, so the tab shows no line for it.
 */
public record StartBlocker(String reason, String fixLabel, boolean duringRun) {

    public boolean hasFix() {
        return fixLabel != null;
    }

    /** What blocks Start, first things first, or null when nothing does. */
    static StartBlocker of(boolean runActive, TrainingViewModel.State state, boolean dataLoading,
                           TrainingDataViewModel.Problem problem, boolean hasData) {
        if (runActive) {
            return new StartBlocker(state == TrainingViewModel.State.STOPPING
                    ? "The run is stopping: Start is on again once it has ended."
                    : "A run is going: stop it, or let it finish, to start another.", null, true);
        }
        if (dataLoading) {
            return new StartBlocker("Start is off: the data is loading.", null, false);
        }
        if (problem != null) {
            return new StartBlocker("Start is off: " + problem.reason(), problem.fixLabel(), false);
        }
        if (!hasData) {
            return new StartBlocker("Start is off: no data is loaded; choose the data to train on.", null, false);
        }
        return null;
    }
}
