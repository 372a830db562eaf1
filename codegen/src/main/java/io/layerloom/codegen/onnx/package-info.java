/**
 * Reading ONNX files: {@link io.layerloom.codegen.onnx.OnnxReader} turns an untrusted .onnx file
 * into an {@link io.layerloom.codegen.onnx.OnnxModel}, an immutable, protobuf-free description
 * (operator sets, graph inputs and outputs with shapes, initializers, nodes with typed attributes)
 * whose data flow and tensor sizes have been checked, or refuses it with an
 * {@link io.layerloom.codegen.onnx.OnnxFormatException} naming the file, the place and the fix.
 * {@link io.layerloom.codegen.onnx.OnnxStructureImport} then maps that description onto a LayerLoom
 * graph (layers, wiring and parameters, no weights yet), or lists every node it cannot map in one
 * {@link io.layerloom.codegen.onnx.OnnxUnsupportedException}. Converting the weights into DL4J's
 * parameter layout and the {@code layerloom import} command are the next steps and not here yet.
 */
package io.layerloom.codegen.onnx;
