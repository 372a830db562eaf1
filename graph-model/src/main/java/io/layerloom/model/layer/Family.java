package io.layerloom.model.layer;

/** The palette groups, in palette order. */
public enum Family {
    CORE("Core"),
    CONVOLUTION("Convolution"),
    POOLING("Pooling"),
    NORMALISATION("Normalisation"),
    RECURRENT("Recurrent"),
    MERGE("Merge"),
    OUTPUT("Output");

    private final String title;

    Family(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
