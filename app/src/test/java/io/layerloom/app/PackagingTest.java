package io.layerloom.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The installable package (tools/package, built by package.sh with jpackage) against the app: a
 * double-clicked graph reaches the window, and the files that name the installed command agree.
 * Cheap: it reads the packaging files and builds nothing.
 */
class PackagingTest {
    private static final Path PACKAGING = Path.of("..", "tools", "package");

    @Test
    void aDoubleClickedGraphOpensTheWindow() throws IOException {
        List<String> exec = List.of(desktopEntry("Exec").split(" "));
        // %f: one file; %F would pass every selected file, and two files run the command line instead.
        assertEquals("%f", exec.get(exec.size() - 1), "Exec=" + String.join(" ", exec));
        assertEquals(2, exec.size(), "Exec=" + String.join(" ", exec));
        // What a file manager passes for %f: an absolute path
        assertTrue(Main.opensWindow(new String[] {"/home/student/models/resnet18.json"}));
        assertEquals("json", association().getProperty("extension"),
                "the Open dialog (FxDialogService) and docs/format.md name graphs *.json");
        assertEquals("application/json", association().getProperty("mime-type"),
                "shared-mime-info's type for *.json: another type would not match a double-clicked graph");
    }

    @Test
    void theMenuEntryAndTheCommandRunTheInstalledWrapper() throws IOException {
        String installed = "/opt/" + packageScriptOption("--linux-package-name") + "/bin/layerloom";
        assertEquals(packageScriptOption("--install-dir"), "/opt", "the desktop entry assumes /opt");
        assertEquals(installed + " %f", desktopEntry("Exec"));
        String postinst = Files.readString(PACKAGING.resolve("resources/postinst"));
        assertTrue(postinst.contains("ln -sf " + installed + " /usr/bin/layerloom"), "postinst links /usr/bin/layerloom");
        assertTrue(postinst.contains("DESKTOP_COMMANDS_INSTALL"), "postinst keeps jpackage's menu and MIME set-up");
        String prerm = Files.readString(PACKAGING.resolve("resources/prerm"));
        assertTrue(prerm.contains("rm -f /usr/bin/layerloom") && prerm.contains("DESKTOP_COMMANDS_UNINSTALL"));
        Path wrapper = PACKAGING.resolve("layerloom");
        assertTrue(Files.isExecutable(wrapper), wrapper + " is installed as " + installed + " and must be executable");
        assertTrue(Files.readString(wrapper).contains("\"$here/../lib/runtime/bin/java\" $gc ${LAYERLOOM_JAVA_OPTS:-} -jar \"$here/../lib/app/"
                        + packageScriptOption("--main-jar") + "\" \"$@\""),
                "the wrapper runs the image's java on the jar package.sh names as --main-jar, with every argument");
    }

    @Test
    void theMenuEntryOwnsTheWindow() throws IOException {
        // JavaFX on GTK names the window's class after the Application class; docks match it to the entry
        assertEquals(io.layerloom.app.designer.DesignerApp.class.getName(), desktopEntry("StartupWMClass"));
    }

    @Test
    void theIconIsTheApplicationIcon() throws IOException {
        String icon = packageScriptOption("--icon").replace("$root/", "");
        Path png = Path.of("..").resolve(icon);
        assertTrue(Files.isRegularFile(png), png + " (package.sh --icon) is missing");
        assertEquals(Path.of("..", "icons", "src", "main", "resources", "io", "layerloom", "icons", "app", "layerloom-256.png"), png,
                "the 256 px rendering of AppIcon, the window's icon");
    }

    private static String desktopEntry(String key) throws IOException {
        return Files.readAllLines(PACKAGING.resolve("resources/LayerLoom.desktop")).stream()
                .filter(line -> line.startsWith(key + "="))
                .map(line -> line.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no " + key + "= in LayerLoom.desktop"));
    }

    private static Properties association() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(PACKAGING.resolve("graph-files.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    /** The value of {@code option} in package.sh's jpackage calls; the same in each call. */
    private static String packageScriptOption(String option) throws IOException {
        String script = Files.readString(PACKAGING.resolve("package.sh"));
        Matcher matcher = Pattern.compile(Pattern.quote(option) + " \"?([^\" \\\\]+)\"?").matcher(script);
        String value = null;
        while (matcher.find()) {
            if (value != null && !value.equals(matcher.group(1))) {
                throw new AssertionError("package.sh passes " + option + " " + value + " and " + matcher.group(1));
            }
            value = matcher.group(1);
        }
        if (value == null) {
            throw new AssertionError("package.sh passes no " + option);
        }
        return value;
    }
}
