package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.BlockViewModel;
import io.layerloom.model.graph.Block;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * The block items of the canvas's context menu and their dialogs: Make Block... on a selection;
 * Expand or Collapse, Rename Block..., Duplicate Block, Repeat Block..., Ungroup on a block.
 * A refusal (a name in use, a block that cannot be chained) is shown with its reason.
 */
final class BlockMenu {

    private BlockMenu() {
    }

    static List<MenuItem> items(BlockViewModel blocks, String clicked, Window owner) {
        Optional<Block> block = blocks.blockOf(clicked);
        if (block.isEmpty()) {
            MenuItem make = item("Make Block...", "menu-make-block", () -> makeBlock(blocks, owner));
            make.setDisable(blocks.whyNotMake(blocks.suggestName()).isPresent());
            return List.of(new SeparatorMenuItem(), make);
        }
        Block b = block.get();
        String id = b.id();
        MenuItem toggle = item((b.collapsed() ? "Expand " : "Collapse ") + id, "menu-toggle-block",
                () -> blocks.setCollapsed(id, !b.collapsed()));
        toggle.setMnemonicParsing(false);
        MenuItem repeat = item("Repeat Block...", "menu-repeat-block", () -> repeat(blocks, id, owner));
        repeat.setDisable(blocks.whyNotRepeat(id, 1).isPresent());
        return List.of(new SeparatorMenuItem(), toggle,
                item("Rename Block...", "menu-rename-block", () -> rename(blocks, id, owner)),
                item("Duplicate Block", "menu-duplicate-block", () -> blocks.duplicate(id)), repeat,
                item("Ungroup", "menu-ungroup", () -> blocks.ungroup(id)));
    }

    private static MenuItem item(String text, String cssId, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(cssId);
        item.setOnAction(a -> action.run());
        return item;
    }

    /** Edit > Make Block... and the context menu's: asks the name and type, then groups the selection. */
    static void makeBlock(BlockViewModel blocks, Window owner) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Make Block");
        dialog.setHeaderText("Group the " + blocks.selectedLayers().size() + " selected layers into a block.");
        TextField name = new TextField(blocks.suggestName());
        name.setId("block-name");
        ComboBox<String> type = new ComboBox<>();
        type.getItems().addAll(BlockViewModel.TYPES);
        type.setEditable(true);
        type.setValue("Block");
        type.setId("block-type");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("Type"), type);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (dialog.showAndWait().filter(ButtonType.OK::equals).isPresent()) {
            String chosen = type.getEditor().getText();
            blocks.makeBlock(name.getText().strip(), chosen == null ? "Block" : chosen).ifPresent(why -> refuse(owner, why));
        }
    }

    private static void rename(BlockViewModel blocks, String id, Window owner) {
        TextInputDialog dialog = new TextInputDialog(id);
        dialog.initOwner(owner);
        dialog.setTitle("Rename Block");
        dialog.setHeaderText("New name of block " + id);
        dialog.showAndWait().ifPresent(name -> blocks.rename(id, name).ifPresent(why -> refuse(owner, why)));
    }

    /** Asks how many copies, then chains them after the block (the inspector's Repeat... too). */
    static void repeat(BlockViewModel blocks, String id, Window owner) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Repeat Block");
        dialog.setHeaderText("Chain copies of " + id + " after it; what it fed reads the last copy.");
        Spinner<Integer> times = new Spinner<>(1, 1000, 1);
        times.setEditable(true);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.addRow(0, new Label("Copies"), times);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (dialog.showAndWait().filter(ButtonType.OK::equals).isPresent()) {
            blocks.repeat(id, times.getValue()).ifPresent(why -> refuse(owner, why));
        }
    }

    private static void refuse(Window owner, String why) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, why, ButtonType.OK);
        alert.initOwner(owner);
        alert.setHeaderText("The block was not changed");
        alert.showAndWait();
    }
}
