/**
 * Reading ONNX files: {@link io.layerloom.codegen.onnx.OnnxReader} turns an untrusted .onnx file
 * into an {@link io.layerloom.codegen.onnx.OnnxModel}, an immutable, protobuf-free description
 * (operator sets, graph inputs and outputs with shapes, initializers, nodes with typed attributes)
 * whose data flow and tensor sizes have been checked, or refuses it with an
 * {@link io.layerloom.codegen.onnx.OnnxFormatException} naming the file, the place and the fix.
 * Mapping the description onto LayerLoom's layers is the import's next step and not here yet.
 */
package io.layerloom.codegen.onnx;
