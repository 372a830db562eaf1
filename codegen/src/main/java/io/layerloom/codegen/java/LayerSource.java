package io.layerloom.codegen.java;

import io.layerloom.model.analysis.TensorType;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One node as the Java expression that builds its DL4J layer or vertex. This mirrors
 * {@code io.layerloom.codegen.dl4j.Dl4jMapping} call for call: the same builder methods with the
 * same values in the same order, so that the generated configuration's JSON equals the compiled
 * one (the tests compare them). Refusals are not repeated here: the generator compiles the graph
 * first and only writes source for a graph that compiles.
 */
final class LayerSource implements LayerVisitor<LayerSource.Element> {

    /** Every class the generated code may import, by simple name. */
    static final Map<String, String> CLASSES = classes(
            "org.deeplearning4j.nn.conf.ComputationGraphConfiguration",
            "org.deeplearning4j.nn.conf.GradientNormalization",
            "org.nd4j.linalg.learning.config.Sgd",
            "org.nd4j.linalg.learning.config.Nesterovs",
            "org.nd4j.linalg.learning.config.RmsProp",
            "org.nd4j.linalg.learning.config.AdaGrad",
            "org.nd4j.linalg.schedule.MapSchedule",
            "org.nd4j.linalg.schedule.ScheduleType",
            "java.util.LinkedHashMap",
            "java.util.Map",
            "org.deeplearning4j.nn.conf.ConvolutionMode",
            "org.deeplearning4j.nn.conf.NeuralNetConfiguration",
            "org.deeplearning4j.nn.conf.graph.ElementWiseVertex",
            "org.deeplearning4j.nn.conf.graph.LayerVertex",
            "org.deeplearning4j.nn.conf.graph.MergeVertex",
            "org.deeplearning4j.nn.conf.graph.PreprocessorVertex",
            "org.deeplearning4j.nn.conf.graph.ReshapeVertex",
            "org.deeplearning4j.nn.conf.inputs.InputType",
            "org.deeplearning4j.nn.conf.layers.ActivationLayer",
            "org.deeplearning4j.nn.conf.layers.BatchNormalization",
            "org.deeplearning4j.nn.conf.layers.ConvolutionLayer",
            "org.deeplearning4j.nn.conf.layers.Deconvolution2D",
            "org.deeplearning4j.nn.conf.layers.DenseLayer",
            "org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D",
            "org.deeplearning4j.nn.conf.layers.DropoutLayer",
            "org.deeplearning4j.nn.conf.layers.EmbeddingLayer",
            "org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer",
            "org.deeplearning4j.nn.conf.layers.FeedForwardLayer",
            "org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer",
            "org.deeplearning4j.nn.conf.layers.LSTM",
            "org.deeplearning4j.nn.conf.layers.LocalResponseNormalization",
            "org.deeplearning4j.nn.conf.layers.OutputLayer",
            "org.deeplearning4j.nn.conf.layers.PoolingType",
            "org.deeplearning4j.nn.conf.layers.RnnOutputLayer",
            "org.deeplearning4j.nn.conf.layers.SeparableConvolution2D",
            "org.deeplearning4j.nn.conf.layers.SubsamplingLayer",
            "org.deeplearning4j.nn.conf.layers.Upsampling2D",
            "org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer",
            "org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D",
            "org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional",
            "org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep",
            "org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn",
            "org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor",
            "org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor",
            "org.deeplearning4j.nn.graph.ComputationGraph",
            "org.deeplearning4j.nn.weights.WeightInit",
            "org.nd4j.linalg.activations.Activation",
            "org.nd4j.linalg.learning.config.Adam",
            "org.nd4j.linalg.lossfunctions.LossFunctions");

    /**
     * A Java expression as the pieces a line may break between: "new X.Builder()", ".nOut(6)",
     * ..., ".build()". Concatenated, they are the expression.
     */
    record Expr(List<String> parts) {
        static Expr of(String... parts) {
            return new Expr(List.of(parts));
        }

        /** This expression wrapped as {@code prefix + this + suffix}, e.g. inside a constructor call. */
        Expr wrap(String prefix, String suffix) {
            List<String> p = new ArrayList<>(parts);
            p.set(0, prefix + p.get(0));
            p.set(p.size() - 1, p.get(p.size() - 1) + suffix);
            return new Expr(p);
        }

