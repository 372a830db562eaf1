package io.layerloom.model.property;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.KindSamples;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.Sides;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Networks a user would draw: image CNNs (conv, pool, normalisation, residual Adds, inception
 * Concats, then a flatten or global pool, dense layers and an Output), MLPs, recurrent networks
 * over sequences or token indices, and a CNN feeding an LSTM through a Reshape. A plan is a list
 * of small steps that a builder turns into layers, tracking shapes itself and skipping a step that
 * would not fit, so most graphs are valid and jqwik shrinks a failure to the fewest steps. Some
 * plans without steps give the sample network of one layer kind ({@link KindSamples}) instead, so
 * that every kind, a new one too, is generated at least there.
 */
public final class PlausibleGraphs {

    /** One step of a plan: which block to add and two numbers that pick its parameters. */
    record Step(int block, int a, int b) {
    }

    /** A whole plan: the network flavour, its input's size, the steps and the head. */
    record Plan(int flavour, int x, int y, int z, List<Step> steps, int head, boolean positions) {
    }

    private PlausibleGraphs() {
    }

    private static final Arbitrary<Graph> GRAPHS = plans().map(PlausibleGraphs::build).withoutEdgeCases();

    public static Arbitrary<Graph> graphs() {
        return GRAPHS;
    }

    static Arbitrary<Plan> plans() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 999)).as(Step::new);
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 999),
                        Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 999),
                        step.list().ofMaxSize(10), Arbitraries.integers().between(0, 999), Arbitraries.of(true, false))
                .as(Plan::new);
    }

    static Graph build(Plan plan) {
        return new Builder(plan).build();
    }

    /** Where the builder is: the id of the last layer and its shape as the analysis should see it. */
    private record Tensor(String id, long[] dims) {
        boolean image() {
            return dims.length == 3;
        }

        boolean sequence() {
            return dims.length == 2;
        }

        long c() {
            return dims[0];
        }
    }

    private static final class Builder {
        private final Plan plan;
        private final List<Node> nodes = new ArrayList<>();
        private int positionSeed;

        Builder(Plan plan) {
            this.plan = plan;
        }

        private static int pick(int seed, int... options) {
            return options[Math.floorMod(seed, options.length)];
        }

        private String add(String base, LayerSpec spec, String... inputs) {
            String id = base + "_" + (nodes.size() + 1);
            Optional<Position> position = plan.positions()
                    ? Optional.of(new Position(120.0 * (positionSeed % 7), 80.5 * positionSeed++)) : Optional.empty();
            nodes.add(new Node(id, spec, List.of(inputs), position, Map.of()));
            return id;
        }

        Graph build() {
            if (plan.steps().isEmpty() && plan.head() % 2 == 0) {
                // Without steps a flavour is only an input and a head; half of those plans give one kind's
                // sample network instead, so every kind (one added later too) is among the graphs generated.
                List<LayerKind<?>> kinds = LayerKinds.all();
                return KindSamples.of(kinds.get(plan.x() % kinds.size()));
            }
            Tensor t = switch (plan.flavour()) {
                case 0 -> cnn(image(1 + plan.x() % 4, 8 + plan.y() % 57, 8 + plan.z() % 57));
                case 1 -> mlp(vector());
                case 2 -> rnn(sequenceInput());
                case 3 -> cnnToRnn();
                default -> cnn(reshapedImage());
            };
            head(t);
            return new Graph("plausible", "flavour " + plan.flavour(), nodes);
        }

        // ---- inputs ----

        private Tensor image(long c, long h, long w) {
            return new Tensor(add("input", new Input(Dims.of(c, h, w))), new long[]{c, h, w});
        }

        private Tensor vector() {
            long f = 1 + plan.x() % 512;
            return new Tensor(add("input", new Input(Dims.of(f))), new long[]{f});
        }

        private Tensor sequenceInput() {
            long timesteps = 1 + plan.z() % 60;
            if (plan.y() % 3 == 0) {
                String in = add("tokens", new Input(Dims.of(1, timesteps)));
                long units = 8 + plan.x() % 120;
                String e = add("embedding", new Embedding(100 + plan.x() * 10L, units, plan.y() % 2 == 0), in);
                return new Tensor(e, new long[]{units, timesteps});
            }
            long f = 1 + plan.x() % 64;
            return new Tensor(add("input", new Input(Dims.of(f, timesteps))), new long[]{f, timesteps});
        }

        /** A flat vector reshaped into an image, with one entry inferred. */
        private Tensor reshapedImage() {
            long h = 4 + plan.y() % 20;
            long w = 4 + plan.z() % 20;
            String in = add("input", new Input(Dims.of(h * w)));
            String r = add("reshape", new Reshape(Dims.of(1, -1, w)), in);
            return new Tensor(r, new long[]{1, h, w});
        }

        private Tensor cnnToRnn() {
            Tensor t = cnn(image(1 + plan.x() % 3, 8 + plan.y() % 25, 8 + plan.z() % 25));
            long features = t.dims()[0] * t.dims()[1];
            String r = add("reshape", new Reshape(Dims.of(-1, t.dims()[2])), t.id());
            return rnn(new Tensor(r, new long[]{features, t.dims()[2]}));
        }

        // ---- bodies ----

        private Tensor cnn(Tensor t) {
            for (Step s : plan.steps()) {
                t = imageBlock(t, s);
            }
            return t;
        }

        private Conv2D conv(long filters, int kernel, int stride, boolean samePadding, int dilation) {
            Padding p = samePadding || dilation > 1 ? Padding.same() : Padding.of(kernel / 2);
            return new Conv2D(filters, IntPair.of(kernel), IntPair.of(stride), p, IntPair.of(dilation),
                    ActivationFunction.RELU, true);
        }

        /** Output size of a "same" or kernel/2-padded odd kernel: ceil(in / stride). */
        private static long shrink(long in, int stride) {
            return (in + stride - 1) / stride;
        }

        private Tensor imageBlock(Tensor t, Step s) {
            long c = t.c();
            long h = t.dims()[1];
            long w = t.dims()[2];
            int a = s.a();
            int b = s.b();
            // Blocks 0-90 are the thirteen below, 7 each; 91-99 the channel kinds, 3 each.
            if (s.block() >= 91) {
                return channelBlock(t, s.block() % 3, a, b);
            }
            switch (s.block() % 13) {
                case 0 -> {
                    int k = pick(a, 1, 3, 3, 5);
                    int stride = h >= 4 && w >= 4 ? pick(b, 1, 1, 2) : 1;
                    int dilation = k > 1 ? pick(a / 7, 1, 1, 1, 2) : 1;
                    long f = 4 + a % 61;
                    String id = add("conv", conv(f, k, stride, b % 2 == 0, dilation), t.id());
                    return new Tensor(id, new long[]{f, shrink(h, stride), shrink(w, stride)});
                }
                case 1 -> {
                    if (h < 2 || w < 2) {
                        return t;
                    }
                    LayerSpec pool = a % 2 == 0 ? new MaxPool2D(IntPair.of(2), IntPair.of(2), Padding.of(0))
                            : new AvgPool2D(IntPair.of(2), IntPair.of(2), Padding.of(0));
                    String id = add("pool", pool, t.id());
                    return new Tensor(id, new long[]{c, h / 2, w / 2});
                }
                case 2 -> {
                    return new Tensor(add("bn", new BatchNorm(1e-5, 0.9), t.id()), t.dims());
                }
                case 3 -> {
                    ActivationFunction f = ActivationFunction.values()[a % ActivationFunction.values().length];
                    return new Tensor(add("act", new ActivationLayer(f), t.id()), t.dims());
                }
                case 4 -> {
                    return new Tensor(add("dropout", new Dropout((a % 90) / 100.0), t.id()), t.dims());
                }
                case 5 -> {
                    String c1 = add("conv", conv(c, 3, 1, true, 1), t.id());
                    String bn = add("bn", new BatchNorm(1e-3, 0.99), c1);
                    String act = add("act", new ActivationLayer(ActivationFunction.RELU), bn);
                    String c2 = add("conv", conv(c, 3, 1, a % 2 == 0, 1), act);
                    return new Tensor(add("add", new Add(), t.id(), c2), t.dims());
                }
                case 6 -> {
                    long f = 8 + a % 57;
                    String main1 = add("conv", conv(f, 3, 2, true, 1), t.id());
                    String main2 = add("conv", conv(f, 3, 1, true, 1), main1);
                    String shortcut = add("conv", conv(f, 1, 2, true, 1), t.id());
                    String sum = add("add", new Add(), main2, shortcut);
                    return new Tensor(sum, new long[]{f, shrink(h, 2), shrink(w, 2)});
                }
                case 7 -> {
                    long f1 = 4 + a % 29;
                    long f2 = 4 + b % 29;
                    String one = add("conv", conv(f1, 1, 1, false, 1), t.id());
                    String three = add("conv", conv(f2, 3, 1, true, 1), t.id());
                    String pool = add("pool", new MaxPool2D(IntPair.of(3), IntPair.of(1), Padding.same()), t.id());
                    String cat = add("concat", new Concat(), one, three, pool);
                    return new Tensor(cat, new long[]{f1 + f2 + c, h, w});
                }
                case 8 -> {
                    int m = 1 + a % 2;
                    String id = add("dw", new DepthwiseConv2D(m, IntPair.of(3), IntPair.of(1), Padding.same(),
                            IntPair.of(1), ActivationFunction.RELU6, b % 2 == 0), t.id());
                    return new Tensor(id, new long[]{c * m, h, w});
                }
                case 9 -> {
                    long f = 8 + a % 57;
                    String id = add("sep", new SeparableConv2D(f, 1, IntPair.of(3), IntPair.of(1), Padding.same(),
                            IntPair.of(1), ActivationFunction.RELU, true), t.id());
                    return new Tensor(id, new long[]{f, h, w});
                }
                case 10 -> {
                    if (a % 2 == 0 || h < 3 || w < 3) {
                        String pad = add("pad", new ZeroPadding2D(Sides.of(1)), t.id());
                        String id = add("conv", new Conv2D(c, IntPair.of(3), IntPair.of(1), Padding.of(0), IntPair.of(1),
                                ActivationFunction.IDENTITY, false), pad);
                        return new Tensor(id, t.dims());
                    }
                    String id = add("crop", new Cropping2D(Sides.of(1)), t.id());
                    return new Tensor(id, new long[]{c, h - 2, w - 2});
                }
                case 11 -> {
                    if (h > 64 || w > 64) {
                        return t;
                    }
                    if (a % 2 == 0) {
                        return new Tensor(add("up", new Upsampling2D(IntPair.of(2)), t.id()), new long[]{c, 2 * h, 2 * w});
                    }
                    long f = 4 + b % 29;
                    String id = add("deconv", new Deconv2D(f, IntPair.of(2), IntPair.of(2), Padding.of(0),
                            ActivationFunction.RELU, true), t.id());
                    return new Tensor(id, new long[]{f, 2 * h, 2 * w});
                }
                default -> {
                    return new Tensor(add("lrn", new LocalResponseNorm(5, 2.0, 1e-4, 0.75), t.id()), t.dims());
                }
            }
        }

        /** A 1x1 convolution to {@code multiple} x (1 to 8) channels where {@code c} is not a multiple already. */
        private Tensor multipleOf(Tensor t, int multiple, int seed) {
            if (t.c() % multiple == 0) {
                return t;
            }
            long f = multiple * (1 + seed % 8L);
            return new Tensor(add("conv", conv(f, 1, 1, false, 1), t.id()), new long[]{f, t.dims()[1], t.dims()[2]});
        }

        /**
         * ShuffleNet's and EfficientNet's channel kinds: a channel shuffle; a channel split (one part
         * going on, or ShuffleNet v2's unit: split in two, a branch on one half, concatenated with the
         * other and shuffled); a per-channel scale from a squeeze-and-excitation branch.
         */
        private Tensor channelBlock(Tensor t, int which, int a, int b) {
            long h = t.dims()[1];
            long w = t.dims()[2];
            switch (which) {
                case 0 -> {
                    int groups = pick(a, 2, 2, 3, 4, 8);
                    t = multipleOf(t, groups, b);
                    return new Tensor(add("shuffle", new ChannelShuffle(groups), t.id()), t.dims());
                }
                case 1 -> {
                    if (a % 2 == 0) {
                        int parts = pick(b, 2, 2, 3, 4);
                        t = multipleOf(t, parts, a / 2);
                        String id = add("split", new ChannelSplit(parts, (b / 7) % parts), t.id());
                        return new Tensor(id, new long[]{t.c() / parts, h, w});
                    }
                    t = multipleOf(t, 2, b);
                    long half = t.c() / 2;
                    String left = add("split", new ChannelSplit(2, 0), t.id());
                    String right = add("split", new ChannelSplit(2, 1), t.id());
                    String c1 = add("conv", conv(half, 1, 1, false, 1), right);
                    String dw = add("dw", new DepthwiseConv2D(1, IntPair.of(3), IntPair.of(1), Padding.same(), IntPair.of(1),
                            ActivationFunction.IDENTITY, false), c1);
                    String c2 = add("conv", conv(half, 1, 1, false, 1), dw);
                    String cat = add("concat", new Concat(), left, c2);
                    return new Tensor(add("shuffle", new ChannelShuffle(2), cat), t.dims());
                }
                default -> {
                    long c = t.c();
                    ActivationFunction gate = pick(b, 0, 0, 1) == 0 ? ActivationFunction.SIGMOID
                            : ActivationFunction.HARDSIGMOID_TORCH;
                    String vector;
                    if (a % 3 == 2) {
                        // A 1x1 convolution with the gate, then a global pooling: one value per channel.
                        String gated = add("conv", new Conv2D(c, IntPair.of(1), IntPair.of(1), Padding.of(0), IntPair.of(1),
                                gate, true), t.id());
                        vector = add("gap", new GlobalAvgPool(), gated);
                    } else {
                        String squeeze = add(a % 3 == 0 ? "gap" : "gmp", a % 3 == 0 ? new GlobalAvgPool()
                                : new GlobalMaxPool(), t.id());
                        String reduce = add("dense", new Dense(Math.max(1, c / 4), ActivationFunction.RELU, true), squeeze);
                        vector = add("dense", new Dense(c, gate, true), reduce);
                    }
                    return new Tensor(add("scale", new ChannelScale(), t.id(), vector), t.dims());
                }
            }
        }

        private Tensor mlp(Tensor t) {
            for (Step s : plan.steps()) {
                long f = t.c();
                long units = 1 + s.a() % 256;
                switch (s.block() % 6) {
                    case 0 -> t = new Tensor(add("dense", new Dense(units, ActivationFunction.RELU, s.b() % 3 != 0), t.id()),
                            new long[]{units});
                    case 1 -> t = new Tensor(add("bn", new BatchNorm(1e-5, 0.9), t.id()), t.dims());
                    case 2 -> t = new Tensor(add("dropout", new Dropout(0.5), t.id()), t.dims());
                    case 3 -> {
                        String d = add("dense", new Dense(f, ActivationFunction.TANH, true), t.id());
                        t = new Tensor(add(s.b() % 2 == 0 ? "add" : "mul", s.b() % 2 == 0 ? new Add() : new Multiply(),
                                t.id(), d), t.dims());
                    }
                    case 4 -> {
                        long other = 1 + s.b() % 64;
                        String left = add("dense", new Dense(units, ActivationFunction.RELU, true), t.id());
                        String right = add("dense", new Dense(other, ActivationFunction.SIGMOID, true), t.id());
                        t = new Tensor(add("concat", new Concat(), left, right), new long[]{units + other});
                    }
                    default -> t = new Tensor(add("reshape", new Reshape(Dims.of(-1)), t.id()), t.dims());
                }
            }
            return t;
        }

        private Tensor rnn(Tensor t) {
            for (Step s : plan.steps()) {
                long timesteps = t.dims()[1];
                long units = 1 + s.a() % 96;
                switch (s.block() % 5) {
                    case 0 -> {
                        boolean both = s.b() % 2 == 0;
                        String id = add("lstm", new LSTM(units, ActivationFunction.TANH, true, both), t.id());
                        t = new Tensor(id, new long[]{both ? 2 * units : units, timesteps});
                    }
                    case 1 -> t = new Tensor(add("rnn", new SimpleRNN(units, ActivationFunction.TANH, true), t.id()),
                            new long[]{units, timesteps});
                    case 2 -> t = new Tensor(add("dropout", new Dropout(0.2), t.id()), t.dims());
                    case 3 -> {
                        String left = add("lstm", new LSTM(units, ActivationFunction.TANH, true, false), t.id());
                        String right = add("rnn", new SimpleRNN(units, ActivationFunction.RELU, true), t.id());
                        t = new Tensor(add("add", new Add(), left, right), new long[]{units, timesteps});
                    }
                    default -> {
                        String other = add("lstm", new LSTM(units, ActivationFunction.TANH, true, false), t.id());
                        t = new Tensor(add("concat", new Concat(), t.id(), other), new long[]{t.c() + units, timesteps});
                    }
                }
            }
            return t;
        }

        // ---- heads ----

        private void head(Tensor t) {
            int h = plan.head();
            long classes = 2 + h % 9;
            if (t.sequence() && h % 4 == 0) {
                add("output", new RnnOutput(classes, ActivationFunction.SOFTMAX, Loss.MCXENT, true), t.id());
                return;
            }
            String last = t.id();
            if (t.image()) {
                last = switch (h % 3) {
                    case 0 -> add("flatten", new Flatten(), last);
                    case 1 -> add("gap", new GlobalAvgPool(), last);
                    default -> add("gmp", new GlobalMaxPool(), last);
                };
            } else if (t.sequence()) {
                last = switch (h % 4) {
                    case 1 -> add("lstm", new LSTM(32, ActivationFunction.TANH, false, h % 8 == 1), last);
                    case 2 -> add("rnn", new SimpleRNN(16, ActivationFunction.TANH, false), last);
                    default -> add("gap", new GlobalAvgPool(), last);
                };
            }
            for (int i = 0; i < (h / 10) % 3; i++) {
                last = add("dense", new Dense(16 + (h / 30) % 200, ActivationFunction.RELU, true), last);
                if ((h / 100) % 2 == 1) {
                    last = add("dropout", new Dropout(0.5), last);
                }
            }
            boolean binary = h % 5 == 4;
            add("output", binary ? new LayerSpec.Output(1, ActivationFunction.SIGMOID, Loss.XENT, true)
                    : new LayerSpec.Output(classes, ActivationFunction.SOFTMAX, Loss.MCXENT, true), last);
        }
    }
}
