package io.layerloom.model.analysis;

/** How bad a diagnostic is: an error stops the network from being built or trained. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
