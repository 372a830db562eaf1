/**
 * Graph to a target framework, one sub-package per target: {@code dl4j} (the DL4J mapping, the
 * objects and the {@code ComputationGraphConfiguration} built from it) and {@code java} (the
 * same mapping printed as Java source that builds that configuration). Depends on graph-model
 * and DL4J; never on JavaFX.
 */
package io.layerloom.codegen;
