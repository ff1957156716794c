package dev.ganforge.service.api;

/** Body of {@code PUT /api/v1/models/{name}/pin}. */
public record PinRequest(Long version) {
}
