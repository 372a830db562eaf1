package io.layerloom.model.layer;

import io.layerloom.model.layer.LayerSpec.*;

/**
 * One method per layer kind. Every rule over layers (shape, receptive field, parameters, DL4J
 * mapping, Java source) implements it, so adding a kind fails compilation until each rule
 * handles it.
 */
public interface LayerVisitor<R> {
    R input(Input s);
    R dense(Dense s);
    R conv2D(Conv2D s);
    R deconv2D(Deconv2D s);
    R depthwiseConv2D(DepthwiseConv2D s);
    R groupedConv2D(GroupedConv2D s);
    R separableConv2D(SeparableConv2D s);
    R maxPool2D(MaxPool2D s);
    R avgPool2D(AvgPool2D s);
    R globalAvgPool(GlobalAvgPool s);
    R globalMaxPool(GlobalMaxPool s);
    R channelShuffle(ChannelShuffle s);
    R channelSplit(ChannelSplit s);
    R zeroPadding2D(ZeroPadding2D s);
    R cropping2D(Cropping2D s);
    R upsampling2D(Upsampling2D s);
    R batchNorm(BatchNorm s);
    R localResponseNorm(LocalResponseNorm s);
    R dropout(Dropout s);
    R activation(ActivationLayer s);
    R flatten(Flatten s);
    R reshape(Reshape s);
    R embedding(Embedding s);
    R simpleRnn(SimpleRNN s);
    R lstm(LSTM s);
    R add(Add s);
    R concat(Concat s);
    R multiply(Multiply s);
    R channelScale(ChannelScale s);
    R output(Output s);
    R rnnOutput(RnnOutput s);
    R lossLayer(LossLayer s);
}
