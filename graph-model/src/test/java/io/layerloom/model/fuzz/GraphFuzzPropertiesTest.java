package io.layerloom.model.fuzz;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Assertions;

/**
 * Issue 12 section 4: the fuzzing in the build. Mutated templates (byte flips, truncations,
 * deleted, duplicated and swapped nodes, cycles, wrong types, duplicate keys, unicode and keyword
 * ids, huge numbers and strings, deep nesting, broken blocks) keep every property of
 * {@link FuzzCheck}, each file within a time cap. A small budget here (a few seconds); the long
 * run is benchmarks/fuzz/run.sh, which prints files per second and keeps each failure.
 */
class GraphFuzzPropertiesTest {

    /**
     * Generous for a file that takes milliseconds once the code is compiled (the first reads of a
     * cold JVM take seconds on a loaded machine): a hang, minutes before issue 12, is what it catches.
     * The run script's cap is tighter, after a warm-up.
     */
    private static final Duration PER_FILE = Duration.ofSeconds(10);
    private static final Map<FuzzCheck.Outcome, Integer> OUTCOMES = new EnumMap<>(FuzzCheck.Outcome.class);

    @Property(tries = 120, seed = "12")
    void mutatedTemplatesReadOrAreRefusedWithAPlaceAndRoundTrip(@ForAll long seed) {
        GraphMutator.Mutant m = GraphMutator.mutant(seed);
        FuzzCheck.Outcome outcome = Assertions.assertTimeoutPreemptively(PER_FILE, () -> {
            try {
                return FuzzCheck.check(m.bytes(), "fuzz.json");
            } catch (FuzzCheck.Failure f) {
                throw new AssertionError(m.describe() + ": " + f.getMessage());
            }
        }, () -> m.describe() + ": took more than " + PER_FILE.toSeconds() + " s");
        synchronized (OUTCOMES) {
            OUTCOMES.merge(outcome, 1, Integer::sum);
        }
    }

    @BeforeContainer
    static void warmUp() {
        for (int seed = 0; seed < 15; seed++) {
            FuzzCheck.failure(GraphMutator.mutant(seed).bytes(), "warm-up.json");
        }
    }

    @AfterContainer
    static void bothOutcomesOccur() {
        // A fuzzer whose mutants are all refused (or all read) tests only half the reader.
        Assertions.assertTrue(OUTCOMES.getOrDefault(FuzzCheck.Outcome.READ, 0) > 20, OUTCOMES::toString);
        Assertions.assertTrue(OUTCOMES.getOrDefault(FuzzCheck.Outcome.REFUSED, 0) > 20, OUTCOMES::toString);
    }
}
