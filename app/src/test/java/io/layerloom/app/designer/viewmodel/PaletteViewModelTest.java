package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.Family;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PaletteViewModelTest {

    @Test
    void aLayerAddedBelowTheSelectedOneSitsAsFarAsArrangeAutomaticallyPutsIt() {
        DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
        PaletteViewModel palette = new PaletteViewModel(doc);
        doc.select(palette.add("Input"));
        palette.add("Conv2D");
        Graph added = doc.graph();
        Graph arranged = io.layerloom.app.designer.service.GraphLayoutService.layoutAll(added);

        double pitch = y(added, "conv2d_1") - y(added, "input_1");
        assertEquals(y(arranged, "conv2d_1") - y(arranged, "input_1"), pitch,
                "the wire's shape label needs the layout's gap between the ports");
    }

    private static double y(Graph g, String id) {
        return g.require(id).position().orElseThrow().y();
    }

    @Test
    void addingALayerClearsTheSearch() {
        PaletteViewModel palette = new PaletteViewModel(DocumentViewModel.direct(Graph.empty("g")));
        palette.filterProperty().set("conv");

        palette.add("Conv2D");

        assertEquals("", palette.filterProperty().get());
        assertEquals(LayerKinds.names(), palette.visibleKinds());
    }

    @Test
    void withoutASearchEveryKindIsListedByFamilyInPaletteOrder() {
        PaletteViewModel palette = new PaletteViewModel(DocumentViewModel.direct(Graph.empty("g")));

        assertEquals(LayerKinds.names(), palette.visibleKinds());
        assertEquals(List.of(Family.values()), palette.groups().stream().map(PaletteViewModel.Group::family).toList());
        assertEquals("", palette.emptyMessageProperty().get());
    }

    @Test
    void theSearchMatchesNamesAndSummariesIgnoringCase() {
        PaletteViewModel palette = new PaletteViewModel(DocumentViewModel.direct(Graph.empty("g")));

        palette.filterProperty().set("CONV");

        assertEquals(List.of("Conv2D", "Deconv2D", "DepthwiseConv2D", "GroupedConv2D", "SeparableConv2D"), palette.visibleKinds());
        assertEquals(List.of(Family.CONVOLUTION), palette.groups().stream().map(PaletteViewModel.Group::family).toList());

        palette.filterProperty().set("element-wise"); // only in summaries
        assertEquals(List.of("Activation", "Add", "Multiply"), palette.visibleKinds());
    }

    @Test
    void aSearchThatMatchesNothingSaysSo() {
        PaletteViewModel palette = new PaletteViewModel(DocumentViewModel.direct(Graph.empty("g")));

        palette.filterProperty().set(" xyzzy ");

        assertEquals(List.of(), palette.visibleKinds());
        assertEquals("No layer matches 'xyzzy'", palette.emptyMessageProperty().get());
        palette.filterProperty().set("");
        assertEquals("", palette.emptyMessageProperty().get());
    }

    @Test
    void aSecondBranchFromTheSameLayerGoesBesideTheFirstNotOnTopOfIt() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        PaletteViewModel palette = new PaletteViewModel(document);
        document.select("conv");
        String first = palette.add("MaxPool2D");
        document.select("conv");
        String second = palette.add("AvgPool2D");

        // conv's consumer, flat, stands below it: the first branch goes to its right, the second further right
        double column = GraphLayoutService.NODE_WIDTH + GraphLayoutService.LAYER_GAP;
        Position below = new Position(100, 160 + PaletteViewModel.ROW_GAP);
        assertEquals(Optional.of(below.plus(column, 0)), document.graph().require(first).position());
        assertEquals(Optional.of(below.plus(2 * column, 0)), document.graph().require(second).position());
    }

    @Test
    void addingAfterTheSelectedNodeWiresPlacesSelectsAndIsOneUndoableStep() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        document.select("conv");
        PaletteViewModel palette = new PaletteViewModel(document);

        String id = palette.add("MaxPool2D");

        LayerKind<?> pool = LayerKinds.byName("MaxPool2D").orElseThrow();
        assertEquals("maxpool2d_1", id);
        // below conv stands its consumer flat: the new layer goes beside it
        assertEquals(new Node("maxpool2d_1", pool.defaults(), List.of("conv"), Optional.of(new Position(
                100 + GraphLayoutService.NODE_WIDTH + GraphLayoutService.LAYER_GAP, 160 + PaletteViewModel.ROW_GAP)), Map.of()),
                document.graph().require(id));
        assertEquals(List.of(id), document.selection());
        assertEquals(id, document.revealProperty().get().id());
        assertEquals("Undo Add MaxPool2D", document.undoTextProperty().get());
        document.undo();
        assertEquals(TestGraphs.small(), document.graph());
    }

    @Test
    void freshIdsCountUpAndAnInputIsNeverWired() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        document.select("out");
        PaletteViewModel palette = new PaletteViewModel(document);

        assertEquals("dense_1", palette.add("Dense"));
        assertEquals("dense_2", palette.add("Dense"));
        assertEquals(List.of("dense_1"), document.graph().require("dense_2").inputs());
        String input = palette.add("Input");
        assertEquals(List.of(), document.graph().require(input).inputs());
    }

    @Test
    void withNothingSelectedANodeGoesBelowEverythingOrAtTheOrigin() {
        DocumentViewModel document = DocumentViewModel.direct(TestGraphs.small());
        PaletteViewModel palette = new PaletteViewModel(document);

        String id = palette.add("Dense");

        assertEquals(Optional.of(new Position(100, 380 + PaletteViewModel.ROW_GAP)), document.graph().require(id).position());
        assertEquals(List.of(), document.graph().require(id).inputs());

        DocumentViewModel empty = DocumentViewModel.direct(Graph.empty("g"));
        String first = new PaletteViewModel(empty).add("Input");
        assertEquals(Optional.of(PaletteViewModel.ORIGIN), empty.graph().require(first).position());
    }

    @Test
    void anUnknownKindIsAProgrammerError() {
        PaletteViewModel palette = new PaletteViewModel(DocumentViewModel.direct(Graph.empty("g")));
        assertThrows(IllegalArgumentException.class, () -> palette.add("Conv3D"));
        assertFalse(palette.visibleKinds().contains("Conv3D"));
    }
}