        String text() {
            return String.join("", parts);
        }
    }

    /** As Dl4jMapping.Element: a layer, a vertex, or a helper layer followed by a vertex. */
    record Element(Expr layer, Expr vertex, Expr after) {
        static Element layer(Expr layer) {
            return new Element(layer, null, null);
        }

        static Element vertex(Expr vertex) {
            return new Element(null, vertex, null);
        }
    }

    private final List<TensorType> inputs;
    private final TensorType output;
    private final Set<String> used;

    LayerSource(List<TensorType> inputs, TensorType output, Set<String> used) {
        this.inputs = inputs;
        this.output = output;
        this.used = used;
    }

    private static Map<String, String> classes(String... names) {
        Map<String, String> m = new TreeMap<>();
        for (String n : names) {
            m.put(n.substring(n.lastIndexOf('.') + 1), n);
        }
        return m;
    }

    /** The simple name of a class the code uses, recording its import. */
    private String use(String simpleName) {
        if (!CLASSES.containsKey(simpleName)) {
            throw new IllegalStateException("no import for " + simpleName);
        }
        used.add(simpleName);
        return simpleName;
    }

    /** A builder chain: "new " + start, then the calls, then ".build()". */
    private Expr builder(String start, String... calls) {
        List<String> p = new ArrayList<>();
        p.add("new " + start);
        p.addAll(Arrays.asList(calls));
        p.add(".build()");
        return new Expr(p);
    }

    private static String call(String method, String... args) {
        return "." + method + "(" + String.join(", ", args) + ")";
    }

    private String activation(ActivationFunction a) {
        return use("Activation") + "." + switch (a) {
            case IDENTITY -> "IDENTITY";
            case RELU -> "RELU";
            case RELU6 -> "RELU6";
            case LEAKYRELU -> "LEAKYRELU";
            case ELU -> "ELU";
            case SELU -> "SELU";
            case GELU -> "GELU";
            case SWISH -> "SWISH";
            case SIGMOID -> "SIGMOID";
            case HARDSIGMOID -> "HARDSIGMOID";
            case TANH -> "TANH";
            case SOFTMAX -> "SOFTMAX";
            case SOFTPLUS -> "SOFTPLUS";
        };
    }

    private String loss(Loss l) {
        return use("LossFunctions") + ".LossFunction." + switch (l) {
            case MCXENT -> "MCXENT";
            case XENT -> "XENT";
            case MSE -> "MSE";
            case MAE -> "MEAN_ABSOLUTE_ERROR";
        };
    }

    private String mode(Padding p) {
        return use("ConvolutionMode") + "." + (p instanceof Padding.Same ? "Same" : "Truncate");
    }

    private static String pair(IntPair p) {
        return p.h() + ", " + p.w();
    }

    /** Explicit padding per axis; 0 under "same", where DL4J computes it. */
    private static String padding(Padding p) {
        return p instanceof Padding.Explicit e ? pair(e.amount()) : "0, 0";
    }

    private static String n(long v) {
        return JavaLiterals.integer(v);
    }

    private static String bool(boolean b) {
        return Boolean.toString(b);
    }

    @Override
    public Element input(Input s) {
        throw new IllegalStateException("Input nodes are graph inputs, not layers");
    }

    @Override
    public Element dense(Dense s) {
        return Element.layer(builder(use("DenseLayer") + ".Builder()", call("nOut", n(s.units())),
                call("activation", activation(s.activation())), call("hasBias", bool(s.bias()))));
    }

    @Override
    public Element conv2D(Conv2D s) {
        return Element.layer(builder(use("ConvolutionLayer") + ".Builder()", call("nOut", n(s.filters())),
                call("kernelSize", pair(s.kernel())), call("stride", pair(s.stride())),
                call("padding", padding(s.padding())), call("dilation", pair(s.dilation())),
                call("convolutionMode", mode(s.padding())), call("activation", activation(s.activation())),
                call("hasBias", bool(s.bias()))));
    }

    @Override
    public Element deconv2D(Deconv2D s) {
        return Element.layer(builder(use("Deconvolution2D") + ".Builder()", call("nOut", n(s.filters())),
                call("kernelSize", pair(s.kernel())), call("stride", pair(s.stride())),
                call("padding", padding(s.padding())), call("convolutionMode", mode(s.padding())),
                call("activation", activation(s.activation())), call("hasBias", bool(s.bias()))));
    }

