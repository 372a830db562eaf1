package io.layerloom.app.cli;

import io.layerloom.app.AppVersion;
import io.layerloom.app.runtime.Dl4jRuntime;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code layerloom} command and its subcommands. */
@Command(name = "layerloom", mixinStandardHelpOptions = true, versionProvider = LayerloomCommand.Version.class,
        description = "Design neural networks for Deeplearning4j: check and summarise graph files, create them from "
                + "templates, generate Java source, train, evaluate and predict, profile training layer by layer, advise on efficiency, preview augmentation, record, compare and sweep training runs, explain what a trained network learned, prune it, import and export ONNX models.",
        subcommands = {ValidateCommand.class, SummaryCommand.class, TemplatesCommand.class, NewCommand.class,
                CodegenCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
                ImportCommand.class, ExportCommand.class, ProfileCommand.class, AdviseCommand.class, RunsCommand.class,
                SweepCommand.class, AugmentPreviewCommand.class,
                ExplainCommand.class,
                PruneCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success; 1 the graph has errors; 2 the file cannot be read as a graph "
                + "(or the command line is wrong)."})
public final class LayerloomCommand implements Runnable {

    /** The file cannot be read, or the command line is wrong. */
    static final int UNREADABLE = 2;
    static final int HAS_ERRORS = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // Only reached with no subcommand from tests: Main opens the window in that case.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code --version}: LayerLoom's version, then the DL4J run time's compatibility report (which
     * loads ND4J: a few seconds the first time).
     */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            // picocli formats each line with String.format
            return (AppVersion.NAME_AND_VERSION + "\n" + Dl4jRuntime.report().text()).lines().map(l -> l.replace("%", "%%"))
                    .toArray(String[]::new);
        }
    }

    /** Whether {@code word} names a subcommand ("help" included). */
    public static boolean isSubcommand(String word) {
        return new CommandLine(new LayerloomCommand()).getSubcommands().containsKey(word);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new LayerloomCommand());
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("layerloom: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return UNREADABLE;
        });
        cli.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("layerloom: internal error: " + ex);
            ex.printStackTrace(c.getErr());
            return 3;
        });
        return cli.execute(args);
    }
}
