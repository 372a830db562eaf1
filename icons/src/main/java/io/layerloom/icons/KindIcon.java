package io.layerloom.icons;

/**
 * The one list of layer kinds that have an icon, in palette order, each with its family.
 * A kind's artwork is the resource {@code io/layerloom/icons/<kind>.svg}.
 */
enum KindIcon {
    INPUT("Input", Family.CORE),
    DENSE("Dense", Family.CORE),
    CONV2D("Conv2D", Family.CONVOLUTION),
    DECONV2D("Deconv2D", Family.CONVOLUTION),
    DEPTHWISE_CONV2D("DepthwiseConv2D", Family.CONVOLUTION),
    SEPARABLE_CONV2D("SeparableConv2D", Family.CONVOLUTION),
    MAX_POOL2D("MaxPool2D", Family.POOLING),
    AVG_POOL2D("AvgPool2D", Family.POOLING),
    GLOBAL_AVG_POOL("GlobalAvgPool", Family.POOLING),
    GLOBAL_MAX_POOL("GlobalMaxPool", Family.POOLING),
    ZERO_PADDING2D("ZeroPadding2D", Family.CONVOLUTION),
    CROPPING2D("Cropping2D", Family.CONVOLUTION),
    UPSAMPLING2D("Upsampling2D", Family.CONVOLUTION),
    BATCH_NORM("BatchNorm", Family.NORMALISATION),
    LOCAL_RESPONSE_NORM("LocalResponseNorm", Family.NORMALISATION),
    DROPOUT("Dropout", Family.CORE),
    ACTIVATION("Activation", Family.CORE),
    FLATTEN("Flatten", Family.CORE),
    RESHAPE("Reshape", Family.CORE),
    EMBEDDING("Embedding", Family.CORE),
    SIMPLE_RNN("SimpleRNN", Family.RECURRENT),
    LSTM("LSTM", Family.RECURRENT),
    ADD("Add", Family.MERGE),
    CONCAT("Concat", Family.MERGE),
    MULTIPLY("Multiply", Family.MERGE),
    OUTPUT("Output", Family.OUTPUT),
    RNN_OUTPUT("RnnOutput", Family.OUTPUT);

    final String kind;
    final Family family;

    KindIcon(String kind, Family family) {
        this.kind = kind;
        this.family = family;
    }

    /** Resource name relative to this package. */
    String resourceName() {
        return kind + ".svg";
    }
}
