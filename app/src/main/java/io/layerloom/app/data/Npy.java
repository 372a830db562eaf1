package io.layerloom.app.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0), the way arrays travel between Python
 * and {@code layerloom predict}: little-endian float32 ({@code '<f4'}) in C order is read as is,
 * float64 ({@code '<f8'}) is read and rounded to float32 (DL4J runs in float32 either way), and
 * anything else, Fortran order included, is refused with the NumPy call that converts it. The
 * header is checked against the file's real size before anything is allocated, so a corrupt,
 * truncated or hostile file costs an error message, never a huge array; data are read a batch
 * of examples at a time. Written files are {@code '<f4'}, version 1.0, with the header NumPy
 * itself writes.
 */
public final class Npy {

    /** NumPy's own default limit for a header (numpy.lib.format, max_header_size). */
    public static final int MAX_HEADER_BYTES = 10_000;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final int GROWTH_DIGITS = 21;

    /** The element types read: NumPy's descr and the bytes per value. */
    public enum Type {
        FLOAT32("<f4", 4), FLOAT64("<f8", 8);

        private final String descr;
        private final int bytes;

        Type(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        public String descr() {
            return descr;
        }
    }

    /** A checked header: element type, shape, and where the data begin. */
    public record Header(Type type, List<Long> shape, long dataOffset) {
        public Header {
            shape = List.copyOf(shape);
        }

        /** The shape as NumPy prints it: "(2, 1, 28, 28)", "(5,)". */
        public String shapeText() {
            return text(shape);
        }
    }

    private Npy() {
    }

