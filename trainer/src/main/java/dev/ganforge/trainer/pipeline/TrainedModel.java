package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.model.ModelMetadata;

/** What a {@link RetrainJob} produced: the ONNX generator and its metadata (metrics included). */
public record TrainedModel(byte[] onnx, ModelMetadata metadata) {
}