    @Override
    public Element depthwiseConv2D(DepthwiseConv2D s) {
        return Element.layer(builder(use("DepthwiseConvolution2D") + ".Builder()",
                call("depthMultiplier", n(s.multiplier())), call("kernelSize", pair(s.kernel())),
                call("stride", pair(s.stride())), call("padding", padding(s.padding())),
                call("dilation", pair(s.dilation())), call("convolutionMode", mode(s.padding())),
                call("activation", activation(s.activation())), call("hasBias", bool(s.bias()))));
    }

    @Override
    public Element separableConv2D(SeparableConv2D s) {
        return Element.layer(builder(use("SeparableConvolution2D") + ".Builder()", call("nOut", n(s.filters())),
                call("depthMultiplier", n(s.multiplier())), call("kernelSize", pair(s.kernel())),
                call("stride", pair(s.stride())), call("padding", padding(s.padding())),
                call("dilation", pair(s.dilation())), call("convolutionMode", mode(s.padding())),
                call("activation", activation(s.activation())), call("hasBias", bool(s.bias()))));
    }

    private Element pool(String type, IntPair kernel, IntPair stride, Padding padding) {
        return Element.layer(builder(use("SubsamplingLayer") + ".Builder(" + use("PoolingType") + "." + type + ")",
                call("kernelSize", pair(kernel)), call("stride", pair(stride)), call("padding", padding(padding)),
                call("convolutionMode", mode(padding))));
    }

    @Override
    public Element maxPool2D(MaxPool2D s) {
        return pool("MAX", s.kernel(), s.stride(), s.padding());
    }

    @Override
    public Element avgPool2D(AvgPool2D s) {
        return pool("AVG", s.kernel(), s.stride(), s.padding());
    }

    /** Over a sequence, a pass-through RnnToFeedForward step restores the vector type DL4J loses. */
    private Element globalPool(String type) {
        Expr pool = builder(use("GlobalPoolingLayer") + ".Builder(" + use("PoolingType") + "." + type + ")");
        if (inputs.get(0) instanceof TensorType.Sequence) {
            return new Element(pool, null, Expr.of("new " + use("PreprocessorVertex") + "(new "
                    + use("RnnToFeedForwardPreProcessor") + "())"));
        }
        return Element.layer(pool);
    }

    @Override
    public Element globalAvgPool(GlobalAvgPool s) {
        return globalPool("AVG");
    }

    @Override
    public Element globalMaxPool(GlobalMaxPool s) {
        return globalPool("MAX");
    }

    @Override
    public Element zeroPadding2D(ZeroPadding2D s) {
        var p = s.padding();
        return Element.layer(builder(use("ZeroPaddingLayer") + ".Builder(" + p.top() + ", " + p.bottom() + ", "
                + p.left() + ", " + p.right() + ")"));
    }

    @Override
    public Element cropping2D(LayerSpec.Cropping2D s) {
        var c = s.cropping();
        return Element.layer(Expr.of("new " + use("Cropping2D") + "(" + c.top() + ", " + c.bottom() + ", " + c.left()
                + ", " + c.right() + ")"));
    }

    @Override
    public Element upsampling2D(LayerSpec.Upsampling2D s) {
        return Element.layer(builder(use("Upsampling2D") + ".Builder()", call("size", "new int[] {" + pair(s.size()) + "}")));
    }

    @Override
    public Element batchNorm(BatchNorm s) {
        return Element.layer(builder(use("BatchNormalization") + ".Builder()", call("eps", JavaLiterals.decimal(s.eps())),
                call("decay", JavaLiterals.decimal(s.momentum())), call("activation", activation(ActivationFunction.IDENTITY))));
    }

    @Override
    public Element localResponseNorm(LayerSpec.LocalResponseNorm s) {
        return Element.layer(builder(use("LocalResponseNormalization") + ".Builder()", call("n", n(s.size())),
                call("k", JavaLiterals.decimal(s.k())), call("alpha", JavaLiterals.decimal(s.alpha())),
                call("beta", JavaLiterals.decimal(s.beta()))));
    }

