package io.layerloom.app.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules for main source that the compiler cannot check: each file is one idea a
 * newcomer can hold (under {@value #MAX_LINES} lines) and opens its type with a comment saying
 * what it is for. Reads every module's {@code src/main/java} from the reactor root.
 */
class SourceFileRulesTest {

    static final int MAX_LINES = 500;

    /** The first top-level type declaration (annotations may stand before it). */
    private static final Pattern TYPE = Pattern.compile(
            "^(public |protected |private |abstract |final |sealed |non-sealed |static |strictfp )*"
                    + "(class|interface|enum|record|@interface) ", Pattern.MULTILINE);

    private static List<Path> mainSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.exists(root.resolve("pom.xml")), "the reactor root is the module's parent: " + root);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> s = Files.walk(module.resolve("src/main/java"))) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
                }
            }
        }
        assertTrue(files.size() > 100, "found the main sources: " + files.size());
        return files;
    }

    @Test
    void everyMainSourceFileIsUnderTheLineLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path f : mainSources()) {
            long lines;
            try (Stream<String> s = Files.lines(f)) {
                lines = s.count();
            }
            if (lines >= MAX_LINES) {
                tooLong.add(f + " (" + lines + " lines)");
            }
        }
        assertEquals(List.of(), tooLong, "split these files by role");
    }

    @Test
    void everyMainSourceFileOpensWithACommentSayingWhatItIsFor() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path f : mainSources()) {
            String text = Files.readString(f);
            if (f.getFileName().toString().equals("package-info.java")) {
                if (!text.contains("/**")) {
                    missing.add(f.toString());
                }
                continue;
            }
            var m = TYPE.matcher(text);
            int type = m.find() ? m.start() : -1;
            int comment = text.lastIndexOf("/**", type < 0 ? text.length() : type);
            if (type < 0 || comment < 0 || text.indexOf("*/", comment) > type) {
                missing.add(f.toString());
            }
        }
        assertEquals(List.of(), missing, "open each type with a javadoc paragraph saying what it is for");
    }
}
