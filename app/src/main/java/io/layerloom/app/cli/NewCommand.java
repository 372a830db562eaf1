package io.layerloom.app.cli;

import io.layerloom.model.json.GraphJson;
import io.layerloom.model.template.Template;
import io.layerloom.model.template.Templates;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code layerloom new}: writes a new graph file from one of the templates.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Write a new graph file from a template (see 'layerloom templates').")
final class NewCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "Template id, such as resnet18.")
    String templateId;

    @Parameters(index = "1", paramLabel = "FILE", description = "The graph .json file to create.")
    Path file;

    @Option(names = {"-f", "--force"}, description = "Replace FILE if it exists.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Template> template = Templates.byId(templateId);
        if (template.isEmpty()) {
            err.println("layerloom new: unknown template '" + templateId + "'." + Templates.didYouMean(templateId)
                    + " Templates: " + String.join(", ", Templates.ids()) + ".");
            return LayerloomCommand.UNREADABLE;
        }
        if (file.toString().isBlank()) {
            err.println("layerloom new: FILE is empty; give the path of the .json file to create.");
            return LayerloomCommand.UNREADABLE;
        }
        if (Files.isDirectory(file)) {
            err.println("layerloom new: " + file + " is a folder; give the path of the .json file to create inside it.");
            return LayerloomCommand.UNREADABLE;
        }
        if (Files.exists(file) && !force) {
            err.println("layerloom new: " + file + " already exists; nothing was written. Choose another name, or add --force to replace it.");
            return LayerloomCommand.UNREADABLE;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            err.println("layerloom new: the folder " + parent + " does not exist; create it first.");
            return LayerloomCommand.UNREADABLE;
        }
        try {
            GraphJson.write(Templates.graph(template.get()), file);
        } catch (IOException e) {
            err.println("layerloom new: cannot write " + file + ": " + e.getMessage());
            return LayerloomCommand.UNREADABLE;
        }
        out.println("Wrote " + file + " (" + template.get().title() + ").");
        out.flush();
        return 0;
    }
}
