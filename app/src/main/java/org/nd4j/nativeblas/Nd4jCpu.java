package org.nd4j.nativeblas;

/**
 * DL4J behaviour worked around: in 1.0.0-M2.1 the oneDNN layer helpers ask whether oneDNN is on
 * through a class of this name, which ND4J no longer has (it moved to
 * org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu); the lookup fails and every convolution falls
 * back to the slow im2col path. This class answers under the old name. Remove it when DL4J
 * looks the switch up where it now lives.
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
