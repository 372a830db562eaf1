package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the start-up compatibility check found: the DL4J and ND4J versions on the class path
 * against the one LayerLoom targets, the native build ND4J loaded, whether DL4J sees oneDNN
 * through LayerLoom's {@code org.nd4j.nativeblas.Nd4jCpu} shim, and which fast paths are on. A
 * plain value, built by {@link Dl4jRuntime#report()} (or from chosen facts in tests), rendered by
 * {@link #text()} for {@code layerloom --version} and the window's About box.
 *
 * @param versions      the versions found and the target
 * @param nativeBuild   the native library ND4J loaded
 * @param shimEffective whether DL4J's oneDNN check, which looks oneDNN up through the shim, says yes
 * @param fastPaths     each fast path, on or off, in the order of docs/dl4j.md
 */
public record RuntimeReport(Versions versions, NativeBuild nativeBuild, boolean shimEffective, List<FastPath> fastPaths) {

    /** DL4J's own oneDNN layer helpers (off unless switched on: {@link Dl4jRuntime#useOneDnn()}). */
    public static final String ONEDNN_HELPERS = "oneDNN layer helpers";
    public static final String NATIVE_POOLING = "pooling on libnd4j's kernels";
    public static final String FIRST_LAYER = "first convolution without the input's gradient";
    public static final String CACHE_MODE = "convolution pre-activations kept (cache mode DEVICE)";
    public static final String DILATED = "dilated convolutions on DL4J's built-in code";

    /** LayerLoom's own workarounds, switched off together when the versions do not match. */
    public static final List<String> WORKAROUNDS = List.of(NATIVE_POOLING, FIRST_LAYER, CACHE_MODE, DILATED);

    public RuntimeReport {
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(nativeBuild, "nativeBuild");
        fastPaths = List.copyOf(fastPaths);
    }

    /**
     * DL4J and ND4J as found on the class path ("unknown" when a jar carries no Maven metadata),
     * and the release LayerLoom targets ({@link Dl4jVersion#TARGET}).
     */
    public record Versions(String target, String dl4j, String nd4j) {

        /** The versions found, against {@link Dl4jVersion#TARGET}. */
        public static Versions found(String dl4j, String nd4j) {
            return new Versions(Dl4jVersion.TARGET, dl4j, nd4j);
        }

        public boolean matchTarget() {
            return target.equals(dl4j) && target.equals(nd4j);
        }

        /** For a mismatch: what was found, what is switched off, and how to fix it. */
        public Optional<String> warning() {
            if (matchTarget()) {
                return Optional.empty();
            }
            return Optional.of("WARNING: found DL4J " + dl4j + " and ND4J " + nd4j + " on the class path, but LayerLoom's "
                    + "DL4J workarounds were written and tested for " + target + ". Switched off: "
                    + String.join(", ", WORKAROUNDS) + ". Networks run on DL4J's own code: the same results, slower. "
                    + "Use DL4J and ND4J " + target + " (dl4j.version in LayerLoom's pom.xml).");
        }
    }

    /**
     * The native library ND4J loaded.
     *
     * @param backend  ND4J's backend ("CPU")
     * @param build    the folder of the loaded libnd4j, which names its classifier ("linux-x86_64-onednn")
     * @param oneDnn   whether that libnd4j was built with oneDNN
     * @param blas     the BLAS it calls ("OPENBLAS")
     * @param binary   the instruction set the binary was compiled for ("generic x86")
     * @param cpu      the best instruction set this CPU offers, in the same terms ("AVX512")
     */
    public record NativeBuild(String backend, String build, boolean oneDnn, String blas, String binary, String cpu) {
    }

    /** One fast path: its name (one of the constants above), whether it is on, and why not. */
    public record FastPath(String name, boolean on, String note) {
    }

    /**
     * The fast paths, decided from the versions and from what DL4J does by itself: LayerLoom's
     * workarounds only on the target release; the three that concern DL4J's oneDNN helpers only
     * where they run (the helpers are DL4J's: on even on another release).
     *
     * @param helpersSwitchedOn whether DL4J may create layer helpers (its system property)
     * @param dl4jSeesOneDnn    whether DL4J's own oneDNN check says yes
     */
    public static List<FastPath> fastPaths(Versions versions, boolean helpersSwitchedOn, boolean dl4jSeesOneDnn) {
        boolean helpers = helpersSwitchedOn && dl4jSeesOneDnn;
        String helpersOff = !helpersSwitchedOn
                ? "DL4J's helpers are disabled: -D" + Dl4jRuntime.HELPERS_DISABLE + "=true, DL4J's default"
                : "DL4J does not see oneDNN: a native build without it, or the Nd4jCpu shim not in use";
        String mismatch = "not on this DL4J: see the warning";
        List<FastPath> paths = new ArrayList<>();
        paths.add(new FastPath(ONEDNN_HELPERS, helpers, helpers ? "" : helpersOff));
        paths.add(new FastPath(NATIVE_POOLING, versions.matchTarget(), versions.matchTarget() ? "" : mismatch));
        for (String name : List.of(FIRST_LAYER, CACHE_MODE, DILATED)) {
            String note = !versions.matchTarget() ? mismatch : helpers ? "" : "only where the oneDNN layer helpers run";
            paths.add(new FastPath(name, versions.matchTarget() && helpers, note));
        }
        return paths;
    }

    /** Whether the named fast path is on. */
    public boolean isOn(String name) {
        return fastPaths.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fast path named '" + name + "'")).on();
    }

    /** The report as lines of text, a mismatch warning first; ends with a line break. */
    public String text() {
        StringBuilder out = new StringBuilder();
        versions.warning().ifPresent(w -> out.append(w).append('\n'));
        out.append("DL4J ").append(versions.dl4j()).append(", ND4J ").append(versions.nd4j())
                .append(" (LayerLoom targets ").append(versions.target()).append(")\n");
        NativeBuild b = nativeBuild;
        out.append("Native build: ").append(b.backend()).append(" backend, ").append(b.build())
                .append(b.oneDnn() ? " with oneDNN" : " without oneDNN").append(", ").append(b.blas())
                .append("; compiled for ").append(b.binary()).append(", this CPU offers ").append(b.cpu()).append('\n');
        out.append("Nd4jCpu shim: ").append(shimEffective ? "effective (DL4J finds oneDNN through it)"
                : b.oneDnn() ? "not effective (DL4J's oneDNN check fails)" : "no effect (no oneDNN in this build)").append('\n');
        out.append("Fast paths:\n");
        for (FastPath p : fastPaths) {
            out.append(p.on() ? "  on   " : "  off  ").append(p.name());
            if (!p.note().isEmpty()) {
                out.append(" (").append(p.note()).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
