package io.layerloom.app.designer;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** What the window tests read from and do to the real window, on the UI thread. */
final class WindowQueries {

    private WindowQueries() {
    }

    /** A label's text, read on the UI thread. */
    static String text(FxRobot robot, String id) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(id).queryAs(Label.class).getText()).get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scrolls the scroll pane around {@code node} so that it is on screen, as a user would (on the UI thread). */
    static Void scrollIntoView(Node node) {
        Parent p = node.getParent();
        while (p != null && !(p instanceof ScrollPane)) {
            p = p.getParent();
        }
        if (p instanceof ScrollPane scroll) {
            Node content = scroll.getContent();
            Bounds b = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
            double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            if (room > 0) {
                scroll.setVvalue(Math.min(1, Math.max(0, (b.getMinY() - 20) / room)));
            }
        }
        return null;
    }
}
