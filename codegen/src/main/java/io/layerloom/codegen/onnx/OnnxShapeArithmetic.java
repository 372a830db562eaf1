package io.layerloom.codegen.onnx;

import io.layerloom.codegen.onnx.OnnxAttributeReader.Refusal;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What PyTorch's exporter writes beside an LSTM that computes no layer: shape arithmetic (Shape of
 * a tensor, Gather, Unsqueeze, Concat of it) whose only use is the size of a zero initial state
 * (Expand of zeros, ConstantOfShape 0), and Slice, Concat and Unsqueeze of constants (the gate
 * reordering of an export without constant folding), computed here into constants.
 */
final class OnnxShapeArithmetic {

    private final OnnxLayerBuilder b;
    /** Tensors that hold shape arithmetic (Shape of a tensor, and Gather, Unsqueeze, Concat of it). */
    final Set<String> shapes = new HashSet<>();
    /** Tensors known to be all zeros (an initial state Expand-ed from a zero constant). */
    final Set<String> zeros = new HashSet<>();

    OnnxShapeArithmetic(OnnxLayerBuilder b) {
        this.b = b;
    }

    /** Unsqueeze of a constant, computed; of shape arithmetic, shape arithmetic. */
    void unsqueeze(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("axes");
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        if (!b.constants.containsKey(x)) {
            shapeOnly(n);
            return;
        }
        long[] axes = n.inputs().size() > 1 && !n.inputs().get(1).isEmpty() ? longs(b, n, 1)
            : n.attribute("axes").orElse(null) instanceof OnnxAttribute.IntList l
                ? l.values().stream().mapToLong(Long::longValue).toArray() : new long[0];
        int rank = b.constants.get(x).dims().size() + axes.length;
        for (long axis : axes) {
            if (axis < -rank || axis >= rank) {
                throw new Refusal("axis " + axis + " is outside the " + rank + " axes of the result.");
            }
        }
        b.constants.put(n.outputs().get(0), OnnxConstantFolding.unsqueeze(n.outputs().get(0), b.constants.get(x), axes));
    }

    void constantOfShape(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow("value");
        OnnxAttribute value = n.attribute("value").orElse(null);
        if (value != null && !(value instanceof OnnxAttribute.TensorValue v && allZero(v.value()))) {
            throw new Refusal("a value other than 0; the import maps ConstantOfShape only as an LSTM's zero"
                + " initial state.");
        }
        zeros.add(n.outputs().get(0));
    }

    /** Squeeze, Gather and the like of anything but a sequence: mapped on shape arithmetic only. */
    void shapeOnly(OnnxNode n) throws Refusal {
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        if (shapes.contains(x) || (b.constants.containsKey(x) && b.constants.get(x).elementType()
            == OnnxElementType.INT64)) {
            shapes.add(n.outputs().get(0));
            return;
        }
        throw new Refusal("the import maps " + n.opType() + " only on an LSTM's output and in shape arithmetic (an"
            + " LSTM's initial state), and '" + Text.display(x) + "' is neither.");
    }

    static long[] longs(OnnxLayerBuilder b, OnnxNode n, int position) throws Refusal {
        OnnxTensor t = b.constant(n, position);
        if (t.elementType() != OnnxElementType.INT64 || t.dims().size() > 1) {
            throw new Refusal("input " + position + " '" + Text.display(t.name()) + "' is " + t.elementType() + " "
                + t.dims() + "; ONNX needs an int64 list there.");
        }
        long[] v = new long[(int) t.size()];
        t.longData().get(v);
        return v;
    }

    /** Concat of constants is computed (PyTorch's gate reordering); with shape arithmetic in it, it is shape arithmetic. */
    void concat(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        long axis = a.allow("axis").integer("axis", 0);
        if (n.inputs().stream().anyMatch(shapes::contains)) {
            shapes.add(n.outputs().get(0));
            return;
        }
        List<OnnxTensor> parts = new ArrayList<>();
        for (String t : n.inputs()) {
            parts.add(b.constants.get(t));
        }
        OnnxTensor first = parts.get(0);
        int rank = first.dims().size();
        int k = (int) (axis < 0 ? axis + rank : axis);
        for (OnnxTensor p : parts) {
            boolean fits = p.elementType() == first.elementType() && p.dims().size() == rank && k >= 0 && k < rank;
            for (int i = 0; fits && i < rank; i++) {
                fits = i == k || p.dims().get(i).equals(first.dims().get(i));
            }
            if (!fits) {
                throw new Refusal("constants " + parts.stream().map(c -> c.elementType() + " " + c.dims()).toList()
                    + " do not join on axis " + axis + ".");
            }
        }
        b.constants.put(n.outputs().get(0), OnnxConstantFolding.concat(n.outputs().get(0), parts, k));
    }

    /** A Slice of a constant, computed: steps of 1 only. */
    void sliceConstant(OnnxNode n, OnnxTensor t) throws Refusal {
        long[] starts = longs(b, n, 1);
        long[] ends = longs(b, n, 2);
        long[] axes = n.inputs().size() > 3 && !n.inputs().get(3).isEmpty() ? longs(b, n, 3) : null;
        long[] steps = n.inputs().size() > 4 && !n.inputs().get(4).isEmpty() ? longs(b, n, 4) : null;
        int rank = t.dims().size();
        OnnxTensor out = t;
        for (int j = 0; j < starts.length; j++) {
            long axis = axes == null ? j : axes[j];
            int k = (int) (axis < 0 ? axis + rank : axis);
            if (ends.length != starts.length || (axes != null && axes.length != starts.length) || k < 0 || k >= rank
                || (steps != null && (steps.length != starts.length || steps[j] != 1))) {
                throw new Refusal("slices constant '" + Text.display(t.name()) + "' " + t.dims() + " with starts "
                    + java.util.Arrays.toString(starts) + ", ends " + java.util.Arrays.toString(ends) + ", axes "
                    + java.util.Arrays.toString(axes) + ", steps " + java.util.Arrays.toString(steps) + "; the import"
                    + " computes Slices of constants with step 1 only.");
            }
            long size = out.dims().get(k);
            long lo = Math.max(0, Math.min(size, starts[j] < 0 ? starts[j] + size : starts[j]));
            long hi = Math.max(lo, Math.min(size, ends[j] < 0 ? ends[j] + size : ends[j]));
            out = OnnxConstantFolding.slice(n.outputs().get(0), out, k, lo, hi);
        }
        b.constants.put(n.outputs().get(0), out);
    }

    void expand(OnnxNode n, OnnxAttributeReader a) throws Refusal {
        a.allow();
        String x = n.inputs().isEmpty() ? "" : n.inputs().get(0);
        String shape = n.inputs().size() > 1 ? n.inputs().get(1) : "";
        boolean zero = zeros.contains(x) || (b.constants.containsKey(x) && allZero(b.constants.get(x)));
        if (!zero || !(shapes.contains(shape) || b.constants.containsKey(shape))) {
            throw new Refusal("the import maps Expand only of zeros to a shape (an LSTM's zero initial state), and '"
                + Text.display(x) + "' is not a constant of zeros.");
        }
        zeros.add(n.outputs().get(0));
    }

    static boolean allZero(OnnxTensor t) {
        if (t.elementType() == OnnxElementType.FLOAT) {
            for (float f : t.floatArray()) {
                if (f != 0) {
                    return false;
                }
            }
            return true;
        }
        long[] v = new long[(int) t.size()];
        t.longData().get(v);
        return java.util.Arrays.stream(v).allMatch(x -> x == 0);
    }
}