    /** "(2, 3)" or "(5,)", as NumPy prints a shape. */
    public static String text(List<Long> shape) {
        return shape.size() == 1 ? "(" + shape.get(0) + ",)"
                : shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    /** An open .npy file whose header has been checked, read example by example (the first axis). */
    public static final class Reader implements Closeable {
        private final Path file;
        private final FileChannel channel;
        private final Header header;
        private final long exampleSize;

        private Reader(Path file, FileChannel channel, Header header, long exampleSize) {
            this.file = file;
            this.channel = channel;
            this.header = header;
            this.exampleSize = exampleSize;
        }

        public Header header() {
            return header;
        }

        /** The length of the first axis. */
        public long examples() {
            return header.shape().get(0);
        }

        /** Values per example: the product of the shape after the first axis. */
        public long exampleSize() {
            return exampleSize;
        }

        /** Examples {@code first .. first + count - 1}, as float32 in C order. */
        public float[] read(long first, int count) throws IOException {
            if (first < 0 || count < 0 || first + count > examples()) {
                throw new IndexOutOfBoundsException("examples " + first + " + " + count + " of " + examples());
            }
            int values = Math.toIntExact(Math.multiplyExact(exampleSize, count));
            ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(values, header.type().bytes)).order(ByteOrder.LITTLE_ENDIAN);
            long position = header.dataOffset() + first * exampleSize * header.type().bytes;
            while (bytes.hasRemaining()) {
                int n = channel.read(bytes, position + bytes.position());
                if (n < 0) {
                    throw new IOException(file + ": ends early (it was shortened while being read)");
                }
            }
            bytes.flip();
            float[] out = new float[values];
            if (header.type() == Type.FLOAT32) {
                bytes.asFloatBuffer().get(out);
            } else {
                for (int i = 0; i < values; i++) {
                    out[i] = (float) bytes.getDouble();
                }
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Opens {@code file} and checks its header: magic, version, length, keys, type, order, and
     * that the file holds exactly the bytes its shape needs. The shape must have at least one axis.
     */
    public static Reader open(Path file) throws DataException {
        if (Files.exists(file) && !Files.isRegularFile(file)) { // a FIFO nobody writes to would block in open(2)
            throw new DataException(file + ": not a regular file (a folder, a named pipe or a device); save the array to a"
                    + " .npy file (numpy.save) and give that");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot open: " + e.getMessage(), e);
        }
        try {
            Header header = header(file, channel);
            if (header.shape().isEmpty()) {
                throw new DataException(file + ": holds a single value (shape ()); save an array with the examples on the "
                        + "first axis, e.g. (N, C, H, W) or (N, F)");
            }
            long exampleSize = 1;
            for (long d : header.shape().subList(1, header.shape().size())) {
                exampleSize *= d; // cannot overflow: the whole product was checked
            }
            return new Reader(file, channel, header, exampleSize);
        } catch (DataException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Header header(Path file, FileChannel channel) throws IOException, DataException {
        long size = channel.size();
        ByteBuffer start = ByteBuffer.allocate((int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
        while (start.hasRemaining() && channel.read(start, start.position()) >= 0) {
            // as below: read the whole prefix
        }
        start.flip();
        byte[] magic = new byte[Math.min(MAGIC.length, start.remaining())];
        start.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new DataException(file + ": not a NumPy .npy file (it does not start with \\x93NUMPY); save the array with "
                    + "numpy.save(\"" + file.getFileName() + "\", x)");
        }
        if (start.remaining() < 2) {
            throw new DataException(file + ": truncated .npy file (" + size + " bytes, no header)");
        }
        int major = start.get() & 0xff;
        int minor = start.get() & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataException(file + ": .npy format version " + major + "." + minor + " is not supported (1.0, 2.0 and "
                    + "3.0 are); save it again with numpy.save");
        }
        int prefix = major == 1 ? 10 : 12;
        if (start.remaining() < prefix - 8) {
            throw new DataException(file + ": truncated .npy file (" + size + " bytes, no header length)");
        }
        long headerLength = major == 1 ? start.getShort() & 0xffff : start.getInt() & 0xffffffffL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new DataException(file + ": the .npy header claims " + headerLength + " bytes, more than the "
                    + MAX_HEADER_BYTES + " NumPy itself accepts; the file is corrupt");
        }
        if (prefix + headerLength > size) {
            throw new DataException(file + ": truncated .npy file: the header needs " + (prefix + headerLength)
                    + " bytes, the file has " + size);
        }
        ByteBuffer text = ByteBuffer.allocate((int) headerLength);
        while (text.hasRemaining() && channel.read(text, prefix + text.position()) >= 0) {
            // a channel may return fewer bytes than asked; the size was checked above
        }
        String dict = new String(text.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> fields = new HeaderParser(file, dict).dict();
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!fields.containsKey(key)) {
                throw new DataException(file + ": the .npy header has no '" + key + "': " + shown(dict));
            }
        }
        if (fields.size() != 3) {
            throw new DataException(file + ": the .npy header has keys other than descr, fortran_order and shape: " + shown(dict));
        }
        Type type = type(file, fields.get("descr"));
        if (!(fields.get("fortran_order") instanceof Boolean fortran)) {
            throw new DataException(file + ": the .npy header's fortran_order is not True or False: " + shown(dict));
        }
        if (!(fields.get("shape") instanceof List<?> dims)) {
            throw new DataException(file + ": the .npy header's shape is not a tuple: " + shown(dict));
        }
        List<Long> shape = dims.stream().map(d -> (Long) d).toList();
        if (fortran && shape.size() > 1) {
            throw new DataException(file + ": the array is in Fortran order; LayerLoom reads C order. Save "
                    + "numpy.ascontiguousarray(x) instead");
        }
        long values = 1;
        for (long d : shape) {
            try {
                values = Math.multiplyExact(values, d);
            } catch (ArithmeticException e) {
                throw new DataException(file + ": the shape " + text(shape) + " in the .npy header has more values than any "
                        + "file can hold; the file is corrupt");
            }
        }
        long data = size - prefix - headerLength;
        if (values > data / type.bytes) {
            String needed = values > Long.MAX_VALUE / type.bytes ? "more than 2^63" : String.valueOf(values * type.bytes);
            throw new DataException(file + ": truncated: the shape " + text(shape) + " of " + type.descr + " needs "
                    + needed + " bytes of data, the file has " + data);
        }
        if (values * type.bytes != data) {
            throw new DataException(file + ": " + data + " bytes of data, but the shape " + text(shape) + " of " + type.descr
                    + " needs " + values * type.bytes + "; the file is corrupt");
        }
        return new Header(type, shape, prefix + headerLength);
    }

    private static Type type(Path file, Object descr) throws DataException {
        if (!(descr instanceof String s)) {
            throw new DataException(file + ": the array has a structured dtype; save a plain float32 array, x.astype('<f4')");
        }
        for (Type t : Type.values()) {
            if (t.descr.equals(s)) {
                return t;
            }
        }
        String why = s.startsWith(">") ? " (big-endian)" : "";
        throw new DataException(file + ": dtype '" + s + "'" + why + " is not supported; LayerLoom reads float32 ('<f4') and "
                + "float64 ('<f8'). Save x.astype('<f4')");
    }

    /**
     * Writes a version 1.0 {@code '<f4'} array of {@code shape} to a stream, a batch of values at
     * a time. The caller owns the stream; it writes to a temporary file and moves it into place
     * ({@code AtomicFiles}), so a failure half-way leaves no half-written array behind.
     */
    public static final class Writer {
        private final OutputStream out;
        private final long expected;
        private long written;

        public Writer(OutputStream out, List<Long> shape) throws IOException {
            this.out = out;
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            this.expected = n;
            out.write(headerBytes(shape));
        }

        public void write(float[] values) throws IOException {
            if (written + values.length > expected) {
                throw new IllegalStateException("more values than the shape holds: " + (written + values.length) + " > " + expected);
            }
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            out.write(b.array());
            written += values.length;
        }

        /** Flushes; throws if fewer values were written than the shape holds. */
        public void finish() throws IOException {
            if (written != expected) {
                throw new IllegalStateException("wrote " + written + " values of the " + expected + " the shape holds");
            }
            out.flush();
        }
    }

    /** Writes {@code values} (C order) as a {@code '<f4'} array of {@code shape} to {@code file}. */
    public static void write(Path file, List<Long> shape, float[] values) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            Writer w = new Writer(out, shape);
            w.write(values);
            w.finish();
        }
    }

    /**
     * The header NumPy writes for this shape, byte for byte: after the dict, room for the first
     * axis to grow to 21 digits (NumPy leaves it so that an array can be appended to in place),
     * then spaces up to a multiple of 64 bytes (a whole 64 when already aligned, as NumPy does).
     */
    static byte[] headerBytes(List<Long> shape) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + text(shape) + ", }";
        if (!shape.isEmpty()) {
            dict += " ".repeat(Math.max(0, GROWTH_DIGITS - String.valueOf(shape.get(0)).length()));
        }
        int padding = ALIGNMENT - (MAGIC.length + 2 + 2 + dict.length() + 1) % ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /** The header as an error message shows it: at most 200 characters, control characters as '?'. */
    private static String shown(String header) {
        String s = header.strip().replaceAll("\\p{Cntrl}", "?");
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // the open failed already; that error is the one to report
        }
    }

