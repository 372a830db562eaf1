package io.layerloom.app.training;

import java.nio.file.Path;

/**
 * Run in its own JVM by {@link ModelFilesTest}: saves a model and its record, then saves another
 * model and, between its model and its record, says {@link #BETWEEN} and waits to be killed.
 */
public final class SaveKilledBetweenWrites {

    static final String BETWEEN = "between the writes";

    private SaveKilledBetweenWrites() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        ModelFiles.save(ModelFilesTest.network(1), model, ModelFilesTest.OLD);
        ModelFiles.save(ModelFilesTest.network(2), model, ModelFilesTest.NEW, true, () -> {
            System.out.println(BETWEEN);
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("not killed within 120 s");
        });
    }
}
