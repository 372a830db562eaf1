package io.layerloom.model.analysis;

import io.layerloom.model.analysis.TensorType.Image;
import io.layerloom.model.analysis.TensorType.Sequence;
import io.layerloom.model.analysis.TensorType.Vector;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import java.util.ArrayList;
import java.util.List;

import static io.layerloom.model.analysis.DiagnosticCode.*;

/**
 * The output shape of one node from the shapes of its inputs, or the errors that prevent it.
 * Inputs are known and their count is already checked by the caller.
 */
final class ShapeRules implements LayerVisitor<ShapeRules.Outcome> {

    /** An output shape, or the diagnostics explaining why there is none. */
    record Outcome(TensorType output, List<Diagnostic> problems) {
        static Outcome ok(TensorType t) {
            return new Outcome(t, List.of());
        }

        static Outcome fail(Diagnostic d) {
            return new Outcome(null, List.of(d));
        }
    }

    private static final String[] AXIS = {"height", "width"};

    private final String id;
    private final String kind;
    private final List<TensorType> inputs;

    ShapeRules(String id, String kind, List<TensorType> inputs) {
        this.id = id;
        this.kind = kind;
        this.inputs = inputs;
    }

    static Outcome apply(String id, LayerSpec spec, List<TensorType> inputs) {
        return spec.accept(new ShapeRules(id, spec.kind().name(), inputs));
    }

    private String who() {
        return kind + " '" + io.layerloom.model.util.Text.display(id) + "'";
    }

    TensorType in() {
        return inputs.get(0);
    }

    Outcome fail(DiagnosticCode code, String field, String message, String... fixes) {
        return Outcome.fail(Diagnostic.of(code, id, field, who() + ": " + message, List.of(fixes)));
    }

    Outcome needImage() {
        TensorType t = in();
        String hint = t instanceof Vector
                ? "Reshape the vector to [channels, height, width] before it, or move it before the Flatten or Dense layer."
                : "Reshape the sequence to [channels, height, width] before it.";
        return fail(WRONG_INPUT_KIND, null, "expects an image [channels, height, width] but its input is a "
                + t.describe() + ".", hint);
    }

    Outcome needVector(String sequenceHint) {
        TensorType t = in();
        if (t instanceof Image) {
            return fail(WRONG_INPUT_KIND, null, "expects a vector but its input is an " + t.describe() + ".",
                    "Add a Flatten or a GlobalAvgPool layer before it.");
        }
        return fail(WRONG_INPUT_KIND, null, "expects a vector but its input is a " + t.describe() + ".", sequenceHint);
    }

    private Outcome needSequence() {
        TensorType t = in();
        String hint = t instanceof Image
                ? "Add a Reshape to [features, timesteps] before it (for example [channels*height, width])."
                : "Add a Reshape to [features, timesteps] before it.";
        return fail(WRONG_INPUT_KIND, null, "expects a sequence [features, timesteps] but its input is "
                + (t instanceof Image ? "an " : "a ") + t.describe() + ".", hint);
    }

    // ---- sliding windows: one method for every convolution and pooling kind ----

    private Outcome window(long channelsOut, IntPair kernel, IntPair stride, IntPair dilation, Padding padding) {
        if (!(in() instanceof Image img)) {
            return needImage();
        }
        long[] out = new long[2];
        List<String> tooLarge = new ArrayList<>();
        for (int axis = 0; axis < 2; axis++) {
            ConvArithmetic.WindowAxis w = ConvArithmetic.window(img.size(axis), kernel, stride, dilation, padding, axis);
            if (!w.fits()) {
                tooLarge.add(AXIS[axis] + ": " + (w.effectiveKernel() != kernel.get(axis)
                        ? "kernel " + kernel.get(axis) + " with dilation " + dilation.get(axis) + " spans " + w.effectiveKernel()
                        : "kernel " + kernel.get(axis))
                        + " > padded input " + w.paddedIn() + " (" + img.size(axis) + " + 2x" + w.padBefore() + ")");
            }
            out[axis] = w.out();
        }
        if (!tooLarge.isEmpty()) {
            boolean dilated = dilation.h() > 1 || dilation.w() > 1;
            return fail(KERNEL_TOO_LARGE, "kernel", (dilated ? "dilated kernel " : "kernel ") + kernel
                            + " is larger than its padded " + img.height() + "x" + img.width() + " input ("
                            + String.join("; ", tooLarge) + ").",
                    "Reduce the kernel" + (dilated ? " or the dilation" : "") + " to fit "
                            + img.height() + "x" + img.width() + ".",
                    "Add padding, or set padding to \"same\".",
                    "Remove a pooling or strided layer before it, so that its input is larger.");
        }
        return Outcome.ok(new Image(channelsOut, out[0], out[1]));
    }

