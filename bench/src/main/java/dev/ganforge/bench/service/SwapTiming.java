package dev.ganforge.bench.service;

/**
 * One hot swap.
 *
 * @param version       the version published
 * @param publishMillis how long {@code ModelPublisher.publish} took (list the topic, sign, send, broker ack)
 * @param visibleMillis from publish returning to the first response served by {@code version}
 */
public record SwapTiming(long version, double publishMillis, double visibleMillis) {
}
