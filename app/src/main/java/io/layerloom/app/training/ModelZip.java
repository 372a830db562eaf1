package io.layerloom.app.training;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a network as DL4J's {@code ModelSerializer.writeModel} (1.0.0-M2.1) does, entry for entry
 * and byte for byte inside each entry, so that {@code ModelSerializer.restoreComputationGraph}
 * reads it back unchanged, but faster: ModelSerializer deflates the parameters at zip's default
 * level (float32 weights shrink by about 8%, at about 15 MB/s on this machine) and pushes every
 * byte through a synchronized {@code BufferedOutputStream}, so a 100 MB network took 6-13 s to
 * save. Here the arrays go into the zip at level 0 (stored blocks: a copy and a CRC) through an
 * unsynchronized buffer, float32 values converted in bulk ({@link #writeArray}); the configuration
 * is still deflated. ModelZipTest compares every entry with ModelSerializer's own. Removal condition: a DL4J whose ModelSerializer takes a
 * compression level.
 */
public final class ModelZip {

    private static final int BUFFER = 1 << 16;
    /** DataOutputStream.writeInt's byte order. */
    private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private ModelZip() {
    }

    /** Writes {@code net} to {@code file} (replacing it), with its updater state if {@code withUpdater}. */
    public static void write(ComputationGraph net, Path file, boolean withUpdater) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
            write(net, out, withUpdater);
        }
    }

    /** The same to a stream, which is finished as a zip but left open. */
    public static void write(ComputationGraph net, OutputStream stream, boolean withUpdater) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new Unclosed(stream));
        zip.putNextEntry(new ZipEntry(ModelSerializer.CONFIGURATION_JSON));
        // The platform charset, as ModelSerializer writes it and reads it back.
        zip.write(net.getConfiguration().toJson().getBytes());
        zip.setLevel(Deflater.NO_COMPRESSION);
        Unsynchronized buffer = new Unsynchronized(zip);
        DataOutputStream data = new DataOutputStream(buffer);
        INDArray params = net.params();
        if (params != null) {
            zip.putNextEntry(new ZipEntry(ModelSerializer.COEFFICIENTS_BIN));
            writeArray(params, data);
            data.flush();
        } else {
            zip.putNextEntry(new ZipEntry(ModelSerializer.NO_PARAMS_MARKER));
        }
        if (withUpdater) {
            INDArray state = net.getUpdater().getStateViewArray();
            if (state != null && state.length() > 0) {
                zip.putNextEntry(new ZipEntry(ModelSerializer.UPDATER_BIN));
                writeArray(state, data);
                data.flush();
            }
        }
        zip.finish();
        zip.flush();
    }

    /**
     * What {@code Nd4j.write(array, data)} writes: the shape buffer (of the copy it makes of a view), then the data buffer's allocation
     * mode, length, type and values. ND4J writes a float32 buffer one {@code writeFloat} at a time
     * (50 ns a value: 6 s for VGG's 133 million); here its values are read in bulk from the native
     * buffer and turned into the same big-endian {@code Float.floatToIntBits} bytes. Any other buffer
     * is left to ND4J.
     */
    static void writeArray(INDArray array, DataOutputStream data) throws IOException {
        INDArray a = array;
        DataBuffer shapeInfo = array.shapeInfoDataBuffer();
        if (array.isView()) {
            if (wholeBuffer(array)) {
                // A network's flat parameter vector is a view of a buffer it fills exactly: write the shape
                // information of the copy Nd4j.write would make, and the values from where they are,
                // rather than copying the whole network (100 MB for a 100 MB model) to write it.
                shapeInfo = Nd4j.getShapeInfoProvider().createShapeInformation(array.shape(), 'c',
                    array.dataType()).getFirst();
            } else {
                a = array.dup();  // as Nd4j.write does
                shapeInfo = a.shapeInfoDataBuffer();
            }
        }
        shapeInfo.write(data);
        DataBuffer buffer = a.data();
        long length = buffer.length();
        if (buffer.dataType() != DataType.FLOAT || buffer.offset() != 0 || length > Integer.MAX_VALUE / Float.BYTES) {
            buffer.write(data);
            return;
        }
        ByteBuffer bytes = buffer.asNio();
        if (bytes == null || bytes.capacity() < length * Float.BYTES) {
            buffer.write(data);
            return;
        }
        data.writeUTF(buffer.allocationMode().name());
        data.writeLong(length);
        data.writeUTF(buffer.dataType().name());
        FloatBuffer floats = bytes.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] chunk = new float[BUFFER];
        byte[] out = new byte[BUFFER * Float.BYTES];
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(BUFFER, length - done);
            floats.get(chunk, 0, n);
            for (int k = 0; k < n; k++) {
                BIG_ENDIAN_INT.set(out, k * Float.BYTES, Float.floatToIntBits(chunk[k]));
            }
            data.write(out, 0, n * Float.BYTES);
            done += n;
        }
    }

    /** A float32 view in 'c' order whose values are its buffer's, all of them, from its start. */
    private static boolean wholeBuffer(INDArray view) {
        DataBuffer buffer = view.data();
        return view.dataType() == DataType.FLOAT && view.ordering() == 'c' && view.elementWiseStride() == 1
            && buffer.offset() == 0 && view.offset() == 0 && buffer.length() == view.length();
    }

    /**
     * A buffer without locks: {@code Nd4j.write} writes an array one value at a time through
     * {@code DataOutputStream.writeFloat}, four single-byte writes each, and a
     * {@code BufferedOutputStream} takes its monitor on every one of them.
     */
    private static final class Unsynchronized extends OutputStream {
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private int count;

        Unsynchronized(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                drain();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len >= buffer.length) {
                drain();
                out.write(b, off, len);
                return;
            }
            if (len > buffer.length - count) {
                drain();
            }
            System.arraycopy(b, off, buffer, count, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        private void drain() throws IOException {
            if (count > 0) {
                out.write(buffer, 0, count);
                count = 0;
            }
        }
    }

    /** Finishing the zip must not close the caller's stream. */
    private static final class Unclosed extends java.io.FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
