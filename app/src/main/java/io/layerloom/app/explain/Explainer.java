package io.layerloom.app.explain;

import io.layerloom.app.data.LoadedData;
import io.layerloom.app.training.ModelFiles;
import io.layerloom.app.training.TrainedNetwork;
import io.layerloom.codegen.dl4j.Dl4jCompiler;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.ReceptiveField;
import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One trained CNN opened for explaining, as the window shows it (and the command line checks its
 * layers with): the first convolution's filters, a layer's feature maps and Grad-CAM for one
 * image, the input patch a feature-map unit sees (the graph analysis's receptive field), and the
 * network's answers on test images. Pictures come as ARGB pixels ({@link Picture}) so that a user
 * interface can show them without touching AWT. Not thread-safe: one caller at a time, off the UI thread.
 */
public final class Explainer {

    /** The network cannot be explained; the message says why and what to do. */
    public static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        public Problem(String message) {
            super(message);
        }
    }

    /** A picture as ARGB pixels, row after row. */
    public record Picture(int width, int height, int[] argb) {
        static Picture of(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            return new Picture(w, h, image.getRGB(0, 0, w, h, null, 0, w));
        }
    }

    /**
     * A grid of tiles and how it is laid out: tile {@code t} starts at ({@code gap + (t % columns)
     * * (tileWidth + gap)}, {@code gap + (t / columns) * (tileHeight + gap)}) and shows a map of
     * {@code mapHeight} x {@code mapWidth} units, each {@code tileWidth / mapWidth} pixels wide.
     */
    public record Tiles(Picture picture, int tiles, int columns, int tileWidth, int tileHeight, int gap, int mapHeight,
                        int mapWidth) {

        /** The tile and the unit of its map at a pixel of the picture: {tile, row, column}, if the pixel is on a tile. */
        public Optional<int[]> unitAt(double x, double y) {
            int col = (int) Math.floor((x - gap) / (tileWidth + gap));
            int row = (int) Math.floor((y - gap) / (tileHeight + gap));
            double inX = x - gap - col * (tileWidth + gap);
            double inY = y - gap - row * (tileHeight + gap);
            int tile = row * columns + col;
            if (col < 0 || col >= columns || row < 0 || tile >= tiles || inX >= tileWidth || inY >= tileHeight || inX < 0 || inY < 0) {
                return Optional.empty();
            }
            return Optional.of(new int[] {tile, (int) (inY * mapHeight / tileHeight), (int) (inX * mapWidth / tileWidth)});
        }
    }

    /**
     * The input pixels one unit sees, rows {@code top..bottom} and columns {@code left..right}
     * (inclusive), cut to the image; {@code height} x {@code width} is the field's full size, which
     * is larger than the cut patch at the border (where it reaches into the padding).
     */
    public record Patch(int top, int left, int bottom, int right, long height, long width) {
    }

    /** The network's answer for one image: the best class, its probability and every class's probability. */
    public record Answer(int predicted, double confidence, double[] probabilities) {
    }

    private final Graph graph;
    private final Dl4jCompiler.Compilation compilation;
    private final TrainedNetwork trained;
    private final NetworkProbe probe;
    private final List<Long> inputShape;
    private final List<String> convolutions;
    private final ShownInput shown;

    private Explainer(Graph graph, Dl4jCompiler.Compilation compilation, TrainedNetwork trained, List<Long> inputShape,
                      ShownInput shown) throws Problem {
        this.shown = shown;
        this.graph = graph;
        this.compilation = compilation;
        this.trained = trained;
        this.inputShape = inputShape;
        try {
            probe = new NetworkProbe(trained.network().getConfiguration(), trained.network().params(),
                    inputShape.stream().mapToLong(Long::longValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new Problem("This network cannot be explained: " + e.getMessage() + ".");
        }
        convolutions = probe.convolutions();
        if (convolutions.isEmpty()) {
            throw new Problem("The network has no convolution: explain shows a CNN's filters and feature maps. Add a Conv2D layer.");
        }
    }

    /**
     * The graph compiled and checked for explaining: one Input of images, one output.
     *
     * @throws Problem the graph has errors, or is not an image classifier
     */
    public static Dl4jCompiler.Compilation compile(Graph graph) throws Problem {
        Dl4jCompiler.Compilation compilation = Dl4jCompiler.compile(graph);
        if (compilation.configuration().isEmpty()) {
            throw new Problem("The graph has errors (see the Problems tab): fix them, train, then explain.");
        }
        if (compilation.inputs().size() != 1 || compilation.outputs().size() != 1) {
            throw new Problem("Explain looks into graphs with one Input and one output layer; this one has inputs "
                    + compilation.inputs() + " and outputs " + compilation.outputs() + ".");
        }
        List<Long> shape = inputShape(compilation);
        if (shape.size() != 3 || !(shape.get(0) == 1 || shape.get(0) == 3)) {
            throw new Problem("The Input '" + compilation.inputs().get(0) + "' takes " + shape + ", not images ([1 or 3 channels,"
                    + " height, width]): explain shows what a network sees in images.");
        }
        return compilation;
    }

    /** The model saved beside {@code graphFile} ({@code NAME.dl4j.zip}), opened for {@code graph}. */
    public static Explainer saved(Graph graph, Path graphFile) throws Problem, IOException {
        Dl4jCompiler.Compilation compilation = compile(graph);
        Path model = ModelFiles.modelFor(graphFile, null);
        if (!Files.isRegularFile(model)) {
            throw new Problem("No trained model for " + graphFile.getFileName() + ": " + model.getFileName() + " does not exist."
                    + " Train the graph on the Training tab (or with 'layerloom train'), then explain.");
        }
        List<Long> shape = inputShape(compilation);
        try {
            return new Explainer(graph, compilation, TrainedNetwork.load(compilation.require(), compilation.parameterVertices(),
                    shape, model), shape, new ShownInput(ExplainData.transform(model)));
        } catch (TrainedNetwork.MismatchException e) {
            throw new Problem(model.getFileName() + " does not fit the graph (was it changed after training?): " + e.getMessage()
                    + ". Train it again.");
        }
    }

    /** A network in memory ({@link TrainedNetwork#snapshot}) that was trained on {@code graph}, on inputs not normalised. */
    public static Explainer of(Graph graph, TrainedNetwork network) throws Problem {
        return of(graph, network, io.layerloom.app.data.DataTransform.NONE);
    }

    /** The same, trained on inputs {@code transform} normalised: pictures show the images as they look. */
    public static Explainer of(Graph graph, TrainedNetwork network, io.layerloom.app.data.DataTransform transform) throws Problem {
        Dl4jCompiler.Compilation compilation = compile(graph);
        return new Explainer(graph, compilation, network, inputShape(compilation), new ShownInput(transform));
    }

    /** An image file as the network is given it: fitted and normalised as training did ({@link ShownInput#forNetwork}). */
    public float[] imageFile(Path file) throws io.layerloom.app.data.DataException {
        return shown.forNetwork(file, inputShape);
    }

    /** One network input as the user's image looks (normalisation undone), for a thumbnail. */
    public float[] shown(float[] pixels) {
        return shown.shown(pixels, inputShape);
    }

    private static List<Long> inputShape(Dl4jCompiler.Compilation compilation) {
        return compilation.analysis().node(compilation.inputs().get(0)).flatMap(NodeResult::output).map(TensorType::dims)
                .orElseThrow();
    }

    /** One image's shape [channels, height, width]. */
    public List<Long> inputShape() {
        return inputShape;
    }

    /** How many classes the network tells apart. */
    public int classes() {
        return probe.classes();
    }

    /** The graph's nodes with feature maps ([channels, height, width] outputs the network computes), in graph order. */
    public List<String> featureMapLayers() {
        return featureMapLayers(graph, compilation, probe);
    }

    /** The same for any compiled graph and its probe (the command line's --layer check). */
    public static List<String> featureMapLayers(Graph graph, Dl4jCompiler.Compilation compilation, NetworkProbe probe) {
        return graph.nodes().stream().map(Node::id)
                .filter(n -> !compilation.inputs().contains(n) && probe.has(n))
                .filter(n -> compilation.analysis().node(n).flatMap(NodeResult::output).map(t -> t.dims().size() == 3).orElse(false))
                .toList();
    }

    /** What {@code id} gives when it is not a layer with feature maps ("[1600]", "no output"), else empty. */
    public Optional<String> notFeatureMaps(String id) {
        if (featureMapLayers().contains(id)) {
            return Optional.empty();
        }
        return Optional.of(compilation.analysis().node(id).flatMap(NodeResult::output).map(t -> t.dims().toString())
                .orElse("no output"));
    }

    /** The last convolution's node: the usual layer for Grad-CAM. */
    public String lastConvolution() {
        return compilation.parameterVertices().nodeOf(convolutions.get(convolutions.size() - 1));
    }

    /** The first convolution's node, whose filters {@link #filters} shows. */
    public String firstConvolution() {
        return compilation.parameterVertices().nodeOf(convolutions.get(0));
    }

    /** The first convolution's filters, a tile each; and its kernel shape [filters, channels, kh, kw]. */
    public Tiles filters() {
        INDArray kernels = probe.kernels(convolutions.get(0));
        ExplainPictures.Grid g = ExplainPictures.filters(kernels);
        return tiles(g, Math.toIntExact(kernels.size(2)), Math.toIntExact(kernels.size(3)));
    }

    /** The kernel shape of the first convolution [filters, channels, kh, kw]. */
    public long[] filterShape() {
        return probe.kernels(convolutions.get(0)).shape();
    }

    /** The network's answer for one image (C order, the Input's shape). */
    public Answer answer(float[] pixels) {
        float[] scores = trained.run(pixels, 1).values();
        List<TrainedNetwork.Ranked> ranked = TrainedNetwork.top(scores, scores.length, trained.outputsProbabilities());
        double[] p = new double[scores.length];
        ranked.forEach(r -> p[r.index()] = r.probability());
        return new Answer(ranked.get(0).index(), ranked.get(0).probability(), p);
    }

    /** The channels of {@code layer}'s output for one image, a tile each. */
    public Tiles featureMaps(float[] pixels, String layer) {
        INDArray a = probe.imageActivation(batch(pixels), layer).orElseThrow(
                () -> new IllegalArgumentException("'" + layer + "' has no feature maps"));
        return tiles(ExplainPictures.channels(a), Math.toIntExact(a.size(1)), Math.toIntExact(a.size(2)));
    }

    /** Grad-CAM of class {@code cls} at {@code layer} laid over the image as it looks (normalisation undone). */
    public Picture gradCam(float[] pixels, String layer, int cls) {
        return Picture.of(ExplainPictures.gradCam(batch(shown(pixels)).reshape(inputShape.get(0), inputShape.get(1),
                inputShape.get(2)), gradCamMap(pixels, layer, cls)));
    }

    /** The Grad-CAM map at the layer's resolution [height][width]. */
    public double[][] gradCamMap(float[] pixels, String layer, int cls) {
        return probe.gradCam(batch(pixels), layer, cls);
    }

    /** The image as it looks (normalisation undone), enlarged as Grad-CAM enlarges it, with nothing laid over it. */
    public Picture image(float[] pixels) {
        int h = Math.toIntExact(inputShape.get(1));
        int w = Math.toIntExact(inputShape.get(2));
        return Picture.of(ExplainPictures.image(batch(shown(pixels)).reshape(inputShape.get(0), h, w)));
    }

    /**
     * The input patch that unit ({@code row}, {@code column}) of {@code layer}'s feature maps sees,
     * from the graph analysis's receptive field: rows from {@code row * S - P} to {@code row * S - P
     * + r - 1} per axis; empty where the analysis has no local field (a global layer).
     */
    public Optional<Patch> patch(String layer, int row, int column) {
        return patch(compilation.analysis().node(layer).flatMap(NodeResult::receptiveField).orElse(null), inputShape, row, column);
    }

    /** {@link #patch} for a receptive field and an input shape [channels, height, width]. */
    public static Optional<Patch> patch(ReceptiveField field, List<Long> inputShape, int row, int column) {
        if (!(field instanceof ReceptiveField.Local local)) {
            return Optional.empty();
        }
        long top = row * local.height().stride() - local.height().padding();
        long left = column * local.width().stride() - local.width().padding();
        long bottom = top + local.height().size() - 1;
        long right = left + local.width().size() - 1;
        long h = inputShape.get(1);
        long w = inputShape.get(2);
        return Optional.of(new Patch((int) Math.max(0, top), (int) Math.max(0, left), (int) Math.min(h - 1, bottom),
                (int) Math.min(w - 1, right), local.height().size(), local.width().size()));
    }

    /** The network's answer on every image of {@code test}, right or wrong, by index. */
    public List<Misclassified.Miss> answers(LoadedData test) {
        return Misclassified.answers(trained, test, 256);
    }

    private INDArray batch(float[] pixels) {
        return Nd4j.create(pixels, new long[] {1, inputShape.get(0), inputShape.get(1), inputShape.get(2)}, 'c');
    }

    private static Tiles tiles(ExplainPictures.Grid g, int mapHeight, int mapWidth) {
        return new Tiles(Picture.of(g.image()), g.tiles(), g.columns(), g.tileWidth(), g.tileHeight(), ExplainPictures.GAP,
                mapHeight, mapWidth);
    }
}
