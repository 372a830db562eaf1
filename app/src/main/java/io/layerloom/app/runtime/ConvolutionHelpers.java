package io.layerloom.app.runtime;

import io.layerloom.codegen.dl4j.Dl4jVersion;
import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;

/**
 * The layer helper (DL4J's oneDNN code) of a DL4J convolution layer, replaced or removed through
 * its protected {@code helper} field. Reason: DL4J offers no setter, and {@link FirstLayerConvolution}
 * and {@link #withoutHelperWhereDilated} need one. Removal: when both of those go, or when DL4J
 * gives {@code ConvolutionLayer} a public way to set its helper. The field is looked up when this
 * class loads, so a DL4J without it fails at the first network set up, naming the release.
 */
final class ConvolutionHelpers {

    private static final Field HELPER = helperField();

    private ConvolutionHelpers() {
    }

    static void set(ConvolutionLayer layer, ConvolutionHelper helper) {
        try {
            HELPER.set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set the helper of " + layer.conf().getLayer().getLayerName(), e);
        }
    }

    /**
     * Reason: DL4J's oneDNN helper fails on every dilated convolution (in {@link Dl4jVersion#TARGET}):
     * DL4J catches the exception, logs it with a stack trace and runs the layer on its built-in
     * code from then on. Those layers get the built-in code from the start instead: the same
     * results and speed, without the failed attempt and the stack trace in the user's terminal.
     * Removal: when DL4J's {@code MKLDNNConvHelper} accepts dilation ({@code OneDnnTrainingSetUpTest}
     * counts DL4J's own helper failing on its dilated row, and fails when it no longer does).
     */
    static ComputationGraph withoutHelperWhereDilated(ComputationGraph net) {
        for (Layer l : net.getLayers()) {
            if (l.getClass() == ConvolutionLayer.class && ((ConvolutionLayer) l).getHelper() != null) {
                int[] dilation = ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l.conf().getLayer()).getDilation();
                if (dilation[0] != 1 || dilation[1] != 1) {
                    set((ConvolutionLayer) l, null);
                }
            }
        }
        return net;
    }

    private static Field helperField() {
        try {
            Field f = ConvolutionLayer.class.getDeclaredField("helper");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's ConvolutionLayer has no 'helper' field: this DL4J version is not "
                    + "the one LayerLoom's training set-up was written for (" + Dl4jVersion.TARGET + ")", e);
        }
    }
}