    /** The header's Python dict literal: string keys; string, True/False or tuple-of-integers values. */
    private static final class HeaderParser {
        private final Path file;
        private final String text;
        private int at;

        HeaderParser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        Map<String, Object> dict() throws DataException {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                out.put(key, value());
                if (peek() == ',') {
                    at++;
                } else if (peek() != '}') {
                    throw fail("expected ',' or '}'");
                }
            }
            at++;
            if (!text.substring(at).isBlank()) {
                throw fail("text after the dict");
            }
            return out;
        }

        private Object value() throws DataException {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                at++;
                List<Long> dims = new ArrayList<>();
                while (peek() != ')') {
                    dims.add(integer());
                    if (peek() == ',') {
                        at++;
                    } else if (peek() != ')') {
                        throw fail("expected ',' or ')' in the shape");
                    }
                }
                at++;
                return dims;
            }
            for (String word : List.of("True", "False")) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("True");
                }
            }
            throw fail("unexpected value");
        }

        private long integer() throws DataException {
            int begin = at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (at == begin) {
                throw fail("expected a non-negative integer in the shape");
            }
            // a trailing 'L' is how Python 2 wrote long integers
            String digits = text.substring(begin, at);
            if (at < text.length() && text.charAt(at) == 'L') {
                at++;
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new DataException(file + ": the .npy header's shape has the dimension " + digits
                        + ", too large for any file; the file is corrupt");
            }
        }

        private String string() throws DataException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw fail("expected a quoted string");
            }
            int end = text.indexOf(quote, at + 1);
            if (end < 0) {
                throw fail("unterminated string");
            }
            String s = text.substring(at + 1, end);
            at = end + 1;
            return s;
        }

        private void expect(char c) throws DataException {
            if (peek() != c) {
                throw fail("expected '" + c + "'");
            }
            at++;
        }

        private char peek() throws DataException {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at >= text.length()) {
                throw fail("the header ends early");
            }
            return text.charAt(at);
        }

        private DataException fail(String what) {
            return new DataException(file + ": the .npy header is not a dict NumPy writes (" + what + " at character "
                    + (at + 1) + "): " + shown(text));
        }
    }
}
