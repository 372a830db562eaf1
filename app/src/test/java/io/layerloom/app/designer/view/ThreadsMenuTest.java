package io.layerloom.app.designer.view;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The open graph's thread choice, as Run > Threads shows it: wrapped, nothing lost. */
class ThreadsMenuTest {

    @Test
    void aLongReasonIsWrappedAtSpacesWithEveryWordKept() {
        String reason = "This graph trains with 1 thread (1 of 2 cores: LeNet-5 (ReLU, max pooling) for Fashion-MNIST's "
                + "operations are too small to gain from more (0.4 M multiply-adds per example, 27 M a batch of 64; more "
                + "threads pay from 1,000 M))";
        String shown = ThreadsMenu.wrapped(reason, ThreadsMenu.LINE);
        assertEquals(reason, shown.replace('\n', ' '));
        for (String line : shown.split("\n")) {
            assertTrue(line.length() <= ThreadsMenu.LINE, line);
        }
        assertEquals(3, shown.split("\n").length, shown);
        assertEquals("short", ThreadsMenu.wrapped("short", 80));
        assertEquals("a\nwordlongerthanthewidth\nb", ThreadsMenu.wrapped("a wordlongerthanthewidth b", 5));
    }
}
