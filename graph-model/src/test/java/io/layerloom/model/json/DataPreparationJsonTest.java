package io.layerloom.model.json;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.training.DataPreparation;
import io.layerloom.model.training.DataPreparation.Normalization;
import io.layerloom.model.training.TrainingSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The training object's "fit" and "normalization": read, written back only when set, and strict. */
class DataPreparationJsonTest {

    private static String file(String training) {
        return "{\"format\": \"layerloom-graph\", \"version\": 1, \"training\": " + training + ", \"nodes\": []}";
    }

    private static String error(String training) {
        return assertThrows(GraphFormatException.class, () -> GraphJson.read(file(training), "bad.json")).getMessage();
    }

    @Test
    void fitAndNormalizationRoundTrip() throws Exception {
        Graph g = GraphJson.read(file("{\"fit\": \"pad\", \"normalization\": \"auto\"}"), "t.json");
        DataPreparation p = g.training().orElseThrow().preparation();
        assertEquals(new DataPreparation(Optional.of(DataPreparation.Fit.PAD), Normalization.AUTO), p);
        String text = GraphJson.write(g);
        assertTrue(text.contains("\"seed\": 42, \"fit\": \"pad\", \"normalization\": \"auto\"}"), text);
        assertEquals(g.training(), GraphJson.read(text, "again.json").training());

        Graph given = GraphJson.read(file("{\"fit\": \"resize\", \"normalization\": {\"mean\": [0.49, 0.48, 0.45],"
                + " \"std\": [0.25, 0.24, 0.26]}}"), "t.json");
        Normalization n = given.training().orElseThrow().preparation().normalization();
        assertEquals(Normalization.given(List.of(0.49, 0.48, 0.45), List.of(0.25, 0.24, 0.26)), n);
        assertEquals(given.training(), GraphJson.read(GraphJson.write(given), "again.json").training());
    }

    @Test
    void settingsWithoutThemAreWrittenAsBefore() throws Exception {
        Graph g = GraphJson.read(file("{\"epochs\": 3}"), "t.json");
        assertEquals(DataPreparation.none(), g.training().orElseThrow().preparation());
        String text = GraphJson.write(g);
        assertFalse(text.contains("fit") || text.contains("normalization"), text);
    }

    @Test
    void otherSettingsKeepThePreparation() {
        TrainingSettings s = TrainingSettings.defaults().withPreparation(DataPreparation.none().withFit(Optional.of(DataPreparation.Fit.CROP)));
        assertEquals(s.preparation(), s.withWeightInit(TrainingSettings.Init.RELU).preparation());
        assertEquals(s.preparation(), s.withSchedule(TrainingSettings.Policy.COSINE, 1, 0.5, 0).preparation());
    }

    @Test
    void badValuesNameTheFieldAndTheChoices() {
        String e = error("{\"fit\": \"padd\"}");
        assertTrue(e.contains("field 'training.fit'") && e.contains("unknown fit 'padd'. Did you mean 'pad'?")
                && e.contains("Choices: pad, resize, crop"), e);
        e = error("{\"fit\": 3}");
        assertTrue(e.contains("field 'training.fit'") && e.contains("must be one of pad, resize, crop"), e);
        e = error("{\"normalization\": \"autp\"}");
        assertTrue(e.contains("field 'training.normalization'") && e.contains("Did you mean 'auto'?"), e);
        e = error("{\"normalization\": {\"mean\": [0.5], \"std\": [0]}}");
        assertTrue(e.contains("field 'training.normalization'") && e.contains("std values must be greater than 0, got 0.0"), e);
        e = error("{\"normalization\": {\"mean\": [0.5, 0.4], \"std\": [0.2]}}");
        assertTrue(e.contains("as many std values as mean values"), e);
        e = error("{\"normalization\": {\"mean\": [0.5], \"stdev\": [0.2]}}");
        assertTrue(e.contains("unknown field 'stdev'. Did you mean 'std'?"), e);
        e = error("{\"normalization\": {\"mean\": [\"a\"], \"std\": [0.2]}}");
        assertTrue(e.contains("field 'training.normalization.mean'") && e.contains("must be a number"), e);
        e = error("{\"normalisation\": \"auto\"}");
        assertTrue(e.contains("unknown training setting 'normalisation'. Did you mean 'normalization'?"), e);
    }
}
