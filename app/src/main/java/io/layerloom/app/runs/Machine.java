package io.layerloom.app.runs;

import java.util.Map;

/** Where a run trained: what a figure of speed (or a difference in results) depends on. */
public record Machine(int cores, String os, String java) {

    /** This machine: processors Java may use, operating system with version and architecture, Java version and vendor. */
    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")",
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    }

    Map<String, Object> json() {
        return RunJson.ordered("cores", cores, "os", os, "java", java);
    }
}
