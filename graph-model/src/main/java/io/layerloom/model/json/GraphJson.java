package io.layerloom.model.json;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The LayerLoom graph file, format "layerloom-graph" (docs/format.md). Reading is strict and
 * says where a problem is; writing is canonical, so read(write(g)) equals g and the same graph
 * always gives the same bytes; saving is atomic, so a failed save never damages the old file.
 */
public final class GraphJson {

    public static final String FORMAT = "layerloom-graph";
    /** The newest format version this LayerLoom reads (and writes, for a graph with blocks). */
    public static final int VERSION = 2;
    /** The first version with "blocks"; a graph without blocks is written as version 1, as before. */
    public static final int BLOCKS_VERSION = 2;
    /** Larger files are refused before parsing: no real network needs 64 MiB of JSON. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private GraphJson() {
    }

    /** Reads a graph from JSON text; {@code source} names it in error messages. */
    public static Graph read(String text, String source) throws GraphFormatException {
        return GraphReader.read(JsonTreeParser.parse(text, source), source);
    }

    public static Graph read(Path file) throws GraphFormatException, IOException {
        return read(text(file), file.toString());
    }

    /**
     * The UTF-8 text of a JSON file (a graph or a record beside one), read whole but never more
     * than {@link #MAX_FILE_BYTES}: the bytes read are counted, not the size the file reports,
     * which is 0 for /dev/zero, a pipe or a device. What is not a regular file is read with a
     * bound on time too ({@link PipeRead}): a named pipe that nothing writes to is refused after
     * 10 s of silence instead of blocking for ever.
     */
    static String text(Path file) throws GraphFormatException, IOException {
        String name = file.toString();
        if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
            throw tooLarge(name, "the file has " + Files.size(file) + " bytes");
        }
        byte[] bytes;
        if (Files.isRegularFile(file) || Files.isDirectory(file) || !Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            }
        } else { // a FIFO with no writer would block for ever
            bytes = PipeRead.read(file, (int) MAX_FILE_BYTES, PipeRead.SILENCE_MILLIS, PipeRead.TOTAL_MILLIS);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooLarge(name, "more than " + MAX_FILE_BYTES + " bytes came from it, and it does not end (a device or "
                    + "a pipe, not a regular file?)");
        }
        return text(bytes, name);
    }

    /** Reads a graph from the bytes of a file (UTF-8, a byte order mark allowed); {@code source} names it in messages. */
    public static Graph read(byte[] bytes, String source) throws GraphFormatException {
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooLarge(source, "it has " + bytes.length + " bytes");
        }
        return read(text(bytes, source), source);
    }

    private static String text(byte[] bytes, String name) throws GraphFormatException {
        String text = utf8(bytes, name);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static GraphFormatException tooLarge(String name, String what) {
        return new GraphFormatException(name, 0, 0, null, null, what + "; graph files are at most " + MAX_FILE_BYTES
                + " bytes (64 MiB). Is it really a LayerLoom graph?");
    }

    /** The JSON text of one parameter value, as files hold it: 3, [3, 5], "same", "relu". */
    public static String valueText(Object paramValue) {
        return GraphWriter.value(paramValue);
    }

    private static String utf8(byte[] bytes, String name) throws GraphFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int bad = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    column++;
                }
            }
            throw new GraphFormatException(name, line, column, null, null, String.format(
                    "the file is not UTF-8 text (byte 0x%02x at offset %d); a graph file is JSON in UTF-8.", bytes[bad] & 0xff, bad));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * The version a graph is written as: 1 without blocks (byte for byte what version-1 readers
     * read), 2 with blocks, which a version-1 reader refuses by its version.
     */
    public static int versionFor(Graph g) {
        return g.blocks().isEmpty() ? 1 : BLOCKS_VERSION;
    }

    /** The canonical text of a graph. */
    public static String write(Graph g) {
        return GraphWriter.write(g);
    }

    /**
     * Saves atomically: the text goes to a temporary file beside the target, which then
     * replaces the target in one step, so the old file is intact if anything fails.
     */
    public static void write(Graph g, Path file) throws IOException {
        AtomicFiles.writeString(file, write(g));
    }

}
