package io.layerloom.app.cli;

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

    static final String DESCRIPTION = "Threads ND4J computes with (default: every core that other work leaves free, by "
            + "the load average; OMP_NUM_THREADS, when set, is the default and the most).";

    @Option(names = "--threads", paramLabel = "N", description = DESCRIPTION)
    Integer threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The choice, checked before anything loads; a bad value is a usage error naming the option. */
    ThreadChoice choice() {
        try {
            return ThreadChoice.forCommand(threads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
