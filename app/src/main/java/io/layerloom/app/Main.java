package io.layerloom.app;

import io.layerloom.app.cli.LayerloomCommand;
import io.layerloom.app.designer.DesignerLauncher;
import io.layerloom.app.runtime.Dl4jRuntime;

/**
 * Entry point of {@code layerloom}. A plain class (not a JavaFX Application) so that it starts
 * from the classpath. With no argument, or a graph file only, it opens the designer window;
 * with a subcommand or an option it runs the command line and never opens a window.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Before ND4J loads; the version check reads jar metadata only (the full report: --version)
        Dl4jRuntime.useOneDnn();
        Dl4jRuntime.versions().warning().ifPresent(System.err::println);
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
}
