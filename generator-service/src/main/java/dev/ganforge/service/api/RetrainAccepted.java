package dev.ganforge.service.api;

/** Answer to a retrain request: the CloudEvent id to look for on {@code ganforge.training.events}. */
public record RetrainAccepted(String id, String type, String topic) {
}
