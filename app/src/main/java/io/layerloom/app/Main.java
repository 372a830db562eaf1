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
        System.exit(LayerloomCommand.run(args, System.out, System.err));
    }
}
