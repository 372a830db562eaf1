/**
 * Graph to DL4J {@code ComputationGraphConfiguration} ({@code dl4j}), and graph to Java source
 * that builds the same network. Depends on graph-model and DL4J; never on JavaFX.
 */
package io.layerloom.codegen;
