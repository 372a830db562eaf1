package io.layerloom.codegen.dl4j;

/**
 * The Deeplearning4j release that LayerLoom's translation is written and tested for. The
 * generated Java names it, and the run-time compatibility check compares the DL4J and ND4J found
 * on the class path with it: the DL4J workarounds (each naming its reason and removal condition)
 * were checked against this release only. Keep it equal to {@code dl4j.version} in the root POM.
 */
public final class Dl4jVersion {

    /** The DL4J and ND4J version the workarounds and the generated code target. */
    public static final String TARGET = "1.0.0-M2.1";

    private Dl4jVersion() {
    }
}
