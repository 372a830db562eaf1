package io.layerloom.app.designer.view;

import javafx.scene.input.DataFormat;

/** Clipboard and drag-and-drop formats shared by the palette, the canvas and the window. */
public final class DesignerFormats {

    /** A layer kind name dragged from the palette ("Conv2D"). */
    public static final DataFormat LAYER_KIND = new DataFormat("application/x-layerloom-kind");

    /** Nodes copied from the canvas: a graph JSON document holding just them. */
    public static final DataFormat NODES = new DataFormat("application/x-layerloom-nodes");

    private DesignerFormats() {
    }
}
