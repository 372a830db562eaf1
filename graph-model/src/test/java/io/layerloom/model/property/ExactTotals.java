package io.layerloom.model.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.model.analysis.Cost;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.analysis.Totals;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The totals of an analysis recomputed with unbounded integers, from the per-node results. */
record ExactTotals(BigInteger trainable, BigInteger nonTrainable, BigInteger macs, BigInteger inputBytes,
                   BigInteger activationBytes, boolean complete) {

    private static final BigInteger BYTES = BigInteger.valueOf(GraphAnalysis.BYTES_PER_VALUE);

    static ExactTotals of(List<NodeResult> results) {
        BigInteger trainable = BigInteger.ZERO;
        BigInteger nonTrainable = BigInteger.ZERO;
        BigInteger macs = BigInteger.ZERO;
        BigInteger inputBytes = BigInteger.ZERO;
        BigInteger activations = BigInteger.ZERO;
        boolean complete = true; // an empty graph has nothing unknown: its zeros are complete
        for (NodeResult r : results) {
            if (r.output().isEmpty() || r.cost().isEmpty()) {
                complete = false;
                continue;
            }
            Cost c = r.cost().get();
            trainable = trainable.add(BigInteger.valueOf(c.trainableParams()));
            nonTrainable = nonTrainable.add(BigInteger.valueOf(c.nonTrainableParams()));
            macs = macs.add(BigInteger.valueOf(c.macs()));
            BigInteger elements = BigInteger.ONE;
            for (long d : r.output().get().dims()) {
                elements = elements.multiply(BigInteger.valueOf(d));
            }
            BigInteger bytes = elements.multiply(BYTES);
            if (r.kind().equals("Input")) {
                inputBytes = inputBytes.add(bytes);
            } else {
                activations = activations.add(bytes);
            }
        }
        return new ExactTotals(trainable, nonTrainable, macs, inputBytes, activations, complete);
    }

    /** Whether every figure fits in a long, as the analysis must report it. */
    boolean fits() {
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger params = trainable.add(nonTrainable);
        return params.multiply(BYTES).compareTo(max) <= 0 && macs.compareTo(max) <= 0
                && inputBytes.compareTo(max) <= 0 && activationBytes.shiftLeft(1).compareTo(max) <= 0;
    }

    void assertMatches(Totals t, String sample) {
        BigInteger params = trainable.add(nonTrainable);
        Map<String, BigInteger> expected = new LinkedHashMap<>();
        expected.put("params", params);
        expected.put("trainableParams", trainable);
        expected.put("nonTrainableParams", nonTrainable);
        expected.put("macs", macs);
        expected.put("inputBytes", inputBytes);
        expected.put("forwardBackwardActivationBytes", activationBytes.shiftLeft(1));
        expected.put("paramBytes", params.multiply(BYTES));
        Map<String, BigInteger> actual = new LinkedHashMap<>();
        actual.put("params", BigInteger.valueOf(t.params()));
        actual.put("trainableParams", BigInteger.valueOf(t.trainableParams()));
        actual.put("nonTrainableParams", BigInteger.valueOf(t.nonTrainableParams()));
        actual.put("macs", BigInteger.valueOf(t.macs()));
        actual.put("inputBytes", BigInteger.valueOf(t.inputBytes()));
        actual.put("forwardBackwardActivationBytes", BigInteger.valueOf(t.forwardBackwardActivationBytes()));
        actual.put("paramBytes", BigInteger.valueOf(t.paramBytes()));
        assertEquals(expected, actual, "totals (exact vs reported)" + sample);
        assertEquals(complete, t.complete(), "complete" + sample);
    }
}
