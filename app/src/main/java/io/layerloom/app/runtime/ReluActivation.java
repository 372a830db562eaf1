package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jVersion;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Relu6;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A separate ReLU or ReLU6 layer (DL4J's {@link ActivationLayer} with a plain {@link ActivationReLU} or
 * an {@link ActivationReLU6}) in one pass forward and two cheap ones backward (ReLU6: four) while training. Reason: in {@link Dl4jVersion#TARGET} the
 * layer copies its input and applies the ReLU to the copy (two passes) forward, and backward copies
 * the input again and runs libnd4j's {@code relu_bp}, which took 4.6-8 ms on a 64x32x32x32 batch at one
 * thread (with or without oneDNN), where a comparison and a product over the same memory take 0.8 ms;
 * a CIFAR-style ResNet has one after every block and every first convolution of a block, MobileNet v1
 * a ReLU6 after each of its 27 convolutions (their {@code relu6_bp} was 31% of its training iteration).
 * The results are the same numbers: the forward pass is DL4J's own op ({@code RectifiedLinear},
 * {@code Relu6}) written to a new array, and backward {@code (x > 0 ? 1 : 0) * dy} is {@code relu_bp}'s
 * {@code x > 0 ? dy : 0}, {@code ((x > 0 ? 1 : 0) - (x >= 6 ? 1 : 0)) * dy} {@code relu6_bp}'s
 * {@code 0 < x < 6 ? dy : 0} (tested bit for bit in {@code ReluActivationTest}). Layers with dropout, a threshold, a negative slope or a
 * maximum, and inference, stay DL4J's. Removal: when DL4J's activation layer no longer copies its
 * input and libnd4j's {@code relu_bp} is as fast as a product.
 */
final class ReluActivation {

    /** -D switch: "false" leaves separate ReLU and ReLU6 layers to DL4J, to compare. */
    static final String SWITCH = "layerloom.fastRelu";

    private ReluActivation() {
    }

    static boolean on() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH));
    }

    /** Replaces every plain ReLU and ReLU6 layer of the initialised network; idempotent. Returns the network. */
    static ComputationGraph install(ComputationGraph net) {
        return LayerSwap.replace(net, l -> l.getClass() == ActivationLayer.class && plainRelu(l), Relu::new);
    }

    /** True when the layer runs on this class's passes (installed by {@link #install}). */
    static boolean isInstalled(Layer layer) {
        return layer instanceof Relu;
    }

    private static boolean plainRelu(Layer layer) {
        var conf = (org.deeplearning4j.nn.conf.layers.ActivationLayer) layer.conf().getLayer();
        return conf.getIDropout() == null && (plainRelu(conf.getActivationFn()) || relu6(conf.getActivationFn()));
    }

    private static boolean plainRelu(IActivation activation) {
        return activation instanceof ActivationReLU relu && relu.getClass() == ActivationReLU.class && relu.getMax() == null
                && zeroOrAbsent(relu.getThreshold()) && zeroOrAbsent(relu.getNegativeSlope());
    }

    private static boolean relu6(IActivation activation) {
        return activation != null && activation.getClass() == ActivationReLU6.class;
    }

    private static boolean zeroOrAbsent(Double d) {
        return d == null || d == 0.0;
    }

    /** DL4J's activation layer with a ReLU or ReLU6: one pass forward, steps and a product backward. */
    private static final class Relu extends ActivationLayer {

        Relu(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private boolean six() {
            return layerConf().getActivationFn() instanceof ActivationReLU6;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            if (!training || input == null || !input.dataType().isFPType()) {
                return super.activate(training, workspaceMgr);
            }
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), input.ordering());
            Nd4j.exec(six() ? new Relu6(input, out) : new RectifiedLinear(input, out));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            if (!input.dataType().isFPType() || epsilon.dataType() != input.dataType()) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            INDArray delta = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), input.ordering());
            Nd4j.exec(new Step(input, delta, 0.0));
            if (six()) {
                // x >= 6 is x > the float just below 6
                INDArray atLeastSix = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(), input.shape(), input.ordering());
                Nd4j.exec(new Step(input, atLeastSix, Math.nextDown(6f)));
                Nd4j.exec(new SubOp(delta, atLeastSix, delta));
            }
            Nd4j.exec(new MulOp(delta, epsilon, delta));
            return new Pair<>(new DefaultGradient(), delta);
        }
    }
}