    @Override
    public Element dropout(Dropout s) {
        // DL4J takes the probability of keeping a value; the format stores the rate dropped.
        return Element.layer(builder(use("DropoutLayer") + ".Builder(" + JavaLiterals.decimal(1.0 - s.rate()) + ")"));
    }

    @Override
    public Element activation(ActivationLayer s) {
        return Element.layer(builder(use("ActivationLayer") + ".Builder()", call("activation", activation(s.activation()))));
    }

    @Override
    public Element flatten(Flatten s) {
        if (inputs.get(0) instanceof TensorType.Image img) {
            return Element.vertex(Expr.of("new " + use("PreprocessorVertex") + "(new " + use("CnnToFeedForwardPreProcessor")
                    + "(" + n(img.height()) + ", " + n(img.width()) + ", " + n(img.channels()) + "))"));
        }
        // A vector is flat already: an identity layer keeps the node (and its name) in the network.
        return Element.layer(builder(use("ActivationLayer") + ".Builder()",
                call("activation", activation(ActivationFunction.IDENTITY))));
    }

    @Override
    public Element reshape(Reshape s) {
        // As Dl4jMapping: the analysed output shape, any -1 already inferred.
        List<String> shape = new ArrayList<>();
        shape.add("-1");
        for (long d : output.dims()) {
            shape.add(Integer.toString(Math.toIntExact(d)));
        }
        return Element.vertex(Expr.of("new " + use("ReshapeVertex") + "('c', new int[] {"
                + shape.stream().collect(Collectors.joining(", ")) + "}, null)"));
    }

    @Override
    public Element embedding(Embedding s) {
        if (inputs.get(0) instanceof TensorType.Sequence q) {
            return Element.layer(builder(use("EmbeddingSequenceLayer") + ".Builder()", call("nIn", n(s.vocab())),
                    call("nOut", n(s.units())), call("inputLength", n(Math.toIntExact(q.timesteps()))),
                    call("hasBias", bool(s.bias())), call("activation", activation(ActivationFunction.IDENTITY))));
        }
        return Element.layer(builder(use("EmbeddingLayer") + ".Builder()", call("nIn", n(s.vocab())),
                call("nOut", n(s.units())), call("hasBias", bool(s.bias())),
                call("activation", activation(ActivationFunction.IDENTITY))));
    }

    @Override
    public Element simpleRnn(SimpleRNN s) {
        Expr rnn = builder(use("SimpleRnn") + ".Builder()", call("nOut", n(s.units())),
                call("activation", activation(s.activation())));
        return Element.layer(s.returnSequences() ? rnn : rnn.wrap("new " + use("LastTimeStep") + "(", ")"));
    }

    @Override
    public Element lstm(LSTM s) {
        Expr lstm = builder(use("LSTM") + ".Builder()", call("nOut", n(s.units())),
                call("activation", activation(s.activation())),
                call("gateActivationFunction", activation(ActivationFunction.SIGMOID)));
        if (s.bidirectional()) {
            String bi = use("Bidirectional");
            lstm = lstm.wrap("new " + bi + "(" + bi + ".Mode.CONCAT, ", ")");
        }
        return Element.layer(s.returnSequences() ? lstm : lstm.wrap("new " + use("LastTimeStep") + "(", ")"));
    }

    @Override
    public Element add(Add s) {
        String v = use("ElementWiseVertex");
        return Element.vertex(Expr.of("new " + v + "(" + v + ".Op.Add)"));
    }

    @Override
    public Element concat(Concat s) {
        return Element.vertex(Expr.of("new " + use("MergeVertex") + "()"));
    }

    @Override
    public Element multiply(Multiply s) {
        String v = use("ElementWiseVertex");
        return Element.vertex(Expr.of("new " + v + "(" + v + ".Op.Product)"));
    }

    @Override
    public Element output(LayerSpec.Output s) {
        return Element.layer(builder(use("OutputLayer") + ".Builder(" + loss(s.loss()) + ")", call("nOut", n(s.units())),
                call("activation", activation(s.activation())), call("hasBias", bool(s.bias()))));
    }

    @Override
    public Element rnnOutput(RnnOutput s) {
        return Element.layer(builder(use("RnnOutputLayer") + ".Builder(" + loss(s.loss()) + ")", call("nOut", n(s.units())),
                call("activation", activation(s.activation())), call("hasBias", bool(s.bias()))));
    }
}
