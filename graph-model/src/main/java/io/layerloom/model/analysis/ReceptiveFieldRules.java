package io.layerloom.model.analysis;

import io.layerloom.model.analysis.ReceptiveField.Axis;
import io.layerloom.model.analysis.ReceptiveField.Global;
import io.layerloom.model.analysis.ReceptiveField.Local;
import io.layerloom.model.analysis.TensorType.Image;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;
import io.layerloom.model.layer.Padding;
import java.util.List;
import java.util.Optional;

/**
 * The receptive field of one node from those of its inputs (Araujo, Norris and Sim, Distill
 * 2019), per axis: r' = r + (k' - 1) S, P' = P + p S, S' = S s, with k' = d (k - 1) + 1 the
 * dilated kernel and p the padding actually added before the axis. Layers that see their whole
 * input (dense, global pooling, recurrent, flatten) make it {@link Global}. Upsampling and
 * transposed convolutions map one input pixel to several outputs, which the framework does not
 * describe: their field, and that of every local layer after them, is left undefined.
 *
 * <p>The kinds that slide a window over their input also give it, as a {@link SlidingWindow}, with
 * the field: the two come from the same kernel, stride and dilation, read here once per kind.
 */
final class ReceptiveFieldRules implements LayerVisitor<Optional<ReceptiveField>> {

    /**
     * A node's field, and the window it slides if it has one.
     *
     * @param overflowedFrom the input field this node's window took beyond 64 bits, if it did
     *                       (not when an input's field had overflowed already)
     */
    record Outcome(Optional<ReceptiveField> field, Optional<SlidingWindow> window, Optional<Local> overflowedFrom) {
    }

    private static final Optional<ReceptiveField> GLOBAL = Optional.of(Global.INSTANCE);
    private static final Optional<ReceptiveField> UNDEFINED = Optional.empty();

    private final List<TensorType> inputTypes;
    private final List<Optional<ReceptiveField>> inputFields;
    /** Set by the visit of a kind with a window. */
    private SlidingWindow window;
    /** Set where this node's arithmetic leaves 64 bits. */
    private Local overflowedFrom;

    private ReceptiveFieldRules(List<TensorType> inputTypes, List<Optional<ReceptiveField>> inputFields) {
        this.inputTypes = inputTypes;
        this.inputFields = inputFields;
    }

    static Outcome apply(LayerSpec spec, List<TensorType> inputTypes, List<Optional<ReceptiveField>> inputFields) {
        ReceptiveFieldRules rules = new ReceptiveFieldRules(inputTypes, inputFields);
        Optional<ReceptiveField> field = spec.accept(rules);
        return new Outcome(field, Optional.ofNullable(rules.window), Optional.ofNullable(rules.overflowedFrom));
    }

    private Optional<ReceptiveField> same() {
        return inputFields.get(0);
    }

    /** A layer that mixes every input value into every output value. */
    private Optional<ReceptiveField> global() {
        return GLOBAL;
    }

    private Optional<ReceptiveField> window(SlidingWindow w, Padding padding) {
        window = w;
        IntPair kernel = w.kernel();
        IntPair stride = w.stride();
        IntPair dilation = w.dilation();
        Optional<ReceptiveField> in = same();
        if (in.isEmpty() || !(in.get() instanceof Local local)) {
            return in;
        }
        Image img = (Image) inputTypes.get(0);
        Axis[] axes = new Axis[2];
        try {
            for (int a = 0; a < 2; a++) {
                ConvArithmetic.WindowAxis axis = ConvArithmetic.window(img.size(a), kernel, stride, dilation, padding, a);
                axes[a] = local.axis(a).through(axis.effectiveKernel(), stride.get(a), axis.padBefore());
            }
        } catch (ArithmeticException e) {
            return overflow(local);
        }
        return Optional.of(new Local(axes[0], axes[1]));
    }

    /** A 1x1 window that shifts the grid by {@code before} pixels per axis (negative to crop). */
    private Optional<ReceptiveField> shift(long top, long left) {
        Optional<ReceptiveField> in = same();
        if (in.isEmpty() || !(in.get() instanceof Local local)) {
            return in;
        }
        try {
            return Optional.of(new Local(local.height().through(1, 1, top), local.width().through(1, 1, left)));
        } catch (ArithmeticException e) {
            return overflow(local);
        }
    }

    private Optional<ReceptiveField> overflow(Local before) {
        overflowedFrom = before;
        return Optional.of(ReceptiveField.Overflow.INSTANCE);
    }

    @Override
    public Optional<ReceptiveField> input(Input s) {
        return s.shape().rank() == 3 ? Optional.of(Local.PIXEL) : UNDEFINED;
    }

    @Override
    public Optional<ReceptiveField> dense(Dense s) {
        return global();
    }

    @Override
    public Optional<ReceptiveField> conv2D(Conv2D s) {
        return window(new SlidingWindow(s.kernel(), s.stride(), s.dilation()), s.padding());
    }

    @Override
    public Optional<ReceptiveField> deconv2D(Deconv2D s) {
        return same().filter(f -> f instanceof Global);
    }

