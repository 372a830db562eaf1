package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.LoadedData;
import io.layerloom.model.report.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.collections.ObservableList;

/** What the data preview shows: a few images (one per class first) or a few rows, and a summary line. */
final class DataPreview {

    private static final int MAX_COLUMNS = 8;

    private DataPreview() {
    }

    static void fill(DataSplit split, int images, int rows, ObservableList<SampleImage> samples,
                     ObservableList<String> header, ObservableList<List<String>> table) {
        LoadedData train = split.train();
        if (train.exampleShape().size() == 3) {
            List<SampleImage> list = new ArrayList<>();
            for (int index : spread(train, images)) {
                list.add(image(train, index, train.classNames().get(train.labels()[index]), null, null));
            }
            samples.setAll(list);
            header.clear();
            table.clear();
            return;
        }
        samples.clear();
        int features = Math.toIntExact(train.exampleSize());
        int shown = Math.min(features, MAX_COLUMNS);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < shown; j++) {
            names.add("x" + (j + 1));
        }
        if (shown < features) {
            names.add("\u2026 " + (features - shown) + " more");
        }
        names.add("class");
        List<List<String>> body = new ArrayList<>();
        for (int index : spread(train, rows)) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < shown; j++) {
                row.add(String.format(Locale.ROOT, "%.2f", train.features()[index * features + j]));
            }
            if (shown < features) {
                row.add("");
            }
            row.add(train.classNames().get(train.labels()[index]));
            body.add(row);
        }
        header.setAll(names);
        table.setAll(body);
    }

    /** Up to {@code n} example indices: the first example of each class, then the next ones in order. */
    static List<Integer> spread(LoadedData data, int n) {
        List<Integer> picked = new ArrayList<>();
        boolean[] seen = new boolean[data.numClasses()];
        for (int i = 0; i < data.count() && picked.size() < n; i++) {
            if (!seen[data.labels()[i]]) {
                seen[data.labels()[i]] = true;
                picked.add(i);
            }
        }
        for (int i = 0; i < data.count() && picked.size() < n; i++) {
            if (!picked.contains(i)) {
                picked.add(i);
            }
        }
        return picked;
    }

    /** Example {@code index} as a thumbnail, values stretched to [0, 1] unless they already lie there. */
    static SampleImage image(LoadedData data, int index, String caption, String detail, Boolean verdict) {
        List<Long> shape = data.exampleShape();
        int c = shape.size() == 3 ? Math.toIntExact(shape.get(0)) : 1;
        int h = shape.size() == 3 ? Math.toIntExact(shape.get(1)) : 1;
        int w = shape.size() == 3 ? Math.toIntExact(shape.get(2)) : Math.toIntExact(data.exampleSize());
        int size = c * h * w;
        float[] values = new float[size];
        System.arraycopy(data.features(), index * size, values, 0, size);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min < 0 || max > 1) {
            float range = max > min ? max - min : 1;
            for (int i = 0; i < size; i++) {
                values[i] = (values[i] - min) / range;
            }
        }
        return new SampleImage(caption, detail, verdict, values, c, h, w);
    }

    /** "Fashion-MNIST: 10,800 training, 1,200 validation, 2,000 test examples; 10 classes; images 1x28x28" */
    static String summary(DataSplit split) {
        LoadedData train = split.train();
        List<Long> shape = train.exampleShape();
        String kind = shape.size() == 3 ? "images " + shape.get(0) + "x" + shape.get(1) + "x" + shape.get(2)
                : "vectors of " + train.exampleSize();
        return train.name() + ": " + Formats.grouped(train.count()) + " training, " + Formats.grouped(split.validation().count())
                + " validation" + split.test().map(t -> ", " + Formats.grouped(t.count()) + " test").orElse("")
                + " examples; " + train.numClasses() + " classes; " + kind;
    }

    /** The trained network's answers as captioned images: the predicted class, its confidence, the true one when wrong. */
    static java.util.List<SampleImage> predictions(LoadedData set, java.util.List<io.layerloom.app.designer.service.TrainerService.Prediction> list) {
        java.util.List<SampleImage> images = new java.util.ArrayList<>();
        for (io.layerloom.app.designer.service.TrainerService.Prediction p : list) {
            boolean right = p.predicted() == p.actual();
            String detail = String.format(java.util.Locale.ROOT, "%.0f%%", p.confidence() * 100)
                    + (right ? "" : " \u00B7 true: " + set.classNames().get(p.actual()));
            images.add(image(set, p.index(), set.classNames().get(p.predicted()), detail, right));
        }
        return images;
    }
}
