package io.layerloom.app.arch;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The module boundaries of DEVELOPERS.md, as rules that fail the build. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = MainClasses.importAll();
    }

    @Test
    void theGraphModelIsPureJava() {
        ArchRule rule = noClasses().that().resideInAPackage("io.layerloom.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.deeplearning4j..", "org.nd4j..",
                        "java.awt..", "javax.swing..", "io.layerloom.app..", "io.layerloom.codegen..", "io.layerloom.icons..",
                        "com.fasterxml.jackson.databind..", "picocli..")
                .because("graph-model is pure Java: no UI, no DL4J, and nothing above it");
        rule.check(classes);
    }

    @Test
    void codegenHasNoUserInterface() {
        noClasses().that().resideInAPackage("io.layerloom.codegen..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.layerloom.app..", "java.awt..", "javax.swing..")
                .check(classes);
    }

    @Test
    void trainingAndDataHaveNoUserInterface() {
        noClasses().that().resideInAnyPackage("io.layerloom.app.training..", "io.layerloom.app.data..", "io.layerloom.app.cli..",
                        "io.layerloom.app.runs..", "io.layerloom.app.profile..", "io.layerloom.app.explain..",
                        "io.layerloom.app.inference..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt.event..", "javax.swing..")
                .because("the designer and the command line drive the same training code")
                .check(classes);
    }

    @Test
    void viewModelsSeeNoNodes() {
        noClasses().that().resideInAPackage("io.layerloom.app.designer.viewmodel..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.application..",
                        "javafx.embed..", "javafx.fxml..", "io.layerloom.app.designer.view..", "java.awt..", "javax.swing..")
                .because("view models hold UI logic as properties and are tested without a toolkit (STYLE.md)")
                .check(classes);
    }

    @Test
    void viewsOnlyBind() {
        noClasses().that().resideInAPackage("io.layerloom.app.designer.view..")
                .should().dependOnClassesThat().resideInAnyPackage("io.layerloom.codegen..", "io.layerloom.model.json..",
                        "org.deeplearning4j..", "org.nd4j..", "io.layerloom.app.cli..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(
                        "io.layerloom.app.designer.service.Dl4jTrainerService")
                .because("views bind to view models and forward gestures; generating, reading and training are view"
                        + " models' and services' work (STYLE.md, MVVM)")
                .check(classes);
    }

    @Test
    void viewsMakeNoViewModels() {
        noClasses().that().resideInAPackage("io.layerloom.app.designer.view..")
                .should().callConstructorWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                        JavaClass.Predicates.simpleNameEndingWith("ViewModel"))))
                .because("the composition root (DesignerComposition) makes the view models; a view receives them")
                .check(classes);
    }

    @Test
    void onlyTheCompositionRootMakesThreads() {
        noClasses().that().resideInAnyPackage("io.layerloom.app.designer.view..", "io.layerloom.app.designer.viewmodel..",
                        "io.layerloom.app.designer.task..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.layerloom.app.designer.service.FxExecutors")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                .because("background work goes through BackgroundTasks on executors the composition root made,"
                        + " so that tests can pass direct ones")
                .check(classes);
    }

    @Test
    void theDesignerUsesNoCommandLineClass() {
        noClasses().that().resideInAPackage("io.layerloom.app.designer..")
                .should().dependOnClassesThat().resideInAPackage("io.layerloom.app.cli..")
                .because("what both need (model files, the training signature) lives in training or data")
                .check(classes);
    }

    @Test
    void iconsReadTheLayerKindsAndNothingElseOfOurs() {
        noClasses().that().resideInAPackage("io.layerloom.icons..")
                .should().dependOnClassesThat(resideInAPackage("io.layerloom..")
                        .and(not(resideInAnyPackage("io.layerloom.icons..", "io.layerloom.model.layer"))))
                .orShould().dependOnClassesThat().resideInAPackage("javafx..")
                .because("the icons take their list of kinds and families from the model, and draw nothing themselves")
                .check(classes);
    }

    @Test
    void insideTheModelLayersAndGraphsKnowNothingOfAnalysisJsonOrReports() {
        noClasses().that().resideInAnyPackage("io.layerloom.model.layer..", "io.layerloom.model.graph..")
                .should().dependOnClassesThat().resideInAnyPackage("io.layerloom.model.analysis..", "io.layerloom.model.json..",
                        "io.layerloom.model.report..", "io.layerloom.model.template..")
                .check(classes);
        noClasses().that().resideInAPackage("io.layerloom.model.analysis..")
                .should().dependOnClassesThat().resideInAnyPackage("io.layerloom.model.json..", "io.layerloom.model.report..")
                .check(classes);
    }

    @Test
    void modelPackagesHaveNoCycles() {
        slices().matching("io.layerloom.model.(*)..").should().beFreeOfCycles().check(classes);
    }
}
