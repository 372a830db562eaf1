package io.layerloom.app.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The DL4J run time LayerLoom starts and checks: the oneDNN switch (set before ND4J loads), the
 * versions of DL4J and ND4J found on the class path, and the start-up compatibility report
 * ({@link #report()}) of what is in use. Every DL4J-version-specific piece of run-time code lives
 * in this package: the workarounds ({@link NativePooling}, {@link FirstLayerConvolution},
 * {@link ConvolutionHelpers}, applied by {@link TrainingSetUp}) and, in its own package because
 * DL4J looks it up by name, the {@code org.nd4j.nativeblas.Nd4jCpu} shim. (What DL4J cannot build
 * is the translation's business: codegen refuses it with a diagnostic.)
 */
public final class Dl4jRuntime {

    /** DL4J's switch for its layer helpers (oneDNN among them); "true", DL4J's default, disables them. */
    public static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    /** JavaCPP's choice of native build: "-onednn" selects ND4J's oneDNN build. */
    public static final String PLATFORM_EXTENSION = "javacpp.platform.extension";

    private static final String UNKNOWN = "unknown";

    private Dl4jRuntime() {
    }

    /**
     * Selects ND4J's oneDNN native build and switches on DL4J's oneDNN layer helpers (off by
     * default in {@code Dl4jVersion.TARGET}), unless the user chose otherwise with -D. Must run
     * before ND4J loads. The shim {@code org.nd4j.nativeblas.Nd4jCpu} is the other half: without
     * it DL4J's helpers never see oneDNN. Removal: when DL4J switches its helpers on by default
     * and the oneDNN build is the one ND4J loads by itself.
     */
    public static void useOneDnn() {
        if (System.getProperty(PLATFORM_EXTENSION) == null) {
            System.setProperty(PLATFORM_EXTENSION, "-onednn");
        }
        if (System.getProperty(HELPERS_DISABLE) == null) {
            System.setProperty(HELPERS_DISABLE, "false");
        }
    }

    /**
     * The DL4J and ND4J versions on the class path, read from their jars' Maven metadata: cheap,
     * and ND4J is not loaded. Read once.
     */
    public static RuntimeReport.Versions versions() {
        return VersionsHolder.VERSIONS;
    }

    /**
     * The compatibility report. Loads ND4J and its native library when they are not loaded yet
     * (seconds the first time): call it off the UI thread. Safe while networks train on other
     * threads.
     */
    public static RuntimeReport report() {
        RuntimeReport.Versions versions = versions();
        boolean helpersSwitchedOn = !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE, "true"));
        // DL4J's own check: it reads ND4J's platform-helper switch, which a pooling layer clears while it runs
        boolean dl4jSeesOneDnn = NativePooling.whileSwitchUntouched(BaseMKLDNNHelper::mklDnnEnabled);
        return new RuntimeReport(versions, nativeBuild(), dl4jSeesOneDnn,
                RuntimeReport.fastPaths(versions, helpersSwitchedOn, dl4jSeesOneDnn));
    }

    private static RuntimeReport.NativeBuild nativeBuild() {
        Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        String library = Loader.getLoadedLibraries().get("nd4jcpu");
        String extension = System.getProperty(PLATFORM_EXTENSION, "");
        String build = library != null && Path.of(library).getParent() != null
                ? Path.of(library).getParent().getFileName().toString() : Loader.getPlatform() + extension;
        return new RuntimeReport.NativeBuild(environment.getProperty("backend", UNKNOWN), build,
                ops.buildInfo().contains("HAVE_ONEDNN"), environment.getProperty("blas.vendor", UNKNOWN),
                instructionSet(ops.binaryLevel()), instructionSet(ops.optimalLevel()));
    }

    /** ND4J's CPU levels in ND4J's own words (as its start-up log names them). */
    private static String instructionSet(int level) {
        return switch (level) {
            case 3 -> "AVX512";
            case 2 -> "AVX/AVX2";
            default -> "generic x86";
        };
    }

    private static String version(String groupAndArtifact) {
        try (InputStream in = Dl4jRuntime.class.getResourceAsStream("/META-INF/maven/" + groupAndArtifact + "/pom.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** Read on first use, never again: the class path does not change. */
    private static final class VersionsHolder {
        static final RuntimeReport.Versions VERSIONS = RuntimeReport.Versions.found(
                version("org.deeplearning4j/deeplearning4j-nn"), version("org.nd4j/nd4j-api"));
    }
}