    private Outcome pool(IntPair kernel, IntPair stride, Padding padding) {
        if (!(in() instanceof Image img)) {
            return needImage();
        }
        return window(img.channels(), kernel, stride, IntPair.of(1), padding);
    }

    @Override
    public Outcome input(Input s) {
        return Outcome.ok(TensorType.fromDims(s.shape().values()));
    }

    @Override
    public Outcome dense(Dense s) {
        if (!(in() instanceof Vector)) {
            return needVector("Use an LSTM with returnSequences false, or a GlobalAvgPool, before it; or use RnnOutput for an output per timestep.");
        }
        return Outcome.ok(new Vector(s.units()));
    }

    @Override
    public Outcome conv2D(Conv2D s) {
        return window(s.filters(), s.kernel(), s.stride(), s.dilation(), s.padding());
    }

    @Override
    public Outcome deconv2D(Deconv2D s) {
        if (!(in() instanceof Image img)) {
            return needImage();
        }
        long h = ConvArithmetic.transposedOut(img.height(), s.kernel(), s.stride(), s.padding(), 0);
        long w = ConvArithmetic.transposedOut(img.width(), s.kernel(), s.stride(), s.padding(), 1);
        if (h < 1 || w < 1) {
            return fail(OUTPUT_SIZE_NONPOSITIVE, "padding", "output would be " + h + "x" + w
                            + " = stride x (input - 1) + kernel - 2 x padding, with input " + img.height() + "x" + img.width()
                            + ", kernel " + s.kernel() + ", stride " + s.stride() + ", padding " + s.padding() + ".",
                    "Reduce the padding.", "Increase the kernel or the stride.");
        }
        return Outcome.ok(new Image(s.filters(), h, w));
    }

    @Override
    public Outcome depthwiseConv2D(DepthwiseConv2D s) {
        if (!(in() instanceof Image img)) {
            return needImage();
        }
        return window(img.channels() * s.multiplier(), s.kernel(), s.stride(), s.dilation(), s.padding());
    }

    @Override
    public Outcome groupedConv2D(GroupedConv2D s) {
        if (!(in() instanceof Image img)) {
            return needImage();
        }
        long channels = img.channels();
        int g = s.groups();
        if (channels % g != 0) {
            return fail(GROUPS_MISMATCH, "groups", "groups " + g + " does not divide its " + channels
                            + " input channels (" + channels + " / " + g + " is not a whole number).",
                    "Set groups to a divisor of both " + channels + " and " + s.filters() + ": " + divisors(channels, s.filters()) + ".",
                    "Change the layer before it to give a multiple of " + g + " channels.");
        }
        if (s.filters() % g != 0) {
            return fail(GROUPS_MISMATCH, "filters", "groups " + g + " does not divide its " + s.filters()
                            + " filters (" + s.filters() + " / " + g + " is not a whole number).",
                    "Set filters to a multiple of " + g + ", such as " + Math.max(g, s.filters() / g * g) + " or "
                            + (s.filters() / g + 1) * g + ".",
                    "Set groups to a divisor of both " + channels + " and " + s.filters() + ": "
                            + divisors(channels, s.filters()) + ".");
        }
        return window(s.filters(), s.kernel(), s.stride(), s.dilation(), s.padding());
    }

    /** The common divisors of two counts, the first few and the largest. */
    private static String divisors(long a, long b) {
        List<String> out = new ArrayList<>();
        long largest = 1;
        for (long d = 1; d <= Math.min(a, b); d++) {
            if (a % d == 0 && b % d == 0) {
                largest = d;
                if (out.size() < 6) {
                    out.add(Long.toString(d));
                }
            }
        }
        if (!out.contains(Long.toString(largest))) {
            out.add("..., " + largest);
        }
        return String.join(", ", out);
    }

    @Override
    public Outcome separableConv2D(SeparableConv2D s) {
        return window(s.filters(), s.kernel(), s.stride(), s.dilation(), s.padding());
    }

    @Override
    public Outcome maxPool2D(MaxPool2D s) {
        return pool(s.kernel(), s.stride(), s.padding());
    }

