package io.layerloom.app.runtime;

import io.layerloom.app.runtime.RuntimeReport.FastPath;
import io.layerloom.app.runtime.RuntimeReport.NativeBuild;
import io.layerloom.app.runtime.RuntimeReport.Versions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The compatibility report: which fast paths are on for which facts, its text, the mismatch
 * warning, and the report of this test JVM (DL4J's helpers disabled, as DL4J has them by default).
 */
class RuntimeReportTest {

    private static final Versions SAME = new Versions("9.9", "9.9", "9.9");
    private static final Versions NEWER = new Versions("9.9", "10.0", "10.0");
    private static final NativeBuild ONEDNN = new NativeBuild("CPU", "linux-x86_64-onednn", true, "OPENBLAS", "generic x86",
            "AVX512");

    @Test
    void onTheTargetWithDl4jsHelpersEveryFastPathIsOn() {
        RuntimeReport report = new RuntimeReport(SAME, ONEDNN, true, RuntimeReport.fastPaths(SAME, true, true));
        assertEquals("""
                DL4J 9.9, ND4J 9.9 (LayerLoom targets 9.9)
                Native build: CPU backend, linux-x86_64-onednn with oneDNN, OPENBLAS; compiled for generic x86, this CPU offers AVX512
                Nd4jCpu shim: effective (DL4J finds oneDNN through it)
                Fast paths:
                  on   oneDNN layer helpers
                  on   pooling on libnd4j's kernels
                  on   first convolution without the input's gradient
                  on   convolution pre-activations kept (cache mode DEVICE)
                  on   dilated convolutions on DL4J's built-in code
                """, report.text());
        assertTrue(report.isOn(RuntimeReport.FIRST_LAYER));
    }

    @Test
    void whenDl4jDoesNotSeeOneDnnOnlyThePoolingIsOn() {
        RuntimeReport report = new RuntimeReport(SAME, ONEDNN, false, RuntimeReport.fastPaths(SAME, true, false));
        assertEquals("""
                DL4J 9.9, ND4J 9.9 (LayerLoom targets 9.9)
                Native build: CPU backend, linux-x86_64-onednn with oneDNN, OPENBLAS; compiled for generic x86, this CPU offers AVX512
                Nd4jCpu shim: not effective (DL4J's oneDNN check fails)
                Fast paths:
                  off  oneDNN layer helpers (DL4J does not see oneDNN: a native build without it, or the Nd4jCpu shim not in use)
                  on   pooling on libnd4j's kernels
                  off  first convolution without the input's gradient (only where the oneDNN layer helpers run)
                  off  convolution pre-activations kept (cache mode DEVICE) (only where the oneDNN layer helpers run)
                  off  dilated convolutions on DL4J's built-in code (only where the oneDNN layer helpers run)
                """, report.text());
    }

    @Test
    void anotherReleaseIsNamedInAWarningAndSwitchesTheWorkaroundsOff() {
        NativeBuild generic = new NativeBuild("CPU", "linux-x86_64", false, "OPENBLAS", "AVX/AVX2", "AVX/AVX2");
        RuntimeReport report = new RuntimeReport(NEWER, generic, false, RuntimeReport.fastPaths(NEWER, true, true));
        String warning = "WARNING: found DL4J 10.0 and ND4J 10.0 on the class path, but LayerLoom's DL4J workarounds were "
                + "written and tested for 9.9. Switched off: pooling on libnd4j's kernels, first convolution without the "
                + "input's gradient, convolution pre-activations kept (cache mode DEVICE), dilated convolutions on DL4J's "
                + "built-in code. Networks run on DL4J's own code: the same results, slower. Use DL4J and ND4J 9.9 "
                + "(dl4j.version in LayerLoom's pom.xml).";
        assertEquals(Optional.of(warning), NEWER.warning());
        assertEquals(warning + "\n" + """
                DL4J 10.0, ND4J 10.0 (LayerLoom targets 9.9)
                Native build: CPU backend, linux-x86_64 without oneDNN, OPENBLAS; compiled for AVX/AVX2, this CPU offers AVX/AVX2
                Nd4jCpu shim: no effect (no oneDNN in this build)
                Fast paths:
                  on   oneDNN layer helpers
                  off  pooling on libnd4j's kernels (not on this DL4J: see the warning)
                  off  first convolution without the input's gradient (not on this DL4J: see the warning)
                  off  convolution pre-activations kept (cache mode DEVICE) (not on this DL4J: see the warning)
                  off  dilated convolutions on DL4J's built-in code (not on this DL4J: see the warning)
                """, report.text());
    }

    @Test
    void aMismatchOfNd4jAloneIsAMismatch() {
        assertFalse(new Versions("9.9", "9.9", "10.0").matchTarget());
        assertFalse(new Versions("9.9", "unknown", "9.9").matchTarget());
        assertTrue(SAME.matchTarget());
        assertEquals(Optional.empty(), SAME.warning());
    }

    @Test
    void anUnknownFastPathIsAProgrammerError() {
        RuntimeReport report = new RuntimeReport(SAME, ONEDNN, true, RuntimeReport.fastPaths(SAME, true, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> report.isOn("turbo"));
        assertEquals("no fast path named 'turbo'", e.getMessage());
    }

    @Test
    void thisJvmHasDl4jsHelpersDisabledAndTheTargetRelease() {
        RuntimeReport report = Dl4jRuntime.report();
        assertEquals(Dl4jRuntime.versions(), report.versions());
        String disabled = "DL4J's helpers are disabled: -Dorg.eclipse.deeplearning4j.helpers.disable=true, DL4J's default";
        String helpersOnly = "only where the oneDNN layer helpers run";
        assertEquals(List.of(new FastPath(RuntimeReport.ONEDNN_HELPERS, false, disabled),
                new FastPath(RuntimeReport.NATIVE_POOLING, true, ""),
                new FastPath(RuntimeReport.FIRST_LAYER, false, helpersOnly),
                new FastPath(RuntimeReport.CACHE_MODE, false, helpersOnly),
                new FastPath(RuntimeReport.DILATED, false, helpersOnly)), report.fastPaths());
        assertEquals("CPU", report.nativeBuild().backend());
    }
}
