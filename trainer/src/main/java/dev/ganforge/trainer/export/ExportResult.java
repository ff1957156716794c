package dev.ganforge.trainer.export;

import dev.ganforge.shared.model.ModelMetadata;

/**
 * An exported generator.
 *
 * @param onnx             the ONNX model bytes (metadata already in its {@code metadata_props})
 * @param metadata         what was written to the model
 * @param parityMaxAbsDiff max |DJL − ONNX Runtime| measured on this export, at most {@link ParityCheck#TOLERANCE}
 */
public record ExportResult(byte[] onnx, ModelMetadata metadata, float parityMaxAbsDiff) {
}
