/**
 * The DL4J target: how a LayerLoom graph becomes a Deeplearning4j network. {@link
 * io.layerloom.codegen.dl4j.Dl4jMapping} is the one per-kind table, a {@code LayerVisitor} that
 * describes each node as data ({@link io.layerloom.codegen.dl4j.Construction}: the DL4J class,
 * its builder calls, their typed {@link io.layerloom.codegen.dl4j.Argument}s) and makes the
 * refusals; {@link io.layerloom.codegen.dl4j.Dl4jTraining} describes the network-wide
 * settings the same way. Their readers know no layer kind: {@link io.layerloom.codegen.dl4j.Dl4jObjects}
 * builds the objects that {@link io.layerloom.codegen.dl4j.Dl4jCompiler} assembles, and
 * {@code io.layerloom.codegen.java} prints the same constructions as Java source. {@link
 * io.layerloom.codegen.dl4j.MappingCases} reads the table whole (imports, docs/dl4j.md, tests).
 *
 * <p>Another target is a sibling package with its own mapping and readers, not a third copy of
 * this one: ONNX export will be {@code io.layerloom.codegen.onnx}, a {@code LayerVisitor} that
 * describes each node as ONNX nodes, read by a writer of ONNX files. What both targets share
 * (the analysis's shapes, the graph order) comes from graph-model, not from each other.
 */
package io.layerloom.codegen.dl4j;
