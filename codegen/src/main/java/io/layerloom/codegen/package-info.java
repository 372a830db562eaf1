/**
 * Graph to DL4J {@code ComputationGraphConfiguration} ({@code dl4j}), and graph to Java source
 * that builds the same network. Depends on graph-model and DL4J; never on JavaFX. It translates
 * and never constructs or runs a network: the app's {@code io.layerloom.app.runtime} does that
 * (an ArchUnit rule, {@code RuntimeArchitectureTest}, holds codegen to it).
 */
package io.layerloom.codegen;
