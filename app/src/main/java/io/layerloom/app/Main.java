package io.layerloom.app;

import io.layerloom.app.cli.LayerloomCommand;

/**
 * Entry point of {@code layerloom}. A plain class (not a JavaFX Application) so that it starts
 * from the classpath; with a subcommand it runs the command line and never opens a window.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        useOneDnn();
        System.exit(LayerloomCommand.run(args, System.out, System.err));
    }

    /**
     * Selects ND4J's oneDNN native build and switches on DL4J's oneDNN layer helpers (off by
     * default in 1.0.0-M2.1), unless the user chose otherwise with -D. Must run before ND4J loads.
     * See org.nd4j.nativeblas.Nd4jCpu in this module for the other half of the fix.
     */
    static void useOneDnn() {
        if (System.getProperty("javacpp.platform.extension") == null) {
            System.setProperty("javacpp.platform.extension", "-onednn");
        }
        if (System.getProperty("org.eclipse.deeplearning4j.helpers.disable") == null) {
            System.setProperty("org.eclipse.deeplearning4j.helpers.disable", "false");
        }
    }
}