    @Override
    public Outcome avgPool2D(AvgPool2D s) {
        return pool(s.kernel(), s.stride(), s.padding());
    }

    private Outcome globalPool() {
        if (in() instanceof Image img) {
            return Outcome.ok(new Vector(img.channels()));
        }
        if (in() instanceof Sequence seq) {
            return Outcome.ok(new Vector(seq.features()));
        }
        return fail(WRONG_INPUT_KIND, null, "pools over space or time but its input is a " + in().describe()
                + ", which has neither.", "Remove it: a vector needs no pooling.");
    }

    @Override
    public Outcome globalAvgPool(GlobalAvgPool s) {
        return globalPool();
    }

    @Override
    public Outcome globalMaxPool(GlobalMaxPool s) {
        return globalPool();
    }

    @Override
    public Outcome channelShuffle(ChannelShuffle s) {
        return ChannelShapes.shuffle(this, s);
    }

    @Override
    public Outcome channelSplit(ChannelSplit s) {
        return ChannelShapes.split(this, s);
    }

    @Override
    public Outcome zeroPadding2D(ZeroPadding2D s) {
        if (!(in() instanceof Image img)) {
            return needImage();
        }
        Sides p = s.padding();
        return Outcome.ok(new Image(img.channels(), img.height() + p.top() + p.bottom(), img.width() + p.left() + p.right()));
    }

    @Override
    public Outcome cropping2D(Cropping2D s) {
        if (!(in() instanceof Image img)) {
            return needImage();
        }
        Sides c = s.cropping();
        long h = img.height() - c.top() - c.bottom();
        long w = img.width() - c.left() - c.right();
        if (h < 1 || w < 1) {
            return fail(OUTPUT_SIZE_NONPOSITIVE, "cropping", "cropping " + c + " removes the whole "
                            + img.height() + "x" + img.width() + " input (output would be " + h + "x" + w + ").",
                    "Crop less than " + img.height() + " rows and " + img.width() + " columns in total.");
        }
        return Outcome.ok(new Image(img.channels(), h, w));
    }

    @Override
    public Outcome upsampling2D(Upsampling2D s) {
        if (!(in() instanceof Image img)) {
            return needImage();
        }
        return Outcome.ok(new Image(img.channels(), Math.multiplyExact(img.height(), s.size().h()),
                Math.multiplyExact(img.width(), s.size().w())));
    }

    @Override
    public Outcome batchNorm(BatchNorm s) {
        if (in() instanceof Sequence) {
            return fail(WRONG_INPUT_KIND, null, "normalises images or vectors but its input is a " + in().describe()
                    + ".", "Move it before the Reshape to a sequence, or after the recurrent layer.");
        }
        return Outcome.ok(in());
    }

    @Override
    public Outcome localResponseNorm(LocalResponseNorm s) {
        if (!(in() instanceof Image)) {
            return needImage();
        }
        return Outcome.ok(in());
    }

    @Override
    public Outcome dropout(Dropout s) {
        return Outcome.ok(in());
    }

    @Override
    public Outcome activation(ActivationLayer s) {
        return Outcome.ok(in());
    }

    @Override
    public Outcome flatten(Flatten s) {
        if (in() instanceof Sequence) {
            return fail(WRONG_INPUT_KIND, null, "flattens images but its input is a " + in().describe() + ".",
                    "Use an LSTM with returnSequences false or a GlobalAvgPool to summarise the sequence.",
                    "Use a Reshape to [features * timesteps] to keep every value.");
        }
        return Outcome.ok(new Vector(in().elements()));
    }

    @Override
    public Outcome reshape(Reshape s) {
        long total = in().elements();
        List<Long> dims = new ArrayList<>(s.shape().values());
        long known = 1;
        int inferred = -1;
        for (int i = 0; i < dims.size(); i++) {
            if (dims.get(i) == -1) {
                inferred = i;
            } else {
                known = Math.multiplyExact(known, dims.get(i));
            }
        }
        if (inferred >= 0) {
            if (total % known != 0) {
                return fail(RESHAPE_MISMATCH, "shape", "cannot infer the -1 entry of " + s.shape() + ": its input has "
                                + total + " values (" + in().describe() + "), which is not a multiple of " + known + ".",
                        "Choose entries whose product divides " + total + ".");
            }
            dims.set(inferred, total / known);
        } else if (known != total) {
            return fail(RESHAPE_MISMATCH, "shape", "target shape " + s.shape() + " has " + known + " values but its input ("
                            + in().describe() + ") has " + total + ".",
                    "Choose a shape whose entries multiply to " + total + ", or use -1 for one entry to infer it.");
        }
        return Outcome.ok(TensorType.fromDims(dims));
    }

