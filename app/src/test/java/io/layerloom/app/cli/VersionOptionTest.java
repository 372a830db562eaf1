package io.layerloom.app.cli;

import io.layerloom.app.runtime.Dl4jRuntime;
import io.layerloom.codegen.dl4j.Dl4jVersion;
import org.junit.jupiter.api.Test;

import static io.layerloom.app.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code layerloom --version}: LayerLoom's version, then the DL4J run time's compatibility report. */
class VersionOptionTest {

    @Test
    void printsTheVersionAndTheRuntimeReport() {
        CliRunner.Run version = run("--version").exits(0);
        assertEquals("", version.err());
        assertEquals("LayerLoom 0.1.0\n" + Dl4jRuntime.report().text(), version.out());
        String target = Dl4jVersion.TARGET;
        assertTrue(version.out().startsWith("LayerLoom 0.1.0\nDL4J " + target + ", ND4J " + target
                + " (LayerLoom targets " + target + ")\nNative build: CPU backend, "), version.out());
    }
}
