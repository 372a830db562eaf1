/**
 * Graph to DL4J {@code ComputationGraphConfiguration}, and graph to Java source that builds the
 * same network. Depends on graph-model only; never on JavaFX. (Filled in by the DL4J issue.)
 */
package io.layerloom.codegen;
