package io.layerloom.model.analysis;

import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.LayerSpec.*;
import io.layerloom.model.layer.LayerVisitor;

/**
 * How a layer takes part in a chain of linear maps, for {@link DiagnosticCode#LINEAR_CHAIN}: two
 * weighted layers with nothing non-linear between them compute what one linear layer can, so the
 * first one's weights add cost and no expressive power (Goodfellow et al., Deep Learning, 6.1).
 */
final class LinearityRules implements LayerVisitor<LinearityRules.Role> {

    enum Role {
        /** Weights and an identity activation: its output is an affine map of its input. */
        LINEAR,
        /** Weights applied to its input before any activation: a linear layer before it folds into it. */
        WEIGHTED,
        /** Passes values on unchanged but for their arrangement (or a training-time mask). */
        TRANSPARENT,
        /** Anything else: a non-linearity, a normalisation, pooling, a merge. */
        OTHER
    }

    static final LinearityRules INSTANCE = new LinearityRules();

    private LinearityRules() {
    }

    static Role of(LayerSpec spec) {
        return spec.accept(INSTANCE);
    }

    private static Role weighted(ActivationFunction activation) {
        return activation == ActivationFunction.IDENTITY ? Role.LINEAR : Role.WEIGHTED;
    }

    @Override public Role input(Input s) { return Role.OTHER; }
    @Override public Role dense(Dense s) { return weighted(s.activation()); }
    @Override public Role conv2D(Conv2D s) { return weighted(s.activation()); }
    @Override public Role deconv2D(Deconv2D s) { return weighted(s.activation()); }
    @Override public Role depthwiseConv2D(DepthwiseConv2D s) { return weighted(s.activation()); }
    @Override public Role separableConv2D(SeparableConv2D s) { return weighted(s.activation()); }
    @Override public Role maxPool2D(MaxPool2D s) { return Role.OTHER; }
    @Override public Role avgPool2D(AvgPool2D s) { return Role.OTHER; }
    @Override public Role globalAvgPool(GlobalAvgPool s) { return Role.OTHER; }
    @Override public Role globalMaxPool(GlobalMaxPool s) { return Role.OTHER; }
    @Override public Role zeroPadding2D(ZeroPadding2D s) { return Role.OTHER; }
    @Override public Role cropping2D(Cropping2D s) { return Role.OTHER; }
    @Override public Role upsampling2D(Upsampling2D s) { return Role.OTHER; }
    @Override public Role batchNorm(BatchNorm s) { return Role.OTHER; }
    @Override public Role localResponseNorm(LocalResponseNorm s) { return Role.OTHER; }
    @Override public Role dropout(Dropout s) { return Role.TRANSPARENT; }
    @Override public Role activation(ActivationLayer s) {
        return s.activation() == ActivationFunction.IDENTITY ? Role.TRANSPARENT : Role.OTHER;
    }
    @Override public Role flatten(Flatten s) { return Role.TRANSPARENT; }
    @Override public Role reshape(Reshape s) { return Role.TRANSPARENT; }
    @Override public Role embedding(Embedding s) { return Role.OTHER; }
    @Override public Role simpleRnn(SimpleRNN s) { return Role.OTHER; }
    @Override public Role lstm(LSTM s) { return Role.OTHER; }
    @Override public Role add(Add s) { return Role.OTHER; }
    @Override public Role concat(Concat s) { return Role.OTHER; }
    @Override public Role multiply(Multiply s) { return Role.OTHER; }
    @Override public Role output(Output s) { return Role.WEIGHTED; }
    @Override public Role rnnOutput(RnnOutput s) { return Role.WEIGHTED; }
    @Override public Role lossLayer(LossLayer s) { return Role.OTHER; }
}
