package io.layerloom.app.designer;

import io.layerloom.app.designer.service.FxDialogService;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report dialog (an import's refused nodes): its text can be selected, and Copy takes all of it without closing. */
@ExtendWith(ApplicationExtension.class)
class ReportDialogTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
    }

    @Test
    void copyPutsTheWholeReportOnTheClipboardAndKeepsTheDialogOpen(FxRobot robot) throws Exception {
        String report = "model.onnx: 2 nodes cannot be imported:\n  - node 'a' (Erf)\n  - node 'b' (Erf)";
        WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().clear());
        WaitForAsyncUtils.asyncFx(() -> new FxDialogService(stage).showReport("Importing model.onnx failed", report));
        WaitForAsyncUtils.waitForFxEvents(4);
        TextArea text = robot.lookup("#report-text").queryAs(TextArea.class);
        assertEquals(report, text.getText());
        assertFalse(text.isEditable());

        robot.clickOn("Copy");
        WaitForAsyncUtils.waitForFxEvents(2);
        assertEquals(report, WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get());
        assertTrue(robot.lookup("#report-text").tryQuery().isPresent(), "Copy does not close the dialog");

        robot.clickOn("OK");
        WaitForAsyncUtils.waitForFxEvents(2);
        assertFalse(robot.lookup("#report-text").tryQuery().isPresent());
    }
}
