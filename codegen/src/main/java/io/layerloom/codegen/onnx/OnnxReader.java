package io.layerloom.codegen.onnx;

import io.layerloom.model.util.Text;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.shade.protobuf.ByteString;
import org.nd4j.shade.protobuf.CodedInputStream;
import org.nd4j.shade.protobuf.UnsafeByteOperations;

/**
 * Reads an ONNX file into an {@link OnnxModel}, the first step of importing a network trained
 * elsewhere. A file from the internet is untrusted input, so every refusal happens before an
 * allocation the file's own numbers would size: the file's length is checked against the limit
 * before it is read, protobuf checks each length prefix against the bytes actually present (a
 * truncated file or garbage fails there), tensors are checked by {@link OnnxTensorReader} and the
 * data flow by {@link OnnxGraphOrder}. Each refusal is an {@link OnnxFormatException} naming the
 * file, the place and the fix. The protobuf classes are ONNX's own, as nd4j-api ships them.
 */
public final class OnnxReader {

    private static final String NOT_ONNX_FIX = "Open an .onnx model file (exported with torch.onnx.export, "
        + "tf2onnx or keras2onnx); if it is one, download or copy it again.";

    /** The first byte of every ONNX file: field 1 (ir_version), varint. */
    private static final byte IR_VERSION_TAG = 0x08;

    private final OnnxLimits limits;

    public OnnxReader() {
        this(OnnxLimits.DEFAULT);
    }

    public OnnxReader(OnnxLimits limits) {
        this.limits = limits;
    }

    /** Reads and checks the model; external data is read from the model's folder only. */
    public OnnxModel read(Path path) throws OnnxFormatException {
        return read(path, done -> { });
    }

    /**
     * The same, telling {@code bytesRead} how many of the file's bytes ({@code Files.size}) have been
     * read: all of them once the file is mapped and parsed. The weights' bytes are not read here at
     * all: the model's tensors keep the mapped bytes and where they lie in the file, and a network
     * reads them from there when it is built ({@link OnnxTensor#copyFloats}).
     */
    public OnnxModel read(Path path, LongConsumer bytesRead) throws OnnxFormatException {
        String file = Text.display(path.getFileName() == null ? path.toString() : path.getFileName().toString());
        OnnxTensor.FileRegion before = stamp(path, file);
        ByteBuffer bytes = bytes(path, file);
        ModelProto proto = parse(bytes, file);
        Path folder = path.toAbsolutePath().normalize().getParent();
        long[] rawOffsets = OnnxRawOffsets.of(bytes, proto.getGraph().getInitializerCount());
        for (int i = 0; i < rawOffsets.length; i++) {
            if (!OnnxRawOffsets.holds(bytes, rawOffsets[i], proto.getGraph().getInitializer(i).getRawData())) {
                rawOffsets[i] = -1;
            }
        }
        OnnxModel model = describe(proto, file, new OnnxTensorReader(file, before, folder, limits), rawOffsets);
        if (!stamp(path, file).sameFile(before)) {
            throw changed(file);
        }
        bytesRead.accept(bytes.capacity());
        return model;
    }

    private static OnnxFormatException changed(String file) {
        return new OnnxFormatException(file, null, "the file changed while it was being read.",
            "Wait until the file is completely written or copied, then open it again.");
    }

    /** The file's size and modification time now, to tell later whether it is still the file that was read. */
    private static OnnxTensor.FileRegion stamp(Path path, String file) throws OnnxFormatException {
        try {
            return OnnxTensor.FileRegion.of(path);
        } catch (NoSuchFileException e) {
            throw new OnnxFormatException(file, null, "the file does not exist.", "Check the path " + path + ".");
        } catch (IOException e) {
            throw new OnnxFormatException(file, null, "the file cannot be read: " + e + ".",
                "Check that " + path + " is a readable file.");
        }
    }

    private ByteBuffer bytes(Path path, String file) throws OnnxFormatException {
        if (Files.exists(path) && !Files.isRegularFile(path)) { // a FIFO nobody writes to would block in open(2)
            throw new OnnxFormatException(file, null, "it is not a regular file (a folder, a named pipe or a device); an"
                + " ONNX model is mapped from a file on disk.", "Save the model to a .onnx file and give its path.");
        }
        try {
            long size = Files.size(path);
            if (size > limits.maxFileBytes()) {
                throw new OnnxFormatException(file, null, "the file is " + size + " bytes, more than the "
                    + limits.maxFileBytes() + "-byte limit.", "Save the model with its weights as external data "
                    + "(onnx.save_model(..., save_as_external_data=True)) so the .onnx file itself stays small.");
            }
            return mapped(path, size);
        } catch (NoSuchFileException e) {
            throw new OnnxFormatException(file, null, "the file does not exist.", "Check the path " + path + ".");
        } catch (IOException e) {
            throw new OnnxFormatException(file, null, "the file cannot be read: " + e + ".",
                "Check that " + path + " is a readable file.");
        }
    }

