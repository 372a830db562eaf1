package io.layerloom.app.designer.view;

import io.layerloom.app.designer.viewmodel.CanvasViewModel;
import io.layerloom.model.graph.Position;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javafx.css.PseudoClass;
import javafx.geometry.BoundingBox;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TransferMode;

/**
 * What the mouse and keyboard do on the canvas. Each gesture keeps its state here while it runs
 * and ends in at most one command on the view model: a move, a wire, a selection.
 */
final class CanvasGestures {

    private static final PseudoClass REFUSED = PseudoClass.getPseudoClass("refused");

    private enum Mode { NONE, PAN, MOVE, CONNECT, BAND }

    private final CanvasView view;
    private final CanvasViewModel model;
    private ContextMenu menu;

    private Mode mode = Mode.NONE;
    private boolean spaceDown;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean additive;
    // moving
    private String anchor;
    private final Map<String, Position> starts = new LinkedHashMap<>();
    private boolean moved;
    // connecting
    private String connectFrom;
    private NodeView target;

    CanvasGestures(CanvasView view, CanvasViewModel model) {
        this.view = view;
        this.model = model;
        view.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        view.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        view.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        view.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        view.addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        view.addEventHandler(KeyEvent.KEY_RELEASED, this::keyReleased);
        view.addEventHandler(DragEvent.DRAG_OVER, this::dragOver);
        view.addEventHandler(DragEvent.DRAG_DROPPED, this::dragDropped);
    }

