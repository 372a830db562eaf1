package io.layerloom.app.arch;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

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

    /** DL4J's and ND4J's run-time packages: networks, layers, gradients, arrays and ops. */
    private static final String[] RUN_TIME = {"org.deeplearning4j.nn.graph..", "org.deeplearning4j.nn.layers..",
            "org.deeplearning4j.nn.gradient..", "org.deeplearning4j.nn.workspace..", "org.deeplearning4j.nn.api..",
            "org.deeplearning4j.util..", "org.nd4j.linalg.factory..", "org.nd4j.linalg.api.ops..",
            "org.nd4j.linalg.api.ndarray.."};

    @Test
    void codegenTranslatesAndNeverRunsANetwork() {
        // Naming a run-time class is allowed (the generated source imports ComputationGraph, by
        // its class literal); calling into one, or holding or returning one, is not.
        String because = "codegen builds configurations and Java source; networks are built and run by "
                + "io.layerloom.app.runtime.TrainingSetUp (docs/dl4j.md, \"Training fast\")";
        noClasses().that().resideInAPackage("io.layerloom.codegen..")
                .should().callCodeUnitWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                        JavaClass.Predicates.resideInAnyPackage(RUN_TIME))))
                .because(because).check(classes);
        noFields().that().areDeclaredInClassesThat().resideInAPackage("io.layerloom.codegen..")
                .should().haveRawType(JavaClass.Predicates.resideInAnyPackage(RUN_TIME))
                .because(because).check(classes);
        noMethods().that().areDeclaredInClassesThat().resideInAPackage("io.layerloom.codegen..")
                .should().haveRawReturnType(JavaClass.Predicates.resideInAnyPackage(RUN_TIME))
                .because(because).check(classes);
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