    /**
     * The file mapped into memory. A mapping, not a heap array: the parse aliases its weights' bytes to
     * the file's pages and touches only the rest (names, nodes, attributes), so neither the heap nor the
     * process's resident pages hold the weights at this point. (The mapping ends when it is
     * garbage-collected; until then Windows keeps the file locked.)
     */
    private static ByteBuffer mapped(Path path, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            // A file that shrank since Files.size is mapped as it is now (a file that grows is read to its old size).
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, channel.size()));
        }
    }

    private static ModelProto parse(ByteBuffer bytes, String file) throws OnnxFormatException {
        ModelProto proto;
        try {
            // Weights alias the mapped file instead of being copied onto the heap. Aliasing needs an input
            // protobuf takes for immutable: CodedInputStream.newInstance(ByteBuffer) is not one, and with it
            // every raw_data was copied into a heap array (and every page of the file read) regardless.
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
            in.enableAliasing(true);
            proto = ModelProto.parseFrom(in);
        } catch (InternalError e) {
            // What the JVM throws when a mapped file is cut short under it.
            throw changed(file);
        } catch (IOException e) {
            // Parsing a byte array reads nothing from disk: every IOException here is a malformed message.
            String why = String.valueOf(e.getMessage());
            // Every ONNX writer emits fields in number order, so a model starts with ir_version (tag 0x08);
            // garbage that merely runs out of bytes must not be called a truncated model.
            if (why.contains("ended unexpectedly") && bytes.capacity() > 0 && bytes.get(0) == IR_VERSION_TAG) {
                throw new OnnxFormatException(file, null, "the file is truncated: it ends in the middle of a "
                    + "field (" + bytes.capacity() + " bytes read).", "Download or copy the file again; the copy is "
                    + "incomplete.");
            }
            // Protobuf's own wording speaks of truncation even for plain garbage; the first bytes say more.
            throw new OnnxFormatException(file, null, "the file is not an ONNX model: its bytes are not a protobuf "
                + "message (it starts with " + head(bytes) + ").", NOT_ONNX_FIX);
        }
        if (!proto.hasGraph() && proto.getIrVersion() > 0) {
            throw new OnnxFormatException(file, null, "the model has no graph: the file is truncated or was not "
                + "written by an ONNX exporter.", NOT_ONNX_FIX);
        }
        if (!proto.hasGraph() || proto.getIrVersion() <= 0) {
            throw new OnnxFormatException(file, null, "the file is not an ONNX model: it has no "
                + (proto.hasGraph() ? "IR version" : "graph") + ".", NOT_ONNX_FIX);
        }
        if (proto.getOpsetImportCount() == 0) {
            throw new OnnxFormatException(file, null, "the model imports no operator set: the file is truncated"
                + " or was not written by an ONNX exporter.", NOT_ONNX_FIX);
        }
        return proto;
    }

    /** The first bytes in hex, e.g. "7b 22 6e 6f", to tell a JSON, zip or HTML file from a model. */
    private static String head(ByteBuffer bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.capacity()); i++) {
            b.append(i == 0 ? "" : " ").append(String.format("%02x", bytes.get(i) & 0xff));
        }
        return b.toString();
    }

    private static OnnxModel describe(ModelProto proto, String file, OnnxTensorReader tensors, long[] rawOffsets)
        throws OnnxFormatException {
        List<OnnxOpset> opsets = new ArrayList<>();
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            opsets.add(new OnnxOpset(o.getDomain(), o.getVersion()));
        }
        opsets.sort(Comparator.comparing(OnnxOpset::domain).thenComparingLong(OnnxOpset::version));
        GraphProto graph = proto.getGraph();
        Map<String, String> sources = new LinkedHashMap<>();
        List<OnnxTensor> initializers = new ArrayList<>();
        for (TensorProto t : graph.getInitializerList()) {
            String place = "initializer #" + initializers.size();
            if (t.getName().isEmpty()) {
                throw new OnnxFormatException(file, place, "has no name, so no node can read it.",
                    OnnxGraphOrder.REEXPORT);
            }
            define(sources, t.getName(), "initializer '" + Text.display(t.getName()) + "'", file);
            initializers.add(tensors.read(t, place, rawOffsets[initializers.size()]));
        }
        List<OnnxValueInfo> inputs = new ArrayList<>();
        for (ValueInfoProto v : graph.getInputList()) {
            // IR versions before 4 list every initializer among the inputs too; those are weights, not inputs.
            if (sources.containsKey(v.getName()) && sources.get(v.getName()).startsWith("initializer")) {
                continue;
            }
            define(sources, v.getName(), "graph input '" + Text.display(v.getName()) + "'", file);
            inputs.add(valueInfo(v, "graph input", file));
        }
        List<OnnxValueInfo> outputs = new ArrayList<>();
        List<String> outputNames = new ArrayList<>();
        for (ValueInfoProto v : graph.getOutputList()) {
            outputs.add(valueInfo(v, "graph output", file));
            outputNames.add(v.getName());
        }
        List<OnnxNode> nodes = new ArrayList<>();
        for (NodeProto n : graph.getNodeList()) {
            nodes.add(node(n, nodes.size(), file, tensors));
        }
        List<OnnxNode> ordered = new OnnxGraphOrder(file).order(sources, nodes, outputNames);
        String producer = (proto.getProducerName() + " " + proto.getProducerVersion()).trim();
        return new OnnxModel(file, proto.getIrVersion(), producer, opsets, graph.getName(), inputs, outputs,
            initializers, ordered);
    }

    private static void define(Map<String, String> sources, String name, String what, String file)
        throws OnnxFormatException {
        String earlier = sources.putIfAbsent(name, what);
        if (earlier != null) {
            throw new OnnxFormatException(file, what, "has the same name as " + earlier
                + "; ONNX tensors are defined once.", OnnxGraphOrder.REEXPORT);
        }
    }

    private static OnnxValueInfo valueInfo(ValueInfoProto v, String role, String file) throws OnnxFormatException {
        String place = role + " '" + Text.display(v.getName()) + "'";
        if (v.getName().isEmpty()) {
            throw new OnnxFormatException(file, role, "has no name.", OnnxGraphOrder.REEXPORT);
        }
        TypeProto type = v.getType();
        if (!type.hasTensorType()) {
            throw new OnnxFormatException(file, place, "is a " + type.getValueCase().name().toLowerCase()
                + ", not a tensor; LayerLoom reads tensor inputs and outputs only.",
                "Export the model with plain tensor inputs and outputs.");
        }
        int code = type.getTensorType().getElemType();
        OnnxElementType elementType = OnnxElementType.of(code).orElseThrow(() -> new OnnxFormatException(file,
            place, "element type " + OnnxElementType.onnxName(code) + " is not supported; LayerLoom reads FLOAT "
                + "(float32) and INT64 tensors.", "Export the model in float32 (in PyTorch, call model.float() "
                + "and pass float32 example inputs to torch.onnx.export)."));
        Optional<List<OnnxDim>> shape = Optional.empty();
        if (type.getTensorType().hasShape()) {
            List<OnnxDim> dims = new ArrayList<>();
            for (TensorShapeProto.Dimension d : type.getTensorType().getShape().getDimList()) {
                if (d.hasDimValue() && d.getDimValue() >= 0) {
                    dims.add(new OnnxDim.Fixed(d.getDimValue()));
                } else if (d.hasDimValue()) {
                    throw new OnnxFormatException(file, place, "declares a negative size " + d.getDimValue()
                        + " in its shape.", OnnxGraphOrder.REEXPORT);
                } else if (d.hasDimParam() && !d.getDimParam().isEmpty()) {
                    dims.add(new OnnxDim.Named(d.getDimParam()));
                } else {
                    dims.add(new OnnxDim.Unknown());
                }
            }
            shape = Optional.of(dims);
        }
        return new OnnxValueInfo(v.getName(), elementType, shape);
    }

    private static OnnxNode node(NodeProto n, int index, String file, OnnxTensorReader tensors)
        throws OnnxFormatException {
        OnnxNode bare = new OnnxNode(n.getName(), n.getOpType(), n.getDomain(), n.getInputList(),
            n.getOutputList(), List.of());
        String place = bare.place(index);
        if (n.getOpType().isEmpty()) {
            throw new OnnxFormatException(file, place, "has no operator type.", OnnxGraphOrder.REEXPORT);
        }
        List<OnnxAttribute> attributes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (AttributeProto a : n.getAttributeList()) {
            if (!names.add(a.getName())) {
                throw new OnnxFormatException(file, place, "has two attributes named '" + Text.display(a.getName())
                    + "'.",
                    OnnxGraphOrder.REEXPORT);
            }
            attributes.add(attribute(a, place + ": attribute '" + Text.display(a.getName()) + "'", tensors));
        }
        attributes.sort(Comparator.comparing(OnnxAttribute::name));
        return new OnnxNode(n.getName(), n.getOpType(), n.getDomain(), n.getInputList(), n.getOutputList(),
            attributes);
    }

    private static OnnxAttribute attribute(AttributeProto a, String place, OnnxTensorReader tensors)
        throws OnnxFormatException {
        String name = a.getName();
        return switch (a.getType()) {
            case FLOAT -> new OnnxAttribute.FloatValue(name, a.getF());
            case INT -> new OnnxAttribute.IntValue(name, a.getI());
            case STRING -> new OnnxAttribute.StringValue(name, text(a.getS()));
            case FLOATS -> new OnnxAttribute.FloatList(name, a.getFloatsList());
            case INTS -> new OnnxAttribute.IntList(name, a.getIntsList());
            case STRINGS -> new OnnxAttribute.StringList(name, a.getStringsList().stream()
                .map(OnnxReader::text).toList());
            case TENSOR -> new OnnxAttribute.TensorValue(name, tensors.read(a.getT(), place));
            default -> new OnnxAttribute.Unsupported(name, a.getType().name());
        };
    }

    private static String text(ByteString bytes) {
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
}
