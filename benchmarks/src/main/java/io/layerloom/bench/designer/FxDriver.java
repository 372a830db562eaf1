package io.layerloom.bench.designer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;

/** Drives a JavaFX window from a plain main thread: run on the FX thread, wait for quiet, capture the screen. */
final class FxDriver {

    private FxDriver() {
    }

    static void start() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Platform.setImplicitExit(false);
        Platform.startup(started::countDown);
        started.await();
    }

    static <T> T onFx(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("FX work failed: " + e, e);
        }
    }

    static void run(Runnable work) {
        onFx(() -> {
            work.run();
            return null;
        });
    }

    /** Lets a few pulses pass so that layout, analysis results and painting settle. */
    static void settle(long millis) throws InterruptedException {
        Thread.sleep(millis);
        run(() -> { });
        Thread.sleep(100);
    }

    /** The whole X screen (the window under Xvfb) with ImageMagick's import: what a user would see. */
    static void captureScreen(Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Process p = new ProcessBuilder("import", "-window", "root", png.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("import failed for " + png + " (is ImageMagick installed and DISPLAY set?)");
        }
        System.out.println("wrote " + png);
    }


    /** Selects the window's bottom tab whose id is {@code id}. */
    static void selectTab(io.layerloom.app.designer.DesignerWindow w, String id) {
        for (javafx.scene.control.Tab t : w.view().bottomTabs().getTabs()) {
            if (id.equals(t.getId())) {
                w.view().bottomTabs().getSelectionModel().select(t);
            }
        }
    }

    /** Waits until {@code condition} (asked on the FX thread) holds, at most {@code seconds}, else fails naming {@code what}. */
    static void waitFor(String what, int seconds, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }
}
