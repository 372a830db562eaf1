package io.layerloom.model.analysis;

import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.Padding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConvArithmeticTest {

    @ParameterizedTest(name = "in {0}, k {1}, s {2}, p {3}, d {4} -> {5}")
    @CsvSource({
            // floor((in + 2p - d(k-1) - 1) / s) + 1
            "28, 5, 1, 0, 1, 24",
            "28, 3, 1, 1, 1, 28",
            "224, 7, 2, 3, 1, 112",
            "112, 3, 2, 1, 1, 56",
            "7, 3, 2, 0, 1, 3",
            "28, 3, 1, 0, 2, 24",
            "10, 3, 1, 0, 4, 2",
            "5, 5, 1, 0, 1, 1",
            "6, 2, 3, 0, 1, 2",
    })
    void explicitPadding(long in, int k, int s, int p, int d, long out) {
        var w = ConvArithmetic.window(in, IntPair.of(k), IntPair.of(s), IntPair.of(d), Padding.of(p), 0);
        assertEquals(out, w.out());
        assertEquals(p, w.padBefore());
    }

    @ParameterizedTest(name = "same: in {0}, k {1}, s {2}, d {3} -> {4}, pad before {5}")
    @CsvSource({
            // ceil(in / s); total padding max((out-1)s + k' - in, 0), the smaller half first
            "28, 3, 1, 1, 28, 1",
            "224, 3, 2, 1, 112, 0",
            "225, 3, 2, 1, 113, 1",
            "7, 7, 1, 1, 7, 3",
            "28, 3, 1, 2, 28, 2",
            "5, 1, 2, 1, 3, 0",
    })
    void samePadding(long in, int k, int s, int d, long out, long before) {
        var w = ConvArithmetic.window(in, IntPair.of(k), IntPair.of(s), IntPair.of(d), Padding.same(), 0);
        assertEquals(out, w.out());
        assertEquals(before, w.padBefore());
    }

    @ParameterizedTest(name = "transposed: in {0}, k {1}, s {2}, p {3} -> {4}")
    @CsvSource({
            "7, 4, 2, 1, 14",
            "14, 3, 1, 1, 14",
            "2, 3, 2, 0, 5",
            "1, 1, 1, 1, -1",
    })
    void transposed(long in, int k, int s, int p, long out) {
        assertEquals(out, ConvArithmetic.transposedOut(in, IntPair.of(k), IntPair.of(s), Padding.of(p), 0));
    }
}
