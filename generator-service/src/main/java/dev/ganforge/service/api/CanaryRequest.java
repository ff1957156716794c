package dev.ganforge.service.api;

/**
 * Body of {@code PUT /api/v1/models/{name}/canary}.
 *
 * @param stable the version that keeps most of the traffic; the serving version when absent
 * @param canary the version that draws {@code weight} percent of requests
 * @param weight 1..99
 */
public record CanaryRequest(Long stable, Long canary, Integer weight) {
}
