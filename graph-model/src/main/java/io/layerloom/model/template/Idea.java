package io.layerloom.model.template;

/**
 * The idea a classic network introduced, as the template gallery groups them: "Residual
 * connections", with one sentence on what it buys.
 */
public record Idea(String id, String title, String sentence) {
}
