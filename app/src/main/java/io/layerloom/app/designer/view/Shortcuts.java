package io.layerloom.app.designer.view;

import java.util.List;
import javafx.scene.input.KeyCombination;

/** Every keyboard shortcut of the window: the menus take their accelerators from here, Help lists it. */
public final class Shortcuts {

    public record Shortcut(String action, KeyCombination keys) {
        public String keysText() {
            return keys.getDisplayText();
        }
    }

    public static final Shortcut NEW = of("New graph", "Shortcut+N");
    public static final Shortcut NEW_FROM_TEMPLATE = of("New from template", "Shortcut+Shift+N");
    public static final Shortcut OPEN = of("Open", "Shortcut+O");
    public static final Shortcut SAVE = of("Save", "Shortcut+S");
    public static final Shortcut SAVE_AS = of("Save as", "Shortcut+Shift+S");
    public static final Shortcut QUIT = of("Quit", "Shortcut+Q");
    public static final Shortcut UNDO = of("Undo", "Shortcut+Z");
    public static final Shortcut REDO = of("Redo", "Shortcut+Shift+Z");
    public static final Shortcut COPY = of("Copy selected layers", "Shortcut+C");
    public static final Shortcut CUT = of("Cut selected layers", "Shortcut+X");
    public static final Shortcut PASTE = of("Paste layers", "Shortcut+V");
    public static final Shortcut DUPLICATE = of("Duplicate selected layers", "Shortcut+D");
    public static final Shortcut DELETE = of("Delete selected layers", "Delete");
    public static final Shortcut MAKE_BLOCK = of("Make a block of the selected layers", "Shortcut+G");
    public static final Shortcut SELECT_ALL = of("Select all", "Shortcut+A");
    public static final Shortcut LAYOUT = of("Arrange automatically", "Shortcut+L");
    public static final Shortcut ZOOM_IN = of("Zoom in", "Shortcut+EQUALS");
    public static final Shortcut ZOOM_OUT = of("Zoom out", "Shortcut+MINUS");
    public static final Shortcut ZOOM_FIT = of("Zoom to fit", "Shortcut+0");
    public static final Shortcut FIND_LAYER = of("Find a layer in the graph (in the palette: search it)", "Shortcut+F");
    public static final Shortcut FIND_NEXT = of("Find next", "F3");
    public static final Shortcut FIND_PREVIOUS = of("Find previous", "Shift+F3");
    public static final Shortcut SHOW_PROBLEMS = of("Show Problems", "Shortcut+1");
    public static final Shortcut SHOW_SUMMARY = of("Show Summary", "Shortcut+2");
    public static final Shortcut SHOW_CODE = of("Show Code", "Shortcut+3");
    public static final Shortcut SHOW_TRAINING = of("Show Training", "Shortcut+4");
    public static final Shortcut HELP = of("Keyboard shortcuts", "F1");

    /** In the order Help shows them. */
    public static final List<Shortcut> ALL = List.of(NEW, NEW_FROM_TEMPLATE, OPEN, SAVE, SAVE_AS, QUIT, UNDO, REDO,
            CUT, COPY, PASTE, DUPLICATE, DELETE, MAKE_BLOCK, SELECT_ALL, LAYOUT, ZOOM_IN, ZOOM_OUT, ZOOM_FIT, FIND_LAYER, FIND_NEXT,
            FIND_PREVIOUS, SHOW_PROBLEMS, SHOW_SUMMARY, SHOW_CODE, SHOW_TRAINING, HELP);

    /** Gestures that are not menu items, for the Help list. */
    public static final List<String[]> GESTURES = List.of(
            new String[] {"Drag a layer from the palette", "add it where it is dropped"},
            new String[] {"Double-click a layer in the palette", "add it after the selected layer, wired"},
            new String[] {"Drag from an output port to an input port", "connect (green: allowed, red: refused)"},
            new String[] {"Drag on empty canvas", "select with a rubber band"},
            new String[] {"Shift+click", "add to or remove from the selection"},
            new String[] {"Double-click a block's card", "expand the block in place"},
            new String[] {"Middle drag, or Space+drag", "pan"},
            new String[] {"Ctrl+wheel", "zoom at the pointer"},
            new String[] {"Drop a .json file on the window", "open it"});

    private Shortcuts() {
    }

    private static Shortcut of(String action, String keys) {
        return new Shortcut(action, KeyCombination.valueOf(keys));
    }
}
