package io.layerloom.model.advice;

import java.util.OptionalDouble;

/**
 * One layer's part of the network: its parameters and MACs, and their shares of the totals
 * (0 to 1); with a profile, its share of the layers' measured time.
 */
public record LayerShare(String id, String kind, long params, long macs, double paramShare, double macShare,
                         OptionalDouble timeShare) {
}
