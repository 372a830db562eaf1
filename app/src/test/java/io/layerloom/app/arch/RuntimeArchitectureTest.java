package io.layerloom.app.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * One place for running networks: codegen translates graphs into DL4J configurations and Java
 * source and never constructs or runs a network; DL4J's run-time internals (its layer
 * implementations and helpers, ND4J's platform-helper switch) are touched only by
 * {@code io.layerloom.app.runtime}, where each workaround names its reason and removal condition.
 */
class RuntimeArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = MainClasses.importAll();
    }

    @Test
    void codegenTranslatesAndNeverRunsANetwork() {
        noClasses().that().resideInAPackage("io.layerloom.codegen..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j.nn.graph..",
                        "org.deeplearning4j.nn.layers..", "org.deeplearning4j.nn.gradient..", "org.deeplearning4j.nn.workspace..",
                        "org.deeplearning4j.nn.api..", "org.deeplearning4j.util..", "org.nd4j.linalg.factory..",
                        "org.nd4j.linalg.api.ops..", "org.nd4j.linalg.api.ndarray..")
                .because("codegen builds configurations and Java source; networks are built and run by "
                        + "io.layerloom.app.runtime.TrainingSetUp (docs/dl4j.md, \"Training fast\")")
                .check(classes);
    }

    @Test
    void onlyTheRuntimePackageReachesIntoDl4jsLayersAndNd4jsHelperSwitch() {
        noClasses().that().resideInAPackage("io.layerloom..").and().resideOutsideOfPackage("io.layerloom.app.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j.nn.layers..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.nd4j.linalg.factory.Environment")
                .because("DL4J-version-specific code lives in io.layerloom.app.runtime, checked at start-up")
                .check(classes);
    }

    @Test
    void theRuntimePackageDependsOnNoCommandLineAndNoWindow() {
        noClasses().that().resideInAPackage("io.layerloom.app.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("io.layerloom.app.cli..", "io.layerloom.app.designer..",
                        "io.layerloom.app.training..", "javafx..")
                .because("the command line, the window and the training service use the run time, not the other way")
                .check(classes);
    }
}
