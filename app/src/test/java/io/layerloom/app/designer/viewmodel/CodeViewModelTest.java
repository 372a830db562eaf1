package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.codegen.java.JavaSourceGenerator;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.layer.IntPair;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodeViewModelTest {

    /** Background work waits here until the test runs it, as a worker thread would later. */
    private final Queue<Runnable> background = new ArrayDeque<>();

    private CodeViewModel model(DocumentViewModel document) {
        return new CodeViewModel(document, BackgroundTasks.direct(), background::add);
    }

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    @Test
    void nothingIsGeneratedWhileTheTabIsHidden() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        CodeViewModel code = model(document);

        document.apply(new Edit.SetParam("conv", "filters", 8L));

        assertTrue(background.isEmpty());
        assertEquals("", code.codeProperty().get());
    }

    @Test
    void showingTheTabGeneratesOffTheUiThreadWithTheDefaultClassName() throws Exception {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        CodeViewModel code = model(document);

        code.activeProperty().set(true);
        assertTrue(code.busyProperty().get());
        assertEquals("", code.codeProperty().get());
        runBackground();

        assertEquals(JavaSourceGenerator.generate(document.graph(), "", "SmallNet", CodeViewModel.SEED),
                code.codeProperty().get());
        assertEquals(List.of("", false, true), List.of(code.messageProperty().get(), code.busyProperty().get(),
                code.hasCodeProperty().get()));
        assertEquals("SmallNet.java", code.suggestedFileName());
    }

    @Test
    void aBurstOfEditsShowsOnlyTheLastGraphsSource() throws Exception {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        CodeViewModel code = model(document);
        code.activeProperty().set(true);
        runBackground();

        document.apply(new Edit.SetParam("conv", "filters", 8L));
        document.apply(new Edit.SetParam("conv", "filters", 16L));
        assertEquals(2, background.size());
        runBackground();

        assertEquals(JavaSourceGenerator.generate(document.graph(), "", "SmallNet", CodeViewModel.SEED),
                code.codeProperty().get());
        assertTrue(code.codeProperty().get().contains("nOut(16)"), "16 filters");
    }

    @Test
    void aGraphWithErrorsSaysWhyThereIsNoSource() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        CodeViewModel code = model(document);
        code.activeProperty().set(true);
        runBackground();

        document.apply(new Edit.SetParam("conv", "kernel", IntPair.of(30)));
        runBackground();

        assertEquals("", code.codeProperty().get());
        assertFalse(code.hasCodeProperty().get());
        String expected = assertThrows(JavaSourceGenerator.NotCompilable.class,
                () -> JavaSourceGenerator.generate(document.graph(), "", "SmallNet", 42)).getMessage();
        assertEquals(expected, code.messageProperty().get());
        assertTrue(expected.startsWith("1 problem prevents generating Java source: Conv2D 'conv'"), expected);
    }

    @Test
    void unusableNamesAreRefusedWithoutGenerating() throws Exception {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        CodeViewModel code = model(document);
        code.activeProperty().set(true);
        runBackground();

        code.classNameProperty().set("class");

        assertTrue(background.isEmpty());
        assertEquals("", code.codeProperty().get());
        assertTrue(code.classProblemProperty().get().startsWith("Class name 'class' is a Java keyword"),
                code.classProblemProperty().get());
        assertEquals(code.classProblemProperty().get(), code.messageProperty().get());

        code.classNameProperty().set("Net");
        code.packageNameProperty().set("com.example.");
        assertTrue(code.packageProblemProperty().get().startsWith("Package name 'com.example.' is not a Java package name"));
        code.packageNameProperty().set("com.example");
        runBackground();
        assertEquals(JavaSourceGenerator.generate(document.graph(), "com.example", "Net", CodeViewModel.SEED),
                code.codeProperty().get());
    }

    @Test
    void theClassNameFollowsTheGraphNameUntilTheUserTypesOne() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        CodeViewModel code = model(document);

        document.apply(new Edit.RenameGraph("LeNet-5"));
        assertEquals("LeNet5", code.classNameProperty().get());

        code.classNameProperty().set("Mine");
        document.apply(new Edit.RenameGraph("Other"));
        assertEquals("Mine", code.classNameProperty().get());
    }
}
