package io.layerloom.model.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads what is not a regular file (a named pipe, {@code <(command)}, a device) without waiting
 * for ever: a FIFO that no program writes to blocks in open(2) and then in read(2), so the bytes
 * are read on a daemon thread of their own while the caller waits at most {@link #SILENCE_MILLIS}
 * for each next byte and {@link #TOTAL_MILLIS} for the end. A reader thread stuck in open(2) is
 * left behind (it cannot be interrupted there; it ends when a writer comes, as its interrupted
 * channel refuses to read).
 */
final class PipeRead {

    /** A pipe that sends nothing for this long is given up. */
    static final long SILENCE_MILLIS = 10_000;
    /** A pipe that has not ended after this long is given up, however slowly it still sends. */
    static final long TOTAL_MILLIS = 120_000;

    private PipeRead() {
    }

    /** At most {@code limit} bytes from {@code file}: more than {@code limit} only means "it goes on". */
    static byte[] read(Path file, int limit, long silenceMillis, long totalMillis) throws IOException, GraphFormatException {
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicReference<Object> result = new AtomicReference<>();
        Thread reader = new Thread(() -> result.set(readAll(file, limit, lastByte)), "layerloom-pipe-read");
        reader.setDaemon(true);
        long start = System.nanoTime();
        reader.start();
        try {
            while (reader.isAlive()) {
                reader.join(50);
                long now = System.nanoTime();
                boolean silent = (now - lastByte.get()) / 1_000_000 >= silenceMillis;
                boolean tooLong = (now - start) / 1_000_000 >= totalMillis;
                if (reader.isAlive() && (silent || tooLong)) {
                    reader.interrupt();
                    throw new GraphFormatException(file.toString(), 0, 0, null, null, (silent
                            ? "nothing came from it for " + seconds(silenceMillis)
                            : "it had not ended after " + seconds(totalMillis))
                            + ", and it is not a regular file (a named pipe or a device: is a program meant to write"
                            + " the graph into it?); nothing was read. Save the graph to a regular file and give that.");
                }
            }
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException(file + ": interrupted while reading", e);
        }
        Object r = result.get();
        if (r instanceof IOException e) {
            throw e;
        }
        return (byte[]) r;
    }

    private static Object readAll(Path file, int limit, AtomicLong lastByte) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            lastByte.set(System.nanoTime()); // opened: a writer is there
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (out.size() <= limit) {
                buffer.clear().limit(Math.min(buffer.capacity(), limit + 1 - out.size()));
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    lastByte.set(System.nanoTime());
                    out.write(buffer.array(), 0, n);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            return e;
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
