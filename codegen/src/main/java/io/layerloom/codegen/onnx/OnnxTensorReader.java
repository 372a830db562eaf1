package io.layerloom.codegen.onnx;

import io.layerloom.model.util.Text;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Turns an ONNX TensorProto into an {@link OnnxTensor}, refusing what LayerLoom cannot or should
 * not read before allocating anything the tensor's own numbers would size: element types other than
 * float32 and int64, negative dims or dims whose product is absurd, dims that disagree with the
 * data actually present, and external data whose location leaves the model's folder (absolute
 * paths, "..", symbolic links pointing out), is missing, or is shorter than declared. External data
 * inside the folder is read exactly as far as the tensor needs, never the whole file.
 */
final class OnnxTensorReader {

    private static final String REEXPORT = "The file is damaged or was written by a faulty exporter; "
        + "export the model again from its source framework.";

    private final String file;
    private final OnnxTensor.FileRegion model;
    private final Path folder;
    private final OnnxLimits limits;
    /** External bytes read so far for this model, against {@link OnnxLimits#maxExternalBytes()}. */
    private long externalBytes;

    /**
     * @param file the model file name, for messages
     * @param model the model file as it was read, which raw data offsets are in (null: not known)
     * @param folder the model's folder, the only place external data may come from
     */
    OnnxTensorReader(String file, OnnxTensor.FileRegion model, Path folder, OnnxLimits limits) {
        this.file = file;
        this.model = model;
        this.folder = folder;
        this.limits = limits;
    }

    /** Reads a tensor; {@code fallbackPlace} names it in messages when the tensor has no name. */
    OnnxTensor read(TensorProto t, String fallbackPlace) throws OnnxFormatException {
        return read(t, fallbackPlace, -1);
    }

    /**
     * Reads a tensor whose raw data, if it has any, starts at byte {@code rawOffset} of the model file
     * (-1: not known). Raw and external data are not copied: the tensor keeps the mapped bytes and
     * where they lie in the file.
     */
    OnnxTensor read(TensorProto t, String fallbackPlace, long rawOffset) throws OnnxFormatException {
        String place = t.getName().isEmpty() ? fallbackPlace : "tensor '" + Text.display(t.getName()) + "'";
        OnnxElementType type = OnnxElementType.of(t.getDataType()).orElseThrow(() -> fail(place,
            "element type " + OnnxElementType.onnxName(t.getDataType()) + " is not supported; LayerLoom reads"
                + " FLOAT (float32) weights and INT64 shape tensors.",
            "Export the model in float32 (in PyTorch, call model.float() before torch.onnx.export; "
                + "quantised and half-precision models cannot be imported)."));
        List<Long> dims = t.getDimsList();
        long count = count(dims, type, place);
        if (t.hasSegment()) {
            throw fail(place, "is stored in segments, which LayerLoom does not read.",
                "Save the model again as one piece (onnx.save without splitting).");
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return external(t, type, place, dims, count * type.bytes());
        }
        if (t.getRawData().isEmpty()) {
            return typed(t, type, dims, count, place);
        }
        ByteString raw = t.getRawData();
        if (raw.size() != count * type.bytes()) {
            throw mismatch(place, dims, count, "raw_data holds " + raw.size() + " bytes, not "
                + count * type.bytes());
        }
        return OnnxTensor.of(t.getName(), type, dims, raw.asReadOnlyByteBuffer(),
            rawOffset < 0 || model == null ? null : model.at(rawOffset));
    }

    /** The product of the dims, refused when negative, overflowing or over the tensor limit. */
    private long count(List<Long> dims, OnnxElementType type, String place) throws OnnxFormatException {
        for (long d : dims) {
            if (d < 0) {
                throw fail(place, "dims " + dims + " contain a negative size.", REEXPORT);
            }
        }
        long count;
        try {
            count = Math.multiplyExact(OnnxTensor.elementCount(dims), type.bytes()) / type.bytes();
        } catch (ArithmeticException overflow) {
            count = -1;
        }
        if (count < 0 || count * type.bytes() > limits.maxTensorBytes()) {
            throw fail(place, "dims " + dims + " declare " + (count < 0 ? "more than 2^63 bytes" : count
                    + " values (" + count * type.bytes() + " bytes)") + ", more than the "
                    + limits.maxTensorBytes() + "-byte limit for one tensor.",
                "The dims are corrupt, or the tensor is larger than LayerLoom imports; check the file "
                    + "in Netron and export the model again.");
        }
        return count;
    }

