package io.layerloom.app.designer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes how long the JVM took from its start to a shown, laid-out window (the launch benchmark reads it). */
final class LaunchTiming {

    private LaunchTiming() {
    }

    static void recordReady(Path file) {
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        try {
            Files.writeString(file, Long.toString(sinceJvmStart), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("layerloom: cannot write " + file + ": " + e.getMessage());
        }
    }
}
