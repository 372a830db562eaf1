package io.layerloom.codegen.onnx;

/**
 * The ONNX import with weights, the entry point the app's command and designer call: a checked
 * {@link OnnxModel} (from {@link OnnxReader}) becomes a LayerLoom graph with the same layers and
 * wiring, and its trained parameters converted to the layout DL4J's layers hold them in, so that
 * the network DL4J builds from the graph computes what the ONNX model computes. Either all of it
 * maps or nothing is returned: {@link OnnxUnsupportedException} lists every node that does not.
 */
public final class OnnxImport {

    private OnnxImport() {
    }

    /**
     * The graph and weights of {@code model}.
     *
     * @throws OnnxUnsupportedException listing every node, graph input and output it cannot map
     */
    public static OnnxImported run(OnnxModel model) throws OnnxUnsupportedException {
        return OnnxStructureImport.imported(model);
    }
}
