package io.layerloom.model.property;

import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerKind;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.layer.ParamType;
import io.layerloom.model.layer.Sides;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Parameter values across and beyond each parameter's documented range: defaults, values
 * inside the range, its edges, zero, negatives and the extremes of the Java type. REAL values
 * are finite, because a graph file cannot hold anything else; negative zero is left out here
 * (see {@link JsonRoundTripPropertiesTest#negativeZeroSurvivesTheRoundTrip}).
 */
final class ParamValues {

    private ParamValues() {
    }

    /** A value of the parameter's type: usually its default, often in range, sometimes wild. */
    static Arbitrary<Object> of(ParamDef def) {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(def.defaultValue())),
                Tuple.of(3, inRange(def)),
                Tuple.of(2, wild(def.type())));
    }

    /** Any value of the type, with no regard for ranges. */
    static Arbitrary<Object> wild(ParamType type) {
        return switch (type) {
            case COUNT -> wildLongs().map(v -> v);
            case INT -> wildInts().map(v -> v);
            case REAL -> finiteDoubles().map(v -> v);
            case BOOL -> Arbitraries.of(true, false).map(v -> v);
            case PAIR -> pairs(wildInts()).map(v -> v);
            case PADDING -> paddings(wildInts()).map(v -> v);
            case SIDES -> sides(wildInts()).map(v -> v);
            case ACTIVATION -> Arbitraries.of(ActivationFunction.class).map(v -> v);
            case LOSS -> Arbitraries.of(Loss.class).map(v -> v);
            case DIMS -> wildLongs().list().ofMaxSize(4).map(l -> (Object) new Dims(l));
        };
    }

    private static Arbitrary<Object> inRange(ParamDef def) {
        double min = def.range().lowerBound().orElse(-1e9);
        double max = def.range().upperBound().orElse(1e9);
        Arbitrary<Long> longs = Arbitraries.longs().between((long) Math.ceil(min), (long) Math.floor(max));
        Arbitrary<Integer> ints = Arbitraries.integers()
                .between((int) Math.max(Integer.MIN_VALUE, Math.ceil(min)), (int) Math.min(Integer.MAX_VALUE, Math.floor(max)));
        return switch (def.type()) {
            case COUNT -> longs.map(v -> v);
            case INT -> ints.map(v -> v);
            case REAL -> Arbitraries.doubles().between(min, max).ofScale(6)
                    .filter(d -> def.range().contains(d)).map(v -> v);
            case PAIR -> pairs(ints).map(v -> v);
            case PADDING -> paddings(ints).map(v -> v);
            case SIDES -> sides(ints).map(v -> v);
            case DIMS -> longs.list().ofMinSize(1).ofMaxSize(3).map(l -> (Object) new Dims(l));
            default -> wild(def.type());
        };
    }

    static Arbitrary<Long> wildLongs() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0L, -1L, 1L, 2L, 1_000_000L, 1_000_001L, Integer.MAX_VALUE + 1L,
                        Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 2, 3_037_000_500L)),
                Tuple.of(2, Arbitraries.longs().between(-100, 100)),
                Tuple.of(1, Arbitraries.longs()));
    }

    static Arbitrary<Integer> wildInts() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0, -1, 1, 2, 4096, 4097, 1024, 1025, Integer.MAX_VALUE, Integer.MIN_VALUE, 46_341)),
                Tuple.of(2, Arbitraries.integers().between(-10, 10)),
                Tuple.of(1, Arbitraries.integers()));
    }

    /** Every finite double: special values, short decimals and arbitrary bit patterns (never -0.0). */
    static Arbitrary<Double> finiteDoubles() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(0.0, 1.0, -1.0, 0.5, 1e-5, 1e-4, 0.1, 1e15, 1e15 + 1, 1e16, 123456.789,
                        Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 9.007199254740993e15,
                        Math.ulp(1.0), 1 - Math.ulp(1.0) / 2)),
                Tuple.of(2, Arbitraries.doubles().between(-1e6, 1e6).ofScale(4)),
                Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)))
                .map(d -> d == 0.0 ? 0.0 : d);
    }

    static Arbitrary<IntPair> pairs(Arbitrary<Integer> ints) {
        return Arbitraries.oneOf(ints.map(IntPair::of), Combinators.combine(ints, ints).as(IntPair::new));
    }

    static Arbitrary<Padding> paddings(Arbitrary<Integer> ints) {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Padding.same())),
                Tuple.of(3, pairs(ints).map(Padding.Explicit::new)));
    }

    static Arbitrary<Sides> sides(Arbitrary<Integer> ints) {
        return Arbitraries.oneOf(
                ints.map(Sides::of),
                Combinators.combine(ints, ints).as(Sides::of),
                Combinators.combine(ints, ints, ints, ints).as(Sides::new));
    }

    /** A spec of the given kind with values from {@link #of(ParamDef)}. */
    static Arbitrary<LayerSpec> spec(LayerKind<?> kind) {
        if (kind.params().isEmpty()) {
            return Arbitraries.just(kind.defaults());
        }
        List<Arbitrary<Object>> values = kind.params().stream().map(ParamValues::of).toList();
        return Combinators.combine(values).as(list -> {
            Map<String, Object> given = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                given.put(kind.params().get(i).name(), list.get(i));
            }
            return kind.create(given);
        });
    }

    private static final Arbitrary<LayerSpec> SPECS = specsOnce();
    private static final Arbitrary<Map<ParamType, Object>> BAG = bagOnce();

    /** A spec of any kind; Input is more frequent so that shapes flow through random graphs. */
    static Arbitrary<LayerSpec> specs() {
        return SPECS;
    }

    private static Arbitrary<LayerSpec> specsOnce() {
        List<Arbitrary<LayerSpec>> perKind = new ArrayList<>();
        for (LayerKind<?> k : LayerKinds.all()) {
            perKind.add(spec(k));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(1, spec(LayerKinds.of(LayerSpec.Input.class))),
                Tuple.of(5, Arbitraries.oneOf(perKind)));
    }

    /** One value of every parameter type, for SetParam edits chosen later against a graph. */
    static Arbitrary<Map<ParamType, Object>> bag() {
        return BAG;
    }

    private static Arbitrary<Map<ParamType, Object>> bagOnce() {
        List<Arbitrary<Object>> values = new ArrayList<>();
        for (ParamType t : ParamType.values()) {
            values.add(Arbitraries.oneOf(wild(t), wild(t).filter(ParamValues::small)));
        }
        return Combinators.combine(values).as(list -> {
            Map<ParamType, Object> m = new EnumMap<>(ParamType.class);
            for (int i = 0; i < list.size(); i++) {
                m.put(ParamType.values()[i], list.get(i));
            }
            return m;
        });
    }

    private static boolean small(Object v) {
        if (v instanceof Long l) {
            return l > 0 && l < 1000;
        }
        if (v instanceof Integer i) {
            return i > 0 && i < 10;
        }
        return true;
    }
}
