package io.layerloom.model.template;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The gallery's contract in templates/index.json: "ideas" in gallery order, and each template's "idea". */
class TemplateIndexTest {

    @Test
    void theGalleryGroupsEveryTemplateUnderTheIdeaItIntroduced() {
        Map<String, List<String>> gallery = Templates.byIdea().stream().collect(Collectors.toMap(g -> g.idea().id(),
                g -> g.templates().stream().map(Template::id).toList(), (a, b) -> a, java.util.LinkedHashMap::new));
        assertEquals(List.of("lenet5", "small-cnn"), gallery.get("convolution"));
        assertEquals(List.of("alexnet"), gallery.get("depth"));
        assertEquals(List.of("vgg16", "vgg19"), gallery.get("small-kernels"));
        assertEquals(List.of("nin-cifar10"), gallery.get("network-in-network"));
        assertEquals(List.of("googlenet", "inception-v3"), gallery.get("inception"));
        assertEquals(List.of("resnet18", "resnet50"), gallery.get("residual"));
        assertEquals(List.of("densenet121"), gallery.get("dense"));
        assertEquals(List.of("squeezenet-1.1"), gallery.get("fire"));
        assertEquals(List.of("mobilenet-v1", "mobilenet-v2"), gallery.get("depthwise-separable"));
        // In the order of "ideas", every template once.
        assertEquals(Templates.ideas().stream().map(Idea::id).toList(), List.copyOf(gallery.keySet()));
        assertEquals(Templates.all().size(), gallery.values().stream().mapToInt(List::size).sum());
    }

    @Test
    void everyIdeaHasATitleAOneSentenceExplanationAndATemplate() {
        for (Idea idea : Templates.ideas()) {
            assertFalse(idea.title().isBlank(), idea.id());
            assertTrue(idea.sentence().endsWith(".") && idea.sentence().length() < 260, idea.id() + ": one sentence");
            assertTrue(Templates.all().stream().anyMatch(t -> t.idea().equals(idea.id())), idea.id() + " shows in no template");
        }
    }

    @Test
    void aTemplateNamingAnUnlistedIdeaStopsTheReadWithTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TemplateIndex.parse("""
                {"ideas": [{"id": "residual", "title": "Residual connections", "sentence": "Add the input."}],
                 "templates": [{"id": "r", "file": "r.json", "idea": "resnet", "title": "R", "description": "d",
                   "input": [3, 8, 8], "publishedTrainableParams": 1, "source": "s"}]}"""));
        assertEquals("shipped template index is broken: template 'r' names the idea 'resnet', which is not in \"ideas\";"
                + " add it there or use one of [residual]", e.getMessage());
    }

    @Test
    void aTemplateWithoutAnIdeaOrAnIndexWithoutIdeasIsRefused() {
        assertEquals("shipped template index is broken: template 'r' has no \"idea\" text",
                assertThrows(IllegalStateException.class, () -> TemplateIndex.parse("""
                        {"ideas": [], "templates": [{"id": "r", "file": "r.json", "title": "R"}]}""")).getMessage());
        assertEquals("shipped template index is broken: the top-level \"ideas\" array is missing",
                assertThrows(IllegalStateException.class, () -> TemplateIndex.parse("{\"templates\": []}")).getMessage());
        assertEquals("shipped template index is broken: the idea 'a' is listed twice",
                assertThrows(IllegalStateException.class, () -> TemplateIndex.parse("""
                        {"ideas": [{"id": "a", "title": "A", "sentence": "S."}, {"id": "a", "title": "B", "sentence": "S."}],
                         "templates": []}""")).getMessage());
    }

    @Test
    void anIdeaNoTemplateShowsIsLeftOutOfTheGallery() {
        TemplateIndex index = TemplateIndex.parse("""
                {"ideas": [{"id": "a", "title": "A", "sentence": "S."}, {"id": "b", "title": "B", "sentence": "T."}],
                 "templates": [{"id": "r", "file": "r.json", "idea": "b", "title": "R", "description": "d",
                   "input": [3, 8, 8], "publishedTrainableParams": 1, "source": "s"}]}""");
        assertEquals(List.of("b"), index.groups().stream().map(g -> g.idea().id()).toList());
        assertEquals(2, index.ideas().size());
    }
}
