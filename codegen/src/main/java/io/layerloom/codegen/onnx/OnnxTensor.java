package io.layerloom.codegen.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A tensor read from an ONNX file (an initializer or a Constant's value): its name, element type,
 * dims and values in ONNX's row-major order. Immutable: the values are only handed out as read-only
 * buffers, because weight tensors run to hundreds of megabytes and a defensive copy per read would
 * double the import's memory. The values of a big tensor are not copied at all when the file is read:
 * they are the file's own little-endian bytes, mapped, and for {@link #copyFloats} read from the file
 * itself (so that the mapping's pages never come into memory beside the network's own copy). The dims
 * always multiply to the number of values; the reader checked that before it allocated anything.
 */
public final class OnnxTensor {

    /**
     * Where a tensor's bytes lie in a file, with the file's size and modification time when it was
     * read: a file changed since then (re-exported to the same name) is refused, not read half-new.
     */
    record FileRegion(Path file, long offset, long fileSize, FileTime modified) {
        /** The start of {@code file} as it is now. */
        static FileRegion of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileRegion(file, 0, a.size(), a.lastModifiedTime());
        }

        /** The same file, {@code at} bytes in. */
        FileRegion at(long at) {
            return new FileRegion(file, at, fileSize, modified);
        }

        boolean sameFile(FileRegion other) {
            return file.equals(other.file) && fileSize == other.fileSize && modified.equals(other.modified);
        }
    }

    /** Below this many bytes a copy reads the mapping: a system call would cost more than it saves. */
    private static final int FILE_READ_MIN = 1 << 16;

    private final String name;
    private final OnnxElementType elementType;
    private final List<Long> dims;
    /** The values as little-endian bytes, position 0 to capacity; never handed out unwrapped. */
    private final ByteBuffer bytes;
    private final FileRegion region;

    private OnnxTensor(String name, OnnxElementType elementType, List<Long> dims, ByteBuffer bytes,
        FileRegion region) {
        this.name = Objects.requireNonNull(name, "name");
        this.elementType = elementType;
        this.dims = List.copyOf(dims);
        this.bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        this.region = region;
        long count = elementCount(this.dims);
        long held = this.bytes.capacity() / elementType.bytes();
        if (count != held || this.bytes.capacity() % elementType.bytes() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': dims " + this.dims + " need " + count
                + " values, got " + held);
        }
    }

    /**
     * A tensor over {@code bytes} (little-endian, from position 0 to capacity; not copied), which
     * {@code region}, if not null, says where to find in a file.
     */
    static OnnxTensor of(String name, OnnxElementType type, List<Long> dims, ByteBuffer bytes, FileRegion region) {
        return new OnnxTensor(name, type, dims, bytes, region);
    }

    /** A float32 tensor of these values (copied). */
    static OnnxTensor ofFloats(String name, List<Long> dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new OnnxTensor(name, OnnxElementType.FLOAT, dims, b, null);
    }

    /** An int64 tensor of these values (copied). */
    static OnnxTensor ofLongs(String name, List<Long> dims, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new OnnxTensor(name, OnnxElementType.INT64, dims, b, null);
    }

    /** A float32 tensor built from a copy of the values (for tests and exporters). */
    public static OnnxTensor floats(String name, List<Long> dims, float... values) {
        return ofFloats(name, dims, values);
    }

    /** An int64 tensor built from a copy of the values. */
    public static OnnxTensor longs(String name, List<Long> dims, long... values) {
        return ofLongs(name, dims, values);
    }

    /** The product of the dims (1 for a scalar); the dims must be non-negative and not overflow. */
    static long elementCount(List<Long> dims) {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + dims);
            }
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    public String name() {
        return name;
    }

    public OnnxElementType elementType() {
        return elementType;
    }

    public List<Long> dims() {
        return dims;
    }

    /** Where the values lie in a file, or null when they are only in memory. */
    FileRegion region() {
        return region;
    }

    /** The number of values: the product of the dims. */
    public long size() {
        return bytes.capacity() / elementType.bytes();
    }

    /** The float32 values, read-only; throws for an int64 tensor. */
    public FloatBuffer floatData() {
        requireType(OnnxElementType.FLOAT);
        return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    /** A new array of the float32 values, for the import's small rearrangements; throws for an int64 tensor. */
    float[] floatArray() {
        float[] values = new float[Math.toIntExact(size())];
        floatData().get(values);
        return values;
    }

    /**
     * Writes the float32 values {@code from}, {@code from + 1}, ... in {@code dest}'s byte order until
     * {@code dest} is full, advancing its position ({@code Weights.Source}). A large run into a
     * little-endian buffer is read from the file by the system, straight into {@code dest}.
     *
     * @throws UncheckedIOException the file has changed since the model was read, or cannot be read
     */
    void copyFloats(long from, ByteBuffer dest) {
        requireType(OnnxElementType.FLOAT);
        int n = dest.remaining() / Float.BYTES;
        if (from < 0 || from + n > size()) {
            throw new IndexOutOfBoundsException("values " + from + " to " + (from + n) + " of tensor '" + name
                + "', which has " + size());
        }
        if (region != null && n * Float.BYTES >= FILE_READ_MIN && dest.order() == ByteOrder.LITTLE_ENDIAN) {
            read(region, region.offset() + from * Float.BYTES, dest);
            return;
        }
        if (dest.order() == ByteOrder.LITTLE_ENDIAN) {
            dest.put(bytes.duplicate().position((int) (from * Float.BYTES)).limit((int) ((from + n) * Float.BYTES)));
        } else {
            dest.asFloatBuffer().put(floatData().position((int) from).limit((int) from + n));
            dest.position(dest.position() + n * Float.BYTES);
        }
    }

    private void read(FileRegion r, long at, ByteBuffer dest) {
        try (FileChannel channel = FileChannel.open(r.file(), StandardOpenOption.READ)) {
            BasicFileAttributes now = Files.readAttributes(r.file(), BasicFileAttributes.class);
            if (now.size() != r.fileSize() || !now.lastModifiedTime().equals(r.modified())) {
                throw new IOException("the file changed after it was read, before tensor '" + name
                    + "' was taken from it");
            }
            while (dest.hasRemaining()) {
                int read = channel.read(dest, at);
                if (read < 0) {
                    throw new IOException("the file ended while tensor '" + name + "' was read from it");
                }
                at += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The int64 values, read-only; throws for a float32 tensor. */
    public LongBuffer longData() {
        requireType(OnnxElementType.INT64);
        return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    }

    private void requireType(OnnxElementType type) {
        if (elementType != type) {
            throw new IllegalStateException("tensor '" + name + "' is " + elementType + ", not " + type);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxTensor t && name.equals(t.name) && elementType == t.elementType
            && dims.equals(t.dims) && bytes.equals(t.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, elementType, dims);
    }

    /** Name, type and dims, and the values when there are few enough to read. */
    @Override
    public String toString() {
        String head = name + " " + elementType + " " + dims;
        if (size() > 16) {
            return head + " (" + size() + " values)";
        }
        if (elementType == OnnxElementType.FLOAT) {
            return head + " " + Arrays.toString(floatArray());
        }
        long[] v = new long[(int) size()];
        longData().get(v);
        return head + " " + Arrays.toString(v);
    }
}
