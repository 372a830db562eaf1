/**
 * Graph to a target framework, one sub-package per target: {@code dl4j} (the DL4J mapping, the
 * objects and the {@code ComputationGraphConfiguration} built from it) and {@code java} (the
 * same mapping printed as Java source that builds that configuration). Depends on graph-model
 * and DL4J; never on JavaFX. It translates and never constructs or runs a network: the app's
 * {@code io.layerloom.app.runtime} does that (an ArchUnit rule, {@code RuntimeArchitectureTest},
 * holds codegen to it).
 */
package io.layerloom.codegen;