    private void pressed(MouseEvent e) {
        view.requestFocus();
        if (menu != null) {
            menu.hide();
        }
        pressX = lastX = e.getX();
        pressY = lastY = e.getY();
        Node hit = hitTarget(e.getPickResult().getIntersectedNode());
        if (hit instanceof ReceptiveFieldView) {
            return;
        }
        if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && spaceDown)) {
            mode = Mode.PAN;
            view.setCursor(Cursor.CLOSED_HAND);
        } else if (e.getButton() == MouseButton.SECONDARY) {
            showMenu(hit, e.getScreenX(), e.getScreenY());
        } else if (e.getButton() == MouseButton.PRIMARY) {
            if (hit instanceof PortView port && port.isOutput()) {
                startConnect(port.nodeId());
            } else if (hit instanceof NodeView card && card.block() != null && e.getClickCount() == 2) {
                // Double-click on a collapsed block expands it in place.
                model.blocks().setCollapsed(card.block().blockId(), false);
            } else if (hit instanceof PortView || hit instanceof NodeView) {
                String id = hit instanceof PortView port ? port.nodeId() : ((NodeView) hit).nodeId();
                pressNode(id, e.isShiftDown());
            } else if (hit instanceof WireView wire) {
                model.document().clearSelection();
                view.selectWire(wire);
            } else {
                mode = Mode.BAND;
                additive = e.isShiftDown();
                view.selectWire(null);
            }
        }
        e.consume();
    }

    private void pressNode(String id, boolean toggle) {
        view.selectWire(null);
        if (toggle) {
            model.click(id, true);
            return;
        }
        if (!model.document().selection().contains(id)) {
            model.click(id, false);
        }
        mode = Mode.MOVE;
        anchor = id;
        moved = false;
        starts.clear();
        for (String selected : model.document().selection()) {
            NodeView v = view.nodeView(selected);
            if (v != null) {
                starts.put(selected, new Position(v.getLayoutX(), v.getLayoutY()));
            }
        }
    }

    private void startConnect(String from) {
        mode = Mode.CONNECT;
        connectFrom = from;
        target = null;
        NodeView source = view.nodeView(from);
        WireView.draw(view.preview, WireGeometry.between(source.outX(), source.outY(), source.outX(), source.outY() + 1, null));
        view.preview.pseudoClassStateChanged(REFUSED, false);
        view.preview.setVisible(true);
    }

    private void dragged(MouseEvent e) {
        double x = e.getX();
        double y = e.getY();
        switch (mode) {
            case PAN -> view.panBy(x - lastX, y - lastY);
            case MOVE -> dragNodes(x, y);
            case CONNECT -> dragWire(x, y);
            case BAND -> {
                view.band.setX(Math.min(x, pressX));
                view.band.setY(Math.min(y, pressY));
                view.band.setWidth(Math.abs(x - pressX));
                view.band.setHeight(Math.abs(y - pressY));
                view.band.setVisible(true);
            }
            default -> {
                return;
            }
        }
        lastX = x;
        lastY = y;
        e.consume();
    }

    private void dragNodes(double x, double y) {
        double s = view.getScale();
        double dx = (x - pressX) / s;
        double dy = (y - pressY) / s;
        if (!moved && Math.hypot(x - pressX, y - pressY) < 3) {
            return; // a click that shook a little is not a move
        }
        moved = true;
        Position offset = model.dragOffset(starts.get(anchor), dx, dy);
        starts.forEach((id, p) -> view.nodeView(id).relocate(p.x() + offset.x(), p.y() + offset.y()));
        view.rerouteWiresOf(starts.keySet());
    }

    private void dragWire(double x, double y) {
        NodeView source = view.nodeView(connectFrom);
        Point2D p = view.toWorld(x, y);
        NodeView over = view.nodeAt(p, connectFrom);
        if (over != target) {
            if (target != null) {
                target.setDropState(null);
            }
            target = over;
        }
        Optional<String> refused = target == null ? Optional.empty() : model.refusal(connectFrom, target.nodeId());
        if (target != null) {
            target.setDropState(refused.isEmpty());
            WireView.draw(view.preview, WireGeometry.between(source.outX(), source.outY(), target.inX(), target.inY(), null));
        } else {
            WireView.draw(view.preview, WireGeometry.between(source.outX(), source.outY(), p.getX(), p.getY(), null));
        }
        view.preview.pseudoClassStateChanged(REFUSED, refused.isPresent());
        view.refusal.setText(refused.map(r -> "Cannot connect: " + r).orElse(""));
        view.refusal.setVisible(refused.isPresent());
        // Wrapped and kept inside the canvas: a long reason must not run under the inspector.
        view.refusal.setWrapText(true);
        double w = Math.min(view.refusal.prefWidth(-1), Math.max(200, Math.min(440, view.getWidth() - 16)));
        double h = view.refusal.prefHeight(w);
        view.refusal.resize(w, h);
        double left = Math.max(8, Math.min(x + 16, view.getWidth() - w - 8));
        double top = Math.max(8, Math.min(y + 14, view.getHeight() - h - 8));
        view.refusal.relocate(left, top);
    }

    private void released(MouseEvent e) {
        switch (mode) {
            case PAN -> view.setCursor(spaceDown ? Cursor.OPEN_HAND : Cursor.DEFAULT);
            case MOVE -> {
                if (moved) {
                    double s = view.getScale();
                    model.commitMove(Map.copyOf(starts), anchor, (e.getX() - pressX) / s, (e.getY() - pressY) / s);
                } else if (model.document().selection().size() > 1) {
                    model.click(anchor, false); // a plain click inside a selection picks that one node
                }
            }
            case CONNECT -> {
                if (target != null) {
                    target.setDropState(null);
                    model.connect(connectFrom, target.nodeId());
                }
                view.preview.setVisible(false);
                view.refusal.setVisible(false);
                target = null;
            }
            case BAND -> {
                view.band.setVisible(false);
                if (Math.abs(e.getX() - pressX) < 3 && Math.abs(e.getY() - pressY) < 3) {
                    if (!additive) {
                        model.document().clearSelection();
                    }
                } else {
                    Point2D a = view.toWorld(Math.min(pressX, e.getX()), Math.min(pressY, e.getY()));
                    Point2D b = view.toWorld(Math.max(pressX, e.getX()), Math.max(pressY, e.getY()));
                    model.selectArea(view.nodesIn(new BoundingBox(a.getX(), a.getY(), b.getX() - a.getX(),
                            b.getY() - a.getY())), additive);
                }
            }
            default -> {
                return;
            }
        }
        mode = Mode.NONE;
        starts.clear();
        e.consume();
    }

    private void scrolled(ScrollEvent e) {
        if (e.isShortcutDown() || e.isControlDown()) {
            view.zoomAt(Math.pow(1.0025, e.getDeltaY()), e.getX(), e.getY());
        } else {
            view.panBy(e.getDeltaX(), e.getDeltaY());
        }
        e.consume();
    }

    private void keyPressed(KeyEvent e) {
        if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
            view.deleteSelection();
            e.consume();
        } else if (e.getCode() == KeyCode.SPACE) {
            spaceDown = true;
            if (mode == Mode.NONE) {
                view.setCursor(Cursor.OPEN_HAND);
            }
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE) {
            view.selectWire(null);
            model.document().clearSelection();
            e.consume();
        }
    }

    private void keyReleased(KeyEvent e) {
        if (e.getCode() == KeyCode.SPACE) {
            spaceDown = false;
            if (mode == Mode.NONE) {
                view.setCursor(Cursor.DEFAULT);
            }
            e.consume();
        }
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasContent(DesignerFormats.LAYER_KIND)) {
            e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        }
    }

    private void dragDropped(DragEvent e) {
        Object kind = e.getDragboard().getContent(DesignerFormats.LAYER_KIND);
        if (kind instanceof String name) {
            e.setDropCompleted(view.dropKind(name, e.getX(), e.getY()));
            e.consume();
        }
    }

    private void showMenu(Node hit, double screenX, double screenY) {
        menu = new ContextMenu();
        menu.setId("canvas-menu");
        if (hit instanceof WireView wire) {
            MenuItem disconnect = new MenuItem("Disconnect " + wire.from() + " \u2192 " + wire.to());
            disconnect.setMnemonicParsing(false);
            disconnect.setOnAction(a -> model.disconnect(wire.from(), wire.to()));
            menu.getItems().add(disconnect);
        } else if (hit instanceof NodeView || hit instanceof PortView) {
            String id = hit instanceof PortView port ? port.nodeId() : ((NodeView) hit).nodeId();
            if (!model.document().selection().contains(id)) {
                model.click(id, false);
            }
            menu.getItems().addAll(item("Cut", view::cut), item("Copy", view::copy),
                    item("Duplicate", view::duplicate), new SeparatorMenuItem(), item("Freeze up to Here", view::freezeUpToHere),
                    item("Unfreeze All", view::unfreezeAll), new SeparatorMenuItem(), item("Delete", view::deleteSelection));
            menu.getItems().addAll(BlockMenu.items(model.blocks(), id, view.getScene() == null ? null : view.getScene().getWindow()));
        } else {
            menu.getItems().addAll(item("Paste", view::paste), item("Select All", view::selectAll),
                    new SeparatorMenuItem(), item("Arrange Automatically", view::autoLayout),
                    item("Zoom to Fit", view::zoomToFit));
        }
        menu.show(view, screenX, screenY);
    }

    private static MenuItem item(String text, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setMnemonicParsing(false);
        item.setOnAction(a -> action.run());
        return item;
    }

    /** The card, port, wire or panel a press landed on, or null for the empty sheet. */
    private Node hitTarget(Node picked) {
        for (Node n = picked; n != null && n != view; n = n.getParent()) {
            if (n instanceof PortView || n instanceof NodeView || n instanceof WireView || n instanceof ReceptiveFieldView) {
                return n;
            }
        }
        return null;
    }
}
