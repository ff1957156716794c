package dev.ganforge.bench.service;

import java.time.Duration;

/**
 * How one closed-loop load run is shaped: {@code concurrency} users, each sending its next request as soon as
 * the previous one answered, first for {@code warmup} (not recorded), then for {@code measure} or until
 * {@code maxRequests} recorded requests, whichever comes first.
 *
 * @param maxRequests recorded requests after which the run stops; 0 for no limit
 */
public record LoadPlan(int concurrency, Duration warmup, Duration measure, long maxRequests) {

    public LoadPlan {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, is " + concurrency);
        }
        if (warmup.isNegative() || measure.isNegative() || measure.isZero()) {
            throw new IllegalArgumentException("the measured duration must be positive and the warm-up not negative");
        }
        if (maxRequests < 0) {
            throw new IllegalArgumentException("the request limit must not be negative");
        }
    }
}
