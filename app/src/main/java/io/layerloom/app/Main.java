package io.layerloom.app;

import io.layerloom.app.cli.LayerloomCommand;
import io.layerloom.app.designer.DesignerLauncher;

/**
 * Entry point of {@code layerloom}. A plain class (not a JavaFX Application) so that it starts
 * from the classpath. With no argument, or a graph file only, it opens the designer window;
 * with a subcommand or an option it runs the command line and never opens a window.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        useOneDnn();
        if (opensWindow(args)) {
            System.exit(DesignerLauncher.launch(args));
        }
        System.exit(LayerloomCommand.run(args, System.out, System.err));
    }

    /** Nothing, or one argument that is neither an option nor a subcommand: a file to open. */
    static boolean opensWindow(String[] args) {
        return args.length == 0
                || args.length == 1 && !args[0].startsWith("-") && !LayerloomCommand.isSubcommand(args[0]);
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
