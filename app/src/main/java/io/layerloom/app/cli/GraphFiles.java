package io.layerloom.app.cli;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a graph file for a command, turning every failure into one clear line on stderr. */
final class GraphFiles {

    private GraphFiles() {
    }

    /** The graph, or empty after printing why it cannot be read. */
    static Optional<Graph> read(Path file, PrintWriter err) {
        try {
            if (Files.isDirectory(file)) {
                err.println(file + ": is a directory; give the path of a graph .json file.");
                return Optional.empty();
            }
            return Optional.of(GraphJson.read(file));
        } catch (GraphFormatException e) {
            err.println(e.getMessage());
        } catch (NoSuchFileException e) {
            err.println(file + ": no such file.");
        } catch (AccessDeniedException e) {
            err.println(file + ": permission denied.");
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
        }
        return Optional.empty();
    }
}
