package io.layerloom.model.advice;

/**
 * The ideas the efficiency advisor knows, each with the paper it comes from and one sentence
 * saying why it saves. The figures of a suggestion are never taken from these sentences: they
 * are measured by analysing the edited graph ({@link EfficiencyAdvisor}).
 */
public enum Idea {

    DEPTHWISE_SEPARABLE("separable", "MobileNet",
            "a depthwise k x k then a pointwise 1 x 1 costs 1/k^2 + 1/C_out of a full k x k convolution"),
    BOTTLENECK("bottleneck", "Inception/ResNet",
            "a 1 x 1 convolution to a quarter of the channels before an expensive k x k convolution "
                    + "makes the k x k see 4x fewer channels"),
    GLOBAL_POOLING("global-pool", "Network in Network",
            "global average pooling instead of flattening an H x W map makes the next layer's weights "
                    + "H x W times fewer, and the network no longer fixes the input size"),
    GROUPED("grouped", "ShuffleNet",
            "a 1 x 1 convolution split into g groups costs 1/g of a full one, and a channel shuffle after it "
                    + "(no parameters, no MACs) lets the next grouped layer's groups see every group");

    private final String slug;
    private final String source;
    private final String sentence;

    Idea(String slug, String source, String sentence) {
        this.slug = slug;
        this.source = source;
        this.sentence = sentence;
    }

    /** The prefix of a suggestion's id: "separable" in "separable:conv5_1". */
    public String slug() {
        return slug;
    }

    /** The architecture the idea is known from. */
    public String source() {
        return source;
    }

    /** "MobileNet: a depthwise 3x3 then ...". */
    public String explanation() {
        return source + ": " + sentence + ".";
    }
}
