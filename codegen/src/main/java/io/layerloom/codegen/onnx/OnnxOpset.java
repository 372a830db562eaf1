package io.layerloom.codegen.onnx;

import java.util.Objects;

/**
 * One operator set the model imports: its domain ("" is the default ai.onnx domain, as the ONNX
 * specification spells it) and version. Operator semantics change between versions (Clip's bounds
 * moved from attributes to inputs in opset 11), so the mapping reads them per domain.
 *
 * @param domain the operator set domain, "" for ai.onnx
 * @param version the operator set version
 */
public record OnnxOpset(String domain, long version) {

    public OnnxOpset {
        Objects.requireNonNull(domain, "domain");
    }
}
