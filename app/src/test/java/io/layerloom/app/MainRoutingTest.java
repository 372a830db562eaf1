package io.layerloom.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `layerloom` alone or with one file opens the window; a subcommand or an option runs the command line. */
class MainRoutingTest {

    @Test
    void nothingOrOneFileOpensTheWindow() {
        assertTrue(Main.opensWindow(new String[0]));
        assertTrue(Main.opensWindow(new String[] {"resnet18.json"}));
        assertTrue(Main.opensWindow(new String[] {"/home/me/models/net"}));
    }

    @Test
    void subcommandsAndOptionsRunTheCommandLine() {
        assertFalse(Main.opensWindow(new String[] {"validate"}));
        assertFalse(Main.opensWindow(new String[] {"templates"}));
        assertFalse(Main.opensWindow(new String[] {"help"}));
        assertFalse(Main.opensWindow(new String[] {"--help"}));
        assertFalse(Main.opensWindow(new String[] {"-V"}));
        assertFalse(Main.opensWindow(new String[] {"validate", "net.json"}));
        assertFalse(Main.opensWindow(new String[] {"a.json", "b.json"}));
    }
}
