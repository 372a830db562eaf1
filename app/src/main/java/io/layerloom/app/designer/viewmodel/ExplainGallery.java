package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.LoadedData;
import io.layerloom.app.explain.Misclassified;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The Explain tab's gallery of test or validation images: one confusion-matrix cell's (or every wrong one), as thumbnails. */
final class ExplainGallery {

    /** A cell's images, most confident first, at most the limit of them, and how many it has. */
    record Cell(List<ExplainViewModel.GalleryItem> items, int total) {
    }

    private ExplainGallery() {
    }

    /**
     * The answers on {@code test} (set {@code set}'s images) whose true class is {@code truth} and
     * predicted class {@code predicted} (both negative: every wrong answer), most confident first;
     * each drawn as {@code shown} gives it (the network's input with its normalisation undone).
     */
    static Cell cell(List<Misclassified.Miss> answers, String set, LoadedData test, int truth, int predicted, int limit,
                     java.util.function.UnaryOperator<float[]> shown) {
        List<Misclassified.Miss> cell = answers.stream().filter(m -> truth < 0 ? m.truth() != m.predicted()
                        : m.truth() == truth && m.predicted() == predicted)
                .sorted(Comparator.comparingDouble((Misclassified.Miss m) -> -m.confidence())).toList();
        List<Long> shape = test.exampleShape();
        List<String> names = test.classNames();
        List<ExplainViewModel.GalleryItem> items = cell.stream().limit(limit).map(m -> new ExplainViewModel.GalleryItem(set, m.index(),
                new SampleImage("#" + m.index() + String.format(Locale.ROOT, " %.0f%%", m.confidence() * 100),
                        m.truth() == m.predicted() ? className(names, m.truth()) : name(names, m.truth()) + " \u2192 "
                                + name(names, m.predicted()), m.truth() == m.predicted(), shown.apply(pixels(test, m.index())),
                        Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1)), Math.toIntExact(shape.get(2))))).toList();
        return new Cell(items, cell.size());
    }

    /** Image {@code index}'s values. */
    static float[] pixels(LoadedData test, int index) {
        int size = Math.toIntExact(test.exampleSize());
        return Arrays.copyOfRange(test.features(), index * size, (index + 1) * size);
    }

    /** "3 Dress", or "3" without names. */
    static String className(List<String> names, int c) {
        return c < names.size() ? c + " " + names.get(c) : Integer.toString(c);
    }

    private static String name(List<String> names, int c) {
        return c < names.size() ? names.get(c) : "class " + c;
    }
}