    @Override
    public Outcome embedding(Embedding s) {
        if (in() instanceof Vector v && v.features() == 1) {
            return Outcome.ok(new Vector(s.units()));
        }
        if (in() instanceof Sequence q && q.features() == 1) {
            return Outcome.ok(new Sequence(s.units(), q.timesteps()));
        }
        return fail(WRONG_INPUT_KIND, null, "expects one integer index per example (vector [1]) or per timestep "
                        + "(sequence [1, timesteps]) but its input is " + article(in()) + in().describe() + ".",
                "Set the Input shape to [1] or [1, timesteps], holding token indices.");
    }

    @Override
    public Outcome simpleRnn(SimpleRNN s) {
        if (!(in() instanceof Sequence q)) {
            return needSequence();
        }
        return Outcome.ok(s.returnSequences() ? new Sequence(s.units(), q.timesteps()) : new Vector(s.units()));
    }

    @Override
    public Outcome lstm(LSTM s) {
        if (!(in() instanceof Sequence q)) {
            return needSequence();
        }
        long units = s.bidirectional() ? 2 * s.units() : s.units();
        return Outcome.ok(s.returnSequences() ? new Sequence(units, q.timesteps()) : new Vector(units));
    }

    private Outcome elementwise(String what) {
        TensorType first = in();
        for (TensorType t : inputs) {
            if (!t.equals(first)) {
                return fail(MERGE_SHAPE_MISMATCH, null, what + " needs inputs of the same shape but got "
                                + shapes() + ".",
                        "Make the branches end in the same shape, for example with a 1x1 Conv2D (and stride) on the shortcut.",
                        "Use Concat to join inputs of different sizes.");
            }
        }
        return Outcome.ok(first);
    }

    private String shapes() {
        return String.join(", ", inputs.stream().map(TensorType::describe).toList());
    }

    @Override
    public Outcome add(Add s) {
        return elementwise("element-wise sum");
    }

    @Override
    public Outcome multiply(Multiply s) {
        return elementwise("element-wise product");
    }

    @Override
    public Outcome concat(Concat s) {
        TensorType first = in();
        long sum = 0;
        for (TensorType t : inputs) {
            if (!concatenable(first, t)) {
                String rule = first instanceof Image ? "images of the same height and width"
                        : first instanceof Sequence ? "sequences of the same length" : "inputs of the same kind";
                return fail(MERGE_SHAPE_MISMATCH, null, "joins " + rule + " but got " + shapes() + ".",
                        "Resize the branches to the same spatial size (matching strides and padding \"same\"), or Flatten them all.");
            }
            sum = Math.addExact(sum, t.dims().get(0));
        }
        if (first instanceof Image a) {
            return Outcome.ok(new Image(sum, a.height(), a.width()));
        }
        if (first instanceof Sequence a) {
            return Outcome.ok(new Sequence(sum, a.timesteps()));
        }
        return Outcome.ok(new Vector(sum));
    }

    /** Whether two tensors agree on every dimension but the first (channels or features). */
    private static boolean concatenable(TensorType a, TensorType b) {
        return a.getClass() == b.getClass() && a.dims().subList(1, a.dims().size()).equals(b.dims().subList(1, b.dims().size()));
    }

    @Override
    public Outcome channelScale(ChannelScale s) {
        return ChannelShapes.scale(this, inputs);
    }

    @Override
    public Outcome output(LayerSpec.Output s) {
        if (!(in() instanceof Vector)) {
            return needVector("Use RnnOutput for an output at every timestep, or an LSTM with returnSequences false before it.");
        }
        return Outcome.ok(new Vector(s.units()));
    }

    @Override
    public Outcome rnnOutput(RnnOutput s) {
        if (!(in() instanceof Sequence q)) {
            return needSequence();
        }
        return Outcome.ok(new Sequence(s.units(), q.timesteps()));
    }

    @Override
    public Outcome lossLayer(LossLayer s) {
        if (!(in() instanceof Vector)) {
            return needVector("Use RnnOutput for an output at every timestep, or an LSTM with returnSequences false before it.");
        }
        return Outcome.ok(in());
    }

    private static String article(TensorType t) {
        return t instanceof Image ? "an " : "a ";
    }
}
