package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.ThreadsViewModel;
import io.layerloom.app.runtime.ThreadChoice;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;

/**
 * Run > Threads: the default (every free core, one for a network whose operations are too small to
 * gain from more) or a fixed number, for training, profiling and pruning; a line says what the open
 * graph's training computes with and why, and when {@code OMP_NUM_THREADS} is set, a line says that
 * it is the most any choice gets.
 */
final class ThreadsMenu {

    private ThreadsMenu() {
    }

    /** Characters per line of the open graph's choice: its reason names the graph and its work, too long for one line. */
    static final int LINE = 80;

    /** {@code text} broken at spaces into lines of at most {@code width} characters (a longer word on its own line). */
    static String wrapped(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > width) {
                out.append('\n');
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    static Menu of(ThreadsViewModel threads) {
        Menu menu = new Menu("Threads");
        menu.setId("menu-threads");
        ToggleGroup group = new ToggleGroup();
        MenuItem now = new MenuItem();
        now.setId("menu-threads-now");
        now.setDisable(true);
        now.setVisible(false);
        menu.getItems().addAll(now);
        // asked as the menu opens: the open graph, its batch and the load average change in between
        menu.setOnShowing(e -> threads.forOpenGraph().ifPresentOrElse(choice -> {
            now.setText(wrapped("This graph trains with " + choice.describe(), LINE));
            now.setVisible(true);
        }, () -> now.setVisible(false)));
        threads.environmentOverride().ifPresent(env -> {
            MenuItem note = new MenuItem(env + " is set: no more threads than that");
            note.setId("menu-threads-environment");
            note.setDisable(true);
            menu.getItems().addAll(note, new SeparatorMenuItem());
        });
        for (int n = ThreadChoice.FREE_CORES; n <= threads.cores(); n++) {
            String text = n == ThreadChoice.FREE_CORES ? "Every Free Core, One for a Small Network (of " + threads.cores() + ")"
                    : n + (n == 1 ? " Thread" : " Threads");
            RadioMenuItem item = new RadioMenuItem(text);
            item.setId("menu-threads-" + n);
            item.setToggleGroup(group);
            item.setSelected(threads.settingProperty().get() == n);
            int value = n;
            item.setOnAction(e -> threads.settingProperty().set(value));
            menu.getItems().add(item);
        }
        threads.settingProperty().addListener((o, was, is) -> group.getToggles().stream()
                .filter(t -> ((MenuItem) t).getId().equals("menu-threads-" + is.intValue()))
                .findFirst().ifPresent(t -> t.setSelected(true)));
        return menu;
    }
}
