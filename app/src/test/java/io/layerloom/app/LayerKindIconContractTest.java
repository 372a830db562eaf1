package io.layerloom.app;

import io.layerloom.icons.LayerIcons;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.*;

/** Every layer kind of the model has its own icon, in the palette family the model gives it. */
class LayerKindIconContractTest {

    static Stream<LayerKind<?>> kinds() {
        return LayerKinds.all().stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void hasAnIconInItsFamily(LayerKind<?> kind) {
        assertTrue(LayerIcons.has(kind.name()), kind.name() + " has no icon");
        assertTrue(LayerIcons.svg(kind.name()).contains("<svg"));
        assertEquals(kind.family().name().toLowerCase(Locale.ROOT), LayerIcons.family(kind.name()));
    }

    @Test
    void thereIsNoIconForAKindThatDoesNotExist() {
        assertEquals(LayerKinds.names().stream().sorted().toList(), LayerIcons.kinds().stream().sorted().toList());
    }
}