    private OnnxTensor typed(TensorProto t, OnnxElementType type, List<Long> dims, long count, String place)
        throws OnnxFormatException {
        if (type == OnnxElementType.FLOAT) {
            if (t.getFloatDataCount() != count) {
                throw mismatch(place, dims, count, "float_data holds " + t.getFloatDataCount() + " values");
            }
            float[] values = new float[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.getFloatData(i);
            }
            return OnnxTensor.ofFloats(t.getName(), dims, values);
        }
        if (t.getInt64DataCount() != count) {
            throw mismatch(place, dims, count, "int64_data holds " + t.getInt64DataCount() + " values");
        }
        long[] values = new long[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getInt64Data(i);
        }
        return OnnxTensor.ofLongs(t.getName(), dims, values);
    }

    private OnnxTensor external(TensorProto t, OnnxElementType type, String place, List<Long> dims, long needed)
        throws OnnxFormatException {
        TreeMap<String, String> entries = new TreeMap<>();
        for (StringStringEntryProto e : t.getExternalDataList()) {
            entries.put(e.getKey(), e.getValue());
        }
        String location = entries.get("location");
        if (location == null || location.isEmpty()) {
            throw fail(place, "has external data without a location.", REEXPORT);
        }
        Path path = inFolder(location, place);
        location = Text.display(location);
        long offset = number(entries, "offset", 0, place);
        long length = number(entries, "length", needed, place);
        if (length != needed) {
            throw mismatch(place, dims, needed, "external data declares a length of " + length + " bytes, not "
                + needed);
        }
        if (needed > limits.maxExternalBytes() - externalBytes) {
            throw fail(place, "external data would bring the model's external data to " + (externalBytes + needed)
                    + " bytes, more than the " + limits.maxExternalBytes() + "-byte limit.",
                "The external data references are corrupt, or the model is larger than LayerLoom imports; "
                    + "check the file in Netron and export the model again.");
        }
        externalBytes += needed;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (offset > size || size - offset < needed) {
                throw fail(place, "external data '" + location + "' is " + size + " bytes long, too short for "
                        + needed + " bytes at offset " + offset + ".",
                    "Copy the complete data file '" + location + "' next to " + file + " again.");
            }
            // Mapped, not read: the values come into memory only where the network is built from them.
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, offset, needed);
            return OnnxTensor.of(t.getName(), type, dims, bytes, OnnxTensor.FileRegion.of(path).at(offset));
        } catch (IOException e) {
            throw fail(place, "external data '" + location + "' cannot be read: " + e + ".",
                "Check that '" + location + "' next to " + file + " is a readable file.");
        }
    }

    /** The external data file, which must stay inside the model's folder, symbolic links resolved. */
    private Path inFolder(String rawLocation, String place) throws OnnxFormatException {
        String location = Text.display(rawLocation);
        String fix = "Keep the model's external data files in the model's own folder, referred to by a "
            + "relative name such as 'weights.bin' (onnx.save_model(..., save_as_external_data=True, "
            + "location='weights.bin')).";
        boolean absolute = location.startsWith("/") || location.startsWith("\\")
            || location.matches("^[A-Za-z]:.*") || Path.of(rawLocation).isAbsolute();
        if (absolute) {
            throw fail(place, "external data location '" + location + "' is an absolute path; LayerLoom reads "
                + "external data only from the model's folder.", fix);
        }
        for (String segment : rawLocation.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw fail(place, "external data location '" + location + "' leaves the model's folder; LayerLoom"
                    + " reads external data only from the model's folder.", fix);
            }
        }
        Path path = folder.resolve(rawLocation).normalize();
        if (!Files.isRegularFile(path)) {
            throw fail(place, "external data file '" + location + "' does not exist next to the model.",
                "Copy '" + location + "' into the folder of " + file + ".");
        }
        try {
            if (!path.toRealPath().startsWith(folder.toRealPath())) {
                throw fail(place, "external data location '" + location + "' is a link leading out of the "
                    + "model's folder; LayerLoom reads external data only from the model's folder.", fix);
            }
        } catch (IOException e) {
            throw fail(place, "external data file '" + location + "' cannot be resolved: " + e + ".",
                "Copy '" + location + "' into the folder of " + file + ".");
        }
        return path;
    }

    private long number(TreeMap<String, String> entries, String key, long absent, String place)
        throws OnnxFormatException {
        String value = entries.get(key);
        if (value == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, with the value received
        }
        throw fail(place, "external data " + key + " '" + Text.display(value) + "' is not a byte count.",
            REEXPORT);
    }

    private OnnxFormatException mismatch(String place, List<Long> dims, long count, String held) {
        return fail(place, "dims " + dims + " declare " + count + " values but its " + held + ".", REEXPORT);
    }

    private OnnxFormatException fail(String place, String problem, String fix) {
        return new OnnxFormatException(file, place, problem, fix);
    }
}
