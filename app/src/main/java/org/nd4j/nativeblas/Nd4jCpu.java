package org.nd4j.nativeblas;

/**
 * Part of LayerLoom's DL4J run time (io.layerloom.app.runtime, where the other workarounds and the
 * compatibility check live), kept in this package because DL4J looks it up by this name. Reason:
 * in the target release (io.layerloom.codegen.dl4j.Dl4jVersion.TARGET) DL4J's oneDNN layer
 * helpers ask whether oneDNN is on through a class of this name, which ND4J no longer has (it
 * moved to org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu); the lookup fails and every
 * convolution falls back to the slow im2col path. This class answers under the old name, and
 * {@code layerloom --version} reports whether DL4J's check finds oneDNN through it ("Nd4jCpu
 * shim: effective"). Removal: when DL4J looks the switch up where it now lives.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