    @Override
    public Optional<ReceptiveField> depthwiseConv2D(DepthwiseConv2D s) {
        return window(new SlidingWindow(s.kernel(), s.stride(), s.dilation()), s.padding());
    }

    @Override
    public Optional<ReceptiveField> groupedConv2D(GroupedConv2D s) {
        return window(new SlidingWindow(s.kernel(), s.stride(), s.dilation()), s.padding());
    }

    @Override
    public Optional<ReceptiveField> separableConv2D(SeparableConv2D s) {
        // The pointwise 1x1 step does not widen the field.
        return window(new SlidingWindow(s.kernel(), s.stride(), s.dilation()), s.padding());
    }

    @Override
    public Optional<ReceptiveField> maxPool2D(MaxPool2D s) {
        return window(SlidingWindow.undilated(s.kernel(), s.stride()), s.padding());
    }

    @Override
    public Optional<ReceptiveField> avgPool2D(AvgPool2D s) {
        return window(SlidingWindow.undilated(s.kernel(), s.stride()), s.padding());
    }

    @Override
    public Optional<ReceptiveField> globalAvgPool(GlobalAvgPool s) {
        return global();
    }

    @Override
    public Optional<ReceptiveField> globalMaxPool(GlobalMaxPool s) {
        return global();
    }

    @Override
    public Optional<ReceptiveField> zeroPadding2D(ZeroPadding2D s) {
        return shift(s.padding().top(), s.padding().left());
    }

    @Override
    public Optional<ReceptiveField> cropping2D(Cropping2D s) {
        return shift(-s.cropping().top(), -s.cropping().left());
    }

    /** Moves whole channels: every output pixel is the input pixel at the same place. */
    @Override
    public Optional<ReceptiveField> channelShuffle(ChannelShuffle s) {
        return same();
    }

    @Override
    public Optional<ReceptiveField> channelSplit(ChannelSplit s) {
        return same();
    }

    @Override
    public Optional<ReceptiveField> upsampling2D(Upsampling2D s) {
        return same().filter(f -> f instanceof Global);
    }

    @Override
    public Optional<ReceptiveField> batchNorm(BatchNorm s) {
        return same();
    }

    @Override
    public Optional<ReceptiveField> localResponseNorm(LocalResponseNorm s) {
        // Normalises across channels at each pixel: no spatial reach.
        return same();
    }

    @Override
    public Optional<ReceptiveField> dropout(Dropout s) {
        return same();
    }

    @Override
    public Optional<ReceptiveField> activation(ActivationLayer s) {
        return same();
    }

    @Override
    public Optional<ReceptiveField> flatten(Flatten s) {
        return global();
    }

    @Override
    public Optional<ReceptiveField> reshape(Reshape s) {
        // A reshape reinterprets positions, so a spatial field no longer means anything.
        return same().filter(f -> f instanceof Global);
    }

    @Override
    public Optional<ReceptiveField> embedding(Embedding s) {
        return same().filter(f -> f instanceof Global);
    }

    @Override
    public Optional<ReceptiveField> simpleRnn(SimpleRNN s) {
        return global();
    }

    @Override
    public Optional<ReceptiveField> lstm(LSTM s) {
        return global();
    }

    /** The largest field of the inputs; alignment is checked by the analysis. */
    private Optional<ReceptiveField> merge() {
        if (inputFields.stream().anyMatch(Optional::isEmpty)) {
            return UNDEFINED;
        }
        if (inputFields.stream().anyMatch(f -> f.get() instanceof Global)) {
            return GLOBAL;
        }
        if (inputFields.stream().anyMatch(f -> f.get() instanceof ReceptiveField.Overflow)) {
            return Optional.of(ReceptiveField.Overflow.INSTANCE);
        }
        Local best = null;
        for (Optional<ReceptiveField> f : inputFields) {
            Local l = (Local) f.get();
            if (best == null || area(l).compareTo(area(best)) > 0) {
                best = l;
            }
        }
        return Optional.of(best);
    }

    /** Height times width, which may pass 64 bits when each fits. */
    private static java.math.BigInteger area(Local l) {
        return java.math.BigInteger.valueOf(l.height().size()).multiply(java.math.BigInteger.valueOf(l.width().size()));
    }

    @Override
    public Optional<ReceptiveField> add(Add s) {
        return merge();
    }

    @Override
    public Optional<ReceptiveField> concat(Concat s) {
        return merge();
    }

    @Override
    public Optional<ReceptiveField> multiply(Multiply s) {
        return merge();
    }

    /** The scale of squeeze-and-excitation comes from the whole image (global pooling): the field is global. */
    @Override
    public Optional<ReceptiveField> channelScale(ChannelScale s) {
        return merge();
    }

    @Override
    public Optional<ReceptiveField> output(LayerSpec.Output s) {
        return global();
    }

    @Override
    public Optional<ReceptiveField> rnnOutput(RnnOutput s) {
        // Applied per timestep, after a recurrent layer that already sees the whole sequence.
        return same();
    }

    @Override
    public Optional<ReceptiveField> lossLayer(LossLayer s) {
        // An activation over the values it is given: each output sees what its input saw.
        return same();
    }
}
