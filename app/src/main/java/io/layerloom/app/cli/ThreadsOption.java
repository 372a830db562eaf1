package io.layerloom.app.cli;

import io.layerloom.app.runtime.NetworkWork;
import io.layerloom.app.runtime.ThreadChoice;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --threads N} of the commands that compute with ND4J (train, evaluate, predict, profile):
 * the same option, the same default and the same order of choice everywhere ({@link ThreadChoice}).
 */
final class ThreadsOption {

    static final String DESCRIPTION = "Threads ND4J computes with (default: 1 for a network whose operations are too small "
            + "to gain from more, else every core that other work leaves free, by the load average; OMP_NUM_THREADS, when "
            + "set, is the default and the most).";

    @Option(names = "--threads", paramLabel = "N", description = DESCRIPTION)
    Integer threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The choice without the network (every free core by default); a bad value is a usage error naming the option. */
    ThreadChoice choice() {
        return choice(null);
    }

    /**
     * The choice for a network whose work is {@code work} (null: unknown): one thread by default
     * when its operations are small ({@link NetworkWork#small}).
     */
    ThreadChoice choice(NetworkWork work) {
        try {
            return ThreadChoice.forCommand(threads, work);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Checks the option before anything is read or loaded (the choice itself waits for the network). */
    void check() {
        choice(null);
    }
}
