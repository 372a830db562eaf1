package io.layerloom.app.designer.view;

import io.layerloom.app.designer.view.OverviewGroups.Group;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The stages and blocks the overview frames, as the layers' names tell them. */
class OverviewGroupsTest {

    @Test
    void torchvisionNamesGiveStagesAndBlocksAndALoneLayerIsNoGroup() {
        List<Group> groups = OverviewGroups.of(List.of("input", "conv1", "layer1.0.conv1", "layer1.0.bn1", "layer1.1.conv1",
                "layer2.0.conv1", "layer2.0.downsample.0", "fc"));
        assertEquals(List.of(
                new Group("layer1", 1, List.of("layer1.0.conv1", "layer1.0.bn1", "layer1.1.conv1")),
                new Group("layer2", 1, List.of("layer2.0.conv1", "layer2.0.downsample.0")),
                new Group("layer1.0", 2, List.of("layer1.0.conv1", "layer1.0.bn1")),
                new Group("layer2.0", 2, List.of("layer2.0.conv1", "layer2.0.downsample.0"))), groups);
    }

    @Test
    void onnxPathsSplitAtSlashesAndLeafNamesAreNotPrefixes() {
        assertEquals("layer1", OverviewGroups.prefix("/layer1/layer1.0/conv1/Conv", 1));
        assertEquals("layer1/layer1.0", OverviewGroups.prefix("/layer1/layer1.0/conv1/Conv", 2));
        assertNull(OverviewGroups.prefix("conv1", 1));
        assertNull(OverviewGroups.prefix("layer1.conv", 2));
        assertNull(OverviewGroups.prefix("trailing.", 1));
        assertEquals("conv1", OverviewGroups.within("layer1.0.conv1", "layer1.0"));
        assertEquals("denselayer5.relu1", OverviewGroups.within("denseblock2.denselayer5.relu1", "denseblock2"));
    }
}
