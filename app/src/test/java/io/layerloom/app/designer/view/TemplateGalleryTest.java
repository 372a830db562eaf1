package io.layerloom.app.designer.view;

import io.layerloom.model.template.Idea;
import io.layerloom.model.template.Templates;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.*;

/** New from template (issue 15 section 4): the templates under the idea each introduced, with its sentence. */
@ExtendWith(ApplicationExtension.class)
class TemplateGalleryTest {

    private ListView<TemplateGallery.Row> list;

    @Start
    void start(Stage stage) {
        list = TemplateGallery.list();
        Scene scene = new Scene(list, 700, 600);
        scene.getStylesheets().add(TemplateGallery.class.getResource("/io/layerloom/app/designer/designer.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private static void settle() {
        WaitForAsyncUtils.waitForFxEvents(3);
    }

    @Test
    void everyIdeaIsAHeadingFollowedByTheTemplatesThatShowIt() {
        List<TemplateGallery.Row> rows = list.getItems();
        assertEquals(Templates.ideas().stream().map(Idea::id).toList(),
                rows.stream().filter(TemplateGallery.Row::heading).map(r -> r.idea().id()).toList());
        assertEquals(Templates.all().size(), rows.stream().filter(r -> !r.heading()).count());
        for (int i = 1; i < rows.size(); i++) {
            if (!rows.get(i).heading()) {
                assertEquals(rows.get(i).template().idea(), rows.get(i).idea().id(), "a template sits under its own idea");
            }
        }
        List<String> residual = rows.stream().filter(r -> !r.heading() && r.idea().id().equals("residual"))
                .map(r -> r.template().id()).toList();
        assertEquals(List.of("resnet18", "resnet50"), residual);
    }

    @Test
    void theHeadingShowsTheIdeasTitleAndItsSentence(FxRobot robot) {
        settle();
        List<String> titles = robot.lookup(".template-idea-title").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertTrue(titles.contains("Convolution and pooling"), titles.toString());
        List<String> sentences = robot.lookup(".template-idea-sentence").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertTrue(sentences.contains(Templates.ideas().get(0).sentence()), sentences.toString());
    }

    @Test
    void selectionPassesOverTheHeadings(FxRobot robot) {
        settle();
        assertEquals("lenet5", list.getSelectionModel().getSelectedItem().template().id(), "the first template, not a heading");
        robot.interact(() -> list.getSelectionModel().select(0));
        settle();
        assertEquals("lenet5", list.getSelectionModel().getSelectedItem().template().id(), "the heading above passes on down");
        int alexnet = indexOf("alexnet");
        robot.interact(() -> list.getSelectionModel().select(alexnet));
        robot.clickOn(list);
        robot.interact(() -> list.getSelectionModel().select(alexnet));
        settle();
        robot.type(KeyCode.UP);
        settle();
        assertEquals("small-cnn", list.getSelectionModel().getSelectedItem().template().id(), "up over the heading");
        robot.type(KeyCode.DOWN);
        settle();
        assertEquals("alexnet", list.getSelectionModel().getSelectedItem().template().id(), "down over the heading");
    }

    private int indexOf(String templateId) {
        for (int i = 0; i < list.getItems().size(); i++) {
            if (!list.getItems().get(i).heading() && list.getItems().get(i).template().id().equals(templateId)) {
                return i;
            }
        }
        throw new AssertionError(templateId);
    }
}
